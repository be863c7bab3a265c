/* mkdocs-paperdiary, geometry: hulls and cores of clusters, ranges at one scale on both
 * axes, the view as drawn, and the nearest point in a direction (for the arrow keys). */
(function (pd) {
  "use strict";
  if (pd.geometry) return;

  var CORE_SHARE = 0.85; // an outline wraps the papers nearest its cluster's centre, not outliers

  function cross(o, a, b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  function extendChain(chain, p) {
    // Drop points that would make a clockwise (or straight) turn.
    while (chain.length >= 2 && cross(chain[chain.length - 2], chain[chain.length - 1], p) <= 0) {
      chain.pop();
    }
    chain.push(p);
  }

  function convexHull(points) {
    // Andrew's monotone chain; returns the hull in order, or [] when it is degenerate.
    var pts = points.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var lower = [], upper = [];
    pts.forEach(function (p) { extendChain(lower, p); });
    pts.reverse().forEach(function (p) { extendChain(upper, p); });
    var hull = lower.slice(0, -1).concat(upper.slice(0, -1));
    return hull.length >= 3 ? hull : [];
  }

  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  function core(points) {
    // The share of a cluster's points nearest its median: its outline and label leave
    // stragglers out, so outlines of neighbouring regions barely overlap.
    var at = [median(points.map(function (p) { return p[0]; })), median(points.map(function (p) { return p[1]; }))];
    var keep = Math.max(3, Math.ceil(points.length * CORE_SHARE));
    var near = points.slice().sort(function (a, b) {
      return Math.hypot(a[0] - at[0], a[1] - at[1]) - Math.hypot(b[0] - at[0], b[1] - at[1]);
    }).slice(0, keep);
    return { at: at, points: near };
  }

  function bounds(points) {
    // [xmin, xmax, ymin, ymax] of [x, y] pairs.
    var box = [Infinity, -Infinity, Infinity, -Infinity];
    points.forEach(function (p) {
      box[0] = Math.min(box[0], p[0]); box[1] = Math.max(box[1], p[0]);
      box[2] = Math.min(box[2], p[1]); box[3] = Math.max(box[3], p[1]);
    });
    return box;
  }

  function fitRanges(box, width, height) {
    // Ranges that show every point with room for labels at one scale on both axes.
    var pad = 0.08 * Math.max(box[1] - box[0], box[3] - box[2], 1e-6);
    var dx = box[1] - box[0] + 2 * pad, dy = box[3] - box[2] + 2 * pad;
    var scale = Math.min(width / dx, height / dy);
    var cx = (box[0] + box[1]) / 2, cy = (box[2] + box[3]) / 2;
    var hx = width / scale / 2, hy = height / scale / 2;
    return { x: [cx - hx, cx + hx], y: [cy - hy, cy + hy] };
  }

  function currentView(gd, full) {
    // The axes as drawn (Plotly keeps one scale on both: `scaleanchor`); `zoom` is the
    // share of the whole map's width the view spans.
    var xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    var span = Math.max(xa.range[1] - xa.range[0], 1e-9);
    return {
      x: xa.range.slice(), y: ya.range.slice(), width: xa._length, height: ya._length,
      scale: xa._length / span, zoom: span / (full.x[1] - full.x[0])
    };
  }

  function inView(view, p) {
    return p[0] >= view.x[0] && p[0] <= view.x[1] && p[1] >= view.y[0] && p[1] <= view.y[1];
  }

  var DIRECTIONS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

  function nearestInDirection(from, points, key, skip) {
    // The index of the point closest to `from` within 45 degrees of the arrow's direction,
    // or, when none is, the closest anywhere on that side; -1 when nothing lies that way.
    var dir = DIRECTIONS[key], best = -1, bestCost = Infinity, bestSide = -1, sideCost = Infinity;
    points.forEach(function (p, i) {
      if (i === skip || !p) return;
      var dx = p[0] - from[0], dy = p[1] - from[1];
      var along = dx * dir[0] + dy * dir[1], across = Math.abs(dx * dir[1] - dy * dir[0]);
      if (along <= 0) return;
      var cost = along + 2 * across;
      if (across <= along && cost < bestCost) { best = i; bestCost = cost; }
      if (cost < sideCost) { bestSide = i; sideCost = cost; }
    });
    return best >= 0 ? best : bestSide;
  }

  pd.geometry = {
    convexHull: convexHull, core: core, bounds: bounds, fitRanges: fitRanges, currentView: currentView,
    inView: inView, nearestInDirection: nearestInDirection, DIRECTIONS: DIRECTIONS
  };
})(window.PaperDiary = window.PaperDiary || {});
