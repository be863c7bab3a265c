/* mkdocs-paperdiary, labels: region and sub-topic names placed greedily where they fit,
 * never over one another, sized by the region's size; finer names appear as you zoom. */
(function (pd) {
  "use strict";
  if (pd.labels) return;

  var NARROW = 600; // px of plot width: below this, a phone's smaller labels
  var ZOOM_FOR_TOPICS = 0.6; // sub-topic labels grow once the view spans less than this of the map
  var measure = document.createElement("canvas").getContext("2d");

  function textWidth(text, size, family) {
    measure.font = "bold " + size + "px " + family;
    return measure.measureText(text).width;
  }

  function labelLines(name, size, family, maxWidth) {
    // A long "A · B" name goes on two lines where one would be wider than the plot allows.
    var parts = String(name).split(" · ");
    if (parts.length > 1 && textWidth(name, size, family) > maxWidth) return parts;
    return [String(name)];
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function candidates(layer, view) {
    // Regions, biggest first; sub-topics follow once the view is zoomed in.
    var out = [];
    var largest = 1;
    layer.regions.forEach(function (g) { largest = Math.max(largest, g.indices.length); });
    var small = view.width < NARROW; // a phone: smaller type, so more labels fit
    layer.regions.forEach(function (g) {
      if (!g.name) return;
      var share = Math.sqrt(g.indices.length / largest);
      out.push({
        name: g.name, at: g.core.at, size: Math.round(small ? 10 + 3 * share : 11 + 6 * share),
        weight: g.indices.length, level: 0, id: g.id
      });
    });
    // Sub-topics come after every region, and where they fit: more of them as you zoom in.
    var regionNames = out.map(function (label) { return label.name; });
    layer.subtopics.forEach(function (g) {
      if (g.name && regionNames.indexOf(g.name) < 0) {
        out.push({ name: g.name, at: g.core.at, size: view.zoom < ZOOM_FOR_TOPICS ? 12 : 11, weight: g.indices.length, level: 1, id: g.id });
      }
    });
    return out.sort(function (a, b) { return a.level - b.level || b.weight - a.weight; });
  }

  function place(layer, t, view, focused, keepClear) {
    // Greedy, as map makers do: each label at its region's core, or nudged around it,
    // inside the plot, never over a label already placed; those that do not fit wait for
    // a zoom. Positions are worked out in pixels, then turned back into data units.
    // `focused`: the region whose label is ringed; `keepClear`: a point no label may cover.
    // Returns Plotly annotations and, per annotation, the group it names and its box in
    // pixels of the plot area ({level, id, box}).
    var placed = [], annotations = [], targets = [];
    var px = function (x) { return (x - view.x[0]) * view.scale; };
    var py = function (y) { return (view.y[1] - y) * view.scale; };
    if (keepClear) {
      // The paper with the keyboard focus: its ring stays in sight, labels go round it.
      var kx = px(keepClear[0]), ky = py(keepClear[1]);
      placed.push({ x0: kx - 12, x1: kx + 12, y0: ky - 12, y1: ky + 12 });
    }
    candidates(layer, view).forEach(function (label) {
      var lines = labelLines(label.name, label.size, t.family, 0.6 * view.width);
      var w = Math.max.apply(null, lines.map(function (line) { return textWidth(line, label.size, t.family); })) + 8;
      var h = lines.length * label.size * 1.25 + 6;
      var cx = px(label.at[0]), cy = py(label.at[1]);
      if (cx < 0 || cx > view.width || cy < 0 || cy > view.height) return;
      var tries = [[0, 0], [0, -h], [0, h], [-w / 2, 0], [w / 2, 0], [0, -2 * h], [0, 2 * h]];
      for (var k = 0; k < tries.length; k++) {
        var x = Math.min(Math.max(cx + tries[k][0], w / 2 + 2), view.width - w / 2 - 2);
        var y = Math.min(Math.max(cy + tries[k][1], h / 2 + 2), view.height - h / 2 - 2);
        var box = { x0: x - w / 2, x1: x + w / 2, y0: y - h / 2, y1: y + h / 2 };
        if (w > view.width - 4 || h > view.height - 4) break;
        if (placed.some(function (other) { return overlaps(box, other); })) continue;
        placed.push(box);
        var ringed = focused && focused.level === label.level && focused.id === label.id;
        annotations.push({
          x: view.x[0] + x / view.scale, y: view.y[1] - y / view.scale,
          xanchor: "center", yanchor: "middle",
          text: lines.map(function (line) { return "<b>" + pd.theme.esc(line) + "</b>"; }).join("<br>"),
          showarrow: false, borderpad: 2,
          bordercolor: ringed ? t.fg : "rgba(0,0,0,0)", borderwidth: ringed ? 2 : 1,
          font: { color: label.level ? t.muted : t.fg, size: label.size, family: t.family },
          bgcolor: pd.theme.withAlpha(t.bg, 0.78)
        });
        targets.push({ level: label.level, id: label.id, box: box });
        break;
      }
    });
    return { annotations: annotations, targets: targets };
  }

  pd.labels = { place: place, NARROW: NARROW };
})(window.PaperDiary = window.PaperDiary || {});
