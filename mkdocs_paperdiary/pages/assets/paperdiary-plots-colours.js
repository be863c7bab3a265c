/* mkdocs-paperdiary, colours: the palette, and one colour per cluster with neighbouring
 * regions far apart. */
(function (pd) {
  "use strict";
  if (pd.colours) return;

  // The first eight are safe for common colour blindness (Okabe-Ito without black, then
  // Tol's olive); the rest keep up to twenty clusters apart.
  var PALETTE = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999933",
    "#882255", "#44aa99", "#aa4499", "#117733", "#ddcc77", "#88ccee", "#cc6677", "#9c755f",
    "#4e79a7", "#ff9da7", "#b07aa1", "#76b7b2"
  ];
  var SAFE_COLOURS = 8;
  var DISTINCT = 250; // "redmean" distance (0-765) below which two neighbouring colours look alike
  var NOISE_COLOUR = "#9e9e9e";

  function rgb(hex) {
    var n = parseInt(hex.slice(1), 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }

  function colourDistance(a, b) {
    // "Redmean": a cheap distance close to how different two colours look.
    var x = rgb(a), y = rgb(b), r = (x[0] + y[0]) / 2;
    var d = [x[0] - y[0], x[1] - y[1], x[2] - y[2]];
    return Math.sqrt((2 + r / 256) * d[0] * d[0] + 4 * d[1] * d[1] + (2 + (255 - r) / 256) * d[2] * d[2]);
  }

  function neighbours(centres) {
    // Clusters whose cores come close: the nearest three by centre distance.
    var out = new Map();
    centres.forEach(function (a, id) {
      var others = [];
      centres.forEach(function (b, other) {
        if (other !== id) others.push([Math.hypot(a[0] - b[0], a[1] - b[1]), other]);
      });
      others.sort(function (u, v) { return u[0] - v[0]; });
      out.set(id, others.slice(0, 3).map(function (o) { return o[1]; }));
    });
    return out;
  }

  function assignColours(centres) {
    // `centres`: cluster id -> the centre of its core. Biggest cluster first, each takes the
    // first unused colour (palette order) that is far enough from its coloured neighbours,
    // else the farthest one; up to eight clusters use only the colour-blind-safe eight.
    var ids = Array.from(centres.keys()).sort(function (a, b) { return a - b; });
    var pool = PALETTE.slice(0, ids.length <= SAFE_COLOURS ? SAFE_COLOURS : PALETTE.length);
    var near = neighbours(centres);
    var colours = {};
    ids.forEach(function (id) {
      var free = pool.filter(function (c) { return Object.values(colours).indexOf(c) < 0; });
      if (!free.length) free = pool;
      var used = (near.get(id) || []).concat(Array.from(near.keys()).filter(function (other) {
        return (near.get(other) || []).indexOf(id) >= 0;
      })).map(function (other) { return colours[other]; }).filter(Boolean);
      var distance = function (c) {
        return used.length ? Math.min.apply(null, used.map(function (u) { return colourDistance(c, u); })) : Infinity;
      };
      var best = free.find(function (c) { return distance(c) >= DISTINCT; });
      if (!best) best = free.reduce(function (a, b) { return distance(b) > distance(a) ? b : a; });
      colours[id] = best;
    });
    colours[-1] = NOISE_COLOUR;
    return colours;
  }

  pd.colours = { PALETTE: PALETTE, assignColours: assignColours };
})(window.PaperDiary = window.PaperDiary || {});
