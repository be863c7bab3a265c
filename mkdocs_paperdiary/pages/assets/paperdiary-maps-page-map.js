/* mkdocs-paperdiary: the entry of a page with a paper map (after the theme, colours,
 * geometry, labels, data, traces, keys, map and life scripts). */
window.PaperDiary.life.boot("map", window.PaperDiary.map.render);
