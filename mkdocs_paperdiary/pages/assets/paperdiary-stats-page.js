/* mkdocs-paperdiary: the entry of a page with reading stats (after the theme, colours,
 * data, stats and life scripts). Material's instant navigation inserts a page's scripts anew,
 * and each runs when it arrives, not in order: the entry waits for the others (up to a minute). */
(function boot(tries) {
  var pd = window.PaperDiary || {};
  var ready = ["theme", "colours", "data", "stats", "life"].every(function (name) { return pd[name]; });
  if (ready) return pd.life.boot("stats", pd.stats.render);
  if (tries < 1200) setTimeout(boot, 50, tries + 1);
})(0);
