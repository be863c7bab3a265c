/* mkdocs-paperdiary: the entry of a page with reading stats (after the theme, colours,
 * data, stats and life scripts). */
window.PaperDiary.life.boot("stats", window.PaperDiary.stats.render);
