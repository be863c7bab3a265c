/* mkdocs-paperdiary: the entry of a page with a paper map (after the theme, colours,
 * geometry, labels, data, traces, keys, map and life scripts). Material's instant navigation
 * inserts a page's scripts anew, and each runs when it arrives, not in order: the entry waits
 * for the others (up to a minute). */
(function boot(tries) {
  var pd = window.PaperDiary || {};
  var parts = ["theme", "colours", "geometry", "labels", "data", "traces", "keys", "map", "life"];
  if (parts.every(function (name) { return pd[name]; })) return pd.life.boot("map", pd.map.render);
  if (tries < 1200) setTimeout(boot, 50, tries + 1);
})(0);
