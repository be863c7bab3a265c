/* mkdocs-paperdiary: draws the paper map and the reading stats with Plotly.
 *
 * Every `.paperdiary-map` / `.paperdiary-stats` container carries its data as JSON in
 * its `data-paperdiary` attribute (not in a <script>: Material's instant navigation
 * re-runs every script in the content as JavaScript). This file may run many times (one
 * copy per fragment, and again after each instant navigation), so it defines one global
 * the first time and afterwards only asks it to render new containers.
 *
 * All text from the diary goes through `esc` before Plotly sees it: Plotly renders a
 * subset of HTML in hover labels, legends and annotations.
 */
(function () {
  "use strict";

  if (window.PaperDiary) {
    window.PaperDiary.renderAll();
    return;
  }

  // The first eight are safe for common colour blindness (Okabe-Ito without black, then
  // Tol's olive); the rest keep up to twenty clusters apart. Neighbouring regions get
  // colours far apart (see `assignColours`).
  var PALETTE = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999933",
    "#882255", "#44aa99", "#aa4499", "#117733", "#ddcc77", "#88ccee", "#cc6677", "#9c755f",
    "#4e79a7", "#ff9da7", "#b07aa1", "#76b7b2"
  ];
  var SAFE_COLOURS = 8;
  var DISTINCT = 250; // "redmean" distance (0-765) below which two neighbouring colours look alike
  var NOISE_COLOUR = "#9e9e9e";
  var DIM = 0.12;
  var PLOTLY_WAIT_MS = 30000;
  var WEBGL_FROM = 1500; // points; above this SVG markers make hover and zoom sluggish
  var CORE_SHARE = 0.85; // an outline wraps the papers nearest its cluster's centre, not outliers
  var NARROW = 600; // px of plot width: below this, a phone's smaller labels and shorter legend
  var LEGEND_MAX_NARROW = 6; // clusters a legend lists on a narrow plot
  var ZOOM_FOR_TOPICS = 0.6; // sub-topic labels grow once the view spans less than this of the map
  var live = new Map(); // graph div -> redraw(), for palette changes and cleanup

  function esc(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/[\r\n]+/g, " ");
  }

  function readData(container) {
    try {
      return JSON.parse(container.getAttribute("data-paperdiary"));
    } catch (err) {
      console.error("paperdiary: cannot read plot data", err);
      return null;
    }
  }

  // --- theme -------------------------------------------------------------------------

  function cssColour(el, expression) {
    // A probe turns any CSS colour (variables, hsla, keywords) into the rgb() Plotly reads.
    var probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = expression;
    el.appendChild(probe);
    var colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }

  function transparent(colour) {
    return !colour || colour === "transparent" || /rgba\(.*,\s*0\)$/.test(colour);
  }

  function pageBackground(el) {
    for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
      var bg = getComputedStyle(node).backgroundColor;
      if (!transparent(bg)) return bg;
    }
    return "#ffffff";
  }

  function theme(el) {
    var bg = cssColour(el, "var(--md-default-bg-color, " + pageBackground(el) + ")");
    return {
      fg: cssColour(el, "var(--md-typeset-color, currentColor)"),
      muted: cssColour(el, "var(--md-default-fg-color--light, currentColor)"),
      grid: cssColour(el, "var(--md-default-fg-color--lightest, rgba(128, 128, 128, 0.2))"),
      bg: bg,
      family: getComputedStyle(el).fontFamily || "sans-serif",
      accent: cssColour(el, "var(--md-accent-fg-color, var(--md-primary-fg-color, #0072b2))")
    };
  }

  function withAlpha(colour, alpha) {
    var hex = /^#([0-9a-f]{6})$/i.exec(colour);
    if (hex) {
      var n = parseInt(hex[1], 16);
      return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
    }
    var rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(colour);
    return rgb ? "rgba(" + rgb[1] + "," + rgb[2] + "," + rgb[3] + "," + alpha + ")" : colour;
  }

  function baseLayout(t) {
    return {
      font: { color: t.fg, family: t.family },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      hoverlabel: { bgcolor: t.bg, bordercolor: t.muted, font: { color: t.fg } },
      legend: { orientation: "h", x: 0, y: -0.05, yanchor: "top" },
      margin: { l: 40, r: 10, t: 10, b: 10 }
    };
  }

  function plotConfig() {
    return {
      responsive: true,
      displaylogo: false,
      typesetMath: false, // titles with $...$ stay text even when MathJax is on the page
      scrollZoom: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d"]
    };
  }

  function coarsePointer() {
    return window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  }

  // --- links -------------------------------------------------------------------------

  function safeHref(base, page) {
    if (!page) return null;
    var url;
    try {
      url = new URL(base + page, location.href);
    } catch (err) {
      return null;
    }
    if (["http:", "https:", "file:"].indexOf(url.protocol) < 0) return null;
    if (url.protocol !== location.protocol) return null;
    if (url.protocol !== "file:" && url.origin !== location.origin) return null;
    // Directory URLs do not resolve to index.html when browsing files offline.
    if (url.protocol === "file:" && url.pathname.slice(-1) === "/") url.pathname += "index.html";
    return url.href;
  }

  function follow(href, event) {
    if (event && (event.ctrlKey || event.metaKey || event.button === 1)) {
      window.open(href, "_blank", "noopener");
    } else {
      location.assign(href);
    }
  }

  // --- map geometry ------------------------------------------------------------------

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

  // --- the map's data ----------------------------------------------------------------

  function prepare(data) {
    // Topic names and reading order back on the points, names by projection and id, and each
    // paper's links both ways (cites and backlinks).
    var order = 0;
    data.points.forEach(function (p) {
      p.topic = (data.topic_names || [])[p.t];
      if (p.date) p.order = order++; // the points come in reading order
    });
    data.regions = data.clusters.map(rowsById);
    data.subtopics = (data.topics || []).map(rowsById);
    data.links = data.points.map(function () { return []; });
    data.points.forEach(function (p, i) {
      (p.l || []).forEach(function (j) {
        if (data.links[j] && data.links[i].indexOf(j) < 0) {
          data.links[i].push(j);
          data.links[j].push(i);
        }
      });
    });
    return data;
  }

  function rowsById(rows) {
    var out = {};
    (rows || []).forEach(function (row) { out[row[0]] = { id: row[0], name: row[1], size: row[2] }; });
    return out;
  }

  function clusterOf(data, p, state) {
    return p.c ? p.c[state.p] : -1;
  }

  function clusterName(data, p, state) {
    var info = data.regions[state.p][clusterOf(data, p, state)];
    return info ? info.name : "";
  }

  function members(data, state, field) {
    // Points (positions in the current projection) of each cluster or sub-topic.
    var out = new Map();
    data.points.forEach(function (p) {
      var id = p[field] ? p[field][state.p] : -1;
      if (id == null || id < 0) return;
      if (!out.has(id)) out.set(id, []);
      out.get(id).push(p[state.projection]);
    });
    return out;
  }

  // --- colours -----------------------------------------------------------------------

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

  function neighbours(groups) {
    // Clusters whose cores come close: the nearest three by centre distance.
    var centres = new Map();
    groups.forEach(function (pts, id) { centres.set(id, core(pts).at); });
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

  function assignColours(groups) {
    // Biggest cluster first, each takes the first unused colour (palette order) that is far
    // enough from its coloured neighbours, else the farthest one; up to eight clusters use
    // only the colour-blind-safe eight.
    var ids = Array.from(groups.keys()).sort(function (a, b) { return a - b; });
    var pool = PALETTE.slice(0, ids.length <= SAFE_COLOURS ? SAFE_COLOURS : PALETTE.length);
    var near = neighbours(groups);
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

  // --- traces ------------------------------------------------------------------------

  function groupsOf(data, state, colours) {
    var groups = new Map();
    data.points.forEach(function (p, index) {
      var cluster = clusterOf(data, p, state);
      var key = state.colourBy === "topic" ? "topic:" + p.topic : "cluster:" + cluster;
      if (!groups.has(key)) {
        groups.set(key, {
          key: key,
          name: state.colourBy === "topic" ? p.topic : clusterName(data, p, state) || "Other",
          colour: state.colourBy === "topic" ? null : colours[cluster],
          cluster: cluster,
          indices: []
        });
      }
      groups.get(key).indices.push(index);
    });
    var list = Array.from(groups.values());
    if (state.colourBy === "topic") {
      list.sort(function (a, b) { return String(a.name).localeCompare(String(b.name)); });
      list.forEach(function (g, i) { g.colour = PALETTE[i % PALETTE.length]; });
    } else {
      list.sort(function (a, b) { return (a.cluster < 0) - (b.cluster < 0) || a.cluster - b.cluster; });
    }
    // Plotly turns uids into CSS class names, so they must be plain identifiers.
    list.forEach(function (g, i) { g.uid = "pts-" + state.colourBy + "-" + i; });
    return list;
  }

  function matches(data, point, state) {
    if (!state.query) return true;
    return [point.title, point.topic, clusterName(data, point, state)].some(function (text) {
      return String(text || "").toLowerCase().indexOf(state.query) >= 0;
    });
  }

  function hoverText(data, p, state) {
    var details = [p.date, p.topic].filter(Boolean).map(esc).join(" · ");
    var links = data.links[data.points.indexOf(p)].length;
    return "<b>" + esc(p.title) + "</b>" + (details ? "<br>" + details : "") +
      "<br>Cluster: " + esc(clusterName(data, p, state)) +
      (links ? "<br>" + links + (links === 1 ? " linked paper" : " linked papers") : "");
  }

  function markerSize(data) {
    return data.points.length > 1000 ? 6 : data.points.length > 300 ? 8 : 10;
  }

  function highlight(data, state, indices) {
    // Marker sizes and opacities for a search: matches stand out, the rest fade.
    var size = markerSize(data);
    var hits = indices.map(function (i) { return matches(data, data.points[i], state); });
    return {
      size: hits.map(function (hit) { return state.query && hit ? size + 3 : size; }),
      opacity: hits.map(function (hit) { return hit ? 0.9 : DIM; })
    };
  }

  function pointTraces(data, state, t, colours) {
    var type = data.points.length > WEBGL_FROM ? "scattergl" : "scatter";
    var size = markerSize(data);
    return groupsOf(data, state, colours).map(function (g) {
      var marks = highlight(data, state, g.indices);
      return {
        type: type,
        mode: "markers",
        uid: g.uid,
        name: esc(g.name) + " (" + g.indices.length + ")",
        x: g.indices.map(function (i) { return data.points[i][state.projection][0]; }),
        y: g.indices.map(function (i) { return data.points[i][state.projection][1]; }),
        customdata: g.indices,
        hovertext: g.indices.map(function (i) { return hoverText(data, data.points[i], state); }),
        hoverinfo: "text",
        marker: {
          color: g.colour, size: marks.size, opacity: marks.opacity,
          line: { width: size > 6 ? 1 : 0, color: t.bg }
        }
      };
    });
  }

  function outlineTraces(data, state, colours) {
    var out = [];
    if (!state.hulls || state.colourBy !== "cluster") return out;
    members(data, state, "c").forEach(function (pts, id) {
      var hull = convexHull(core(pts).points);
      if (!hull.length) return;
      hull.push(hull[0]);
      out.push({
        type: "scatter", mode: "lines", uid: "hull-" + out.length, showlegend: false,
        hoverinfo: "skip", fill: "toself",
        fillcolor: withAlpha(colours[id], 0.1),
        line: { color: withAlpha(colours[id], 0.55), width: 1.5, shape: "spline", smoothing: 0.6 },
        x: hull.map(function (p) { return p[0]; }),
        y: hull.map(function (p) { return p[1]; })
      });
    });
    return out;
  }

  function orderTrace(data, state, t) {
    var ordered = data.points.filter(function (p) { return p.order != null; })
      .sort(function (a, b) { return a.order - b.order; });
    if (ordered.length < 2) return [];
    return [{
      type: "scatter", mode: "lines", uid: "order", name: "Reading order",
      visible: "legendonly", hoverinfo: "skip",
      line: { dash: "dash", width: 1, color: t.muted },
      x: ordered.map(function (p) { return p[state.projection][0]; }),
      y: ordered.map(function (p) { return p[state.projection][1]; })
    }];
  }

  function edgeTrace(t) {
    // Filled on hover or selection with lines to the papers a paper cites or is cited by.
    return {
      type: "scatter", mode: "lines", uid: "edges", showlegend: false, hoverinfo: "skip",
      line: { color: withAlpha(t.fg, 0.7), width: 1.5 }, x: [], y: []
    };
  }

  function selectedTrace(t) {
    return {
      type: "scatter", mode: "markers", uid: "selected", showlegend: false, hoverinfo: "skip",
      marker: { size: 18, color: "rgba(0,0,0,0)", line: { width: 3, color: t.fg } }, x: [], y: []
    };
  }

  function edgesOf(data, state, index) {
    var from = data.points[index][state.projection], xs = [], ys = [];
    data.links[index].forEach(function (j) {
      var to = data.points[j][state.projection];
      xs.push(from[0], to[0], null);
      ys.push(from[1], to[1], null);
    });
    return { x: xs, y: ys };
  }

  // --- the view: equal scales, labels that never collide ---------------------------

  function bounds(data, state) {
    var xs = data.points.map(function (p) { return p[state.projection][0]; });
    var ys = data.points.map(function (p) { return p[state.projection][1]; });
    return [Math.min.apply(null, xs), Math.max.apply(null, xs), Math.min.apply(null, ys), Math.max.apply(null, ys)];
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

  function labelCandidates(data, state, view) {
    // Regions, biggest first; sub-topics follow once the view is zoomed in.
    var out = [];
    var largest = 1;
    members(data, state, "c").forEach(function (pts) { largest = Math.max(largest, pts.length); });
    members(data, state, "c").forEach(function (pts, id) {
      var info = data.regions[state.p][id];
      if (!info) return;
      var share = Math.sqrt(pts.length / largest);
      var small = view.width < NARROW; // a phone: smaller type, so more labels fit
      out.push({
        name: info.name, at: core(pts).at, size: Math.round(small ? 10 + 3 * share : 11 + 6 * share),
        weight: pts.length, level: 0
      });
    });
    if (data.subtopics[state.p]) {
      // Sub-topics come after every region, and where they fit: more of them as you zoom in.
      var regionNames = out.map(function (label) { return label.name; });
      members(data, state, "s").forEach(function (pts, id) {
        var info = data.subtopics[state.p][id];
        if (info && regionNames.indexOf(info.name) < 0) out.push({ name: info.name, at: core(pts).at, size: view.zoom < ZOOM_FOR_TOPICS ? 12 : 11, weight: pts.length, level: 1 });
      });
    }
    return out.sort(function (a, b) { return a.level - b.level || b.weight - a.weight; });
  }

  function placeLabels(data, state, t, view) {
    // Greedy, as map makers do: each label at its region's core, or nudged around it,
    // inside the plot, never over a label already placed; those that do not fit wait for
    // a zoom. Positions are worked out in pixels, then turned back into data units.
    var placed = [], annotations = [];
    var px = function (x) { return (x - view.x[0]) * view.scale; };
    var py = function (y) { return (view.y[1] - y) * view.scale; };
    labelCandidates(data, state, view).forEach(function (label) {
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
        annotations.push({
          x: view.x[0] + x / view.scale, y: view.y[1] - y / view.scale,
          xanchor: "center", yanchor: "middle",
          text: lines.map(function (line) { return "<b>" + esc(line) + "</b>"; }).join("<br>"),
          showarrow: false, borderpad: 2,
          font: { color: label.level ? t.muted : t.fg, size: label.size, family: t.family },
          bgcolor: withAlpha(t.bg, 0.78)
        });
        break;
      }
    });
    return annotations;
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

  // --- the map -----------------------------------------------------------------------

  function mapFigure(data, state, t, size) {
    var groups = members(data, state, "c");
    var colours = assignColours(groups);
    var layout = baseLayout(t);
    layout.margin = { l: 4, r: 4, t: 4, b: 4 };
    state.full = fitRanges(bounds(data, state), size.width - 8, size.height - 8);
    layout.xaxis = { visible: false, range: state.full.x.slice(), constrain: "range" };
    layout.yaxis = { visible: false, range: state.full.y.slice(), scaleanchor: "x", scaleratio: 1, constrain: "range" };
    layout.hovermode = "closest";
    // A long legend would take a phone's map away; the labels name the regions there.
    layout.showlegend = groups.size <= LEGEND_MAX_NARROW || size.width >= NARROW;
    layout.legend = { orientation: "h", x: 0, y: 0, yanchor: "top", font: { color: t.fg }, bgcolor: "rgba(0,0,0,0)" };
    layout.annotations = [];
    layout.uirevision = state.projection + ":" + size.width + "x" + size.height; // keep zoom until the picture changes
    layout.dragmode = coarsePointer() ? false : "zoom"; // a finger on the map scrolls the page
    var traces = outlineTraces(data, state, colours).concat(orderTrace(data, state, t), pointTraces(data, state, t, colours));
    state.edgeIndex = traces.length;
    traces.push(edgeTrace(t), selectedTrace(t));
    return { data: traces, layout: layout };
  }

  function searchSummary(data, state) {
    if (!state.query) return "";
    var n = data.points.filter(function (p) { return matches(data, p, state); }).length;
    return n === 0 ? "No papers match" : n + " of " + data.points.length + " papers match";
  }

  function paperFromHash(data) {
    var match = /(?:^#|&)paper=([^&]*)/.exec(location.hash);
    if (!match) return -1;
    var key;
    try {
      key = decodeURIComponent(match[1]);
    } catch (err) {
      return -1;
    }
    for (var i = 0; i < data.points.length; i++) if (data.points[i].key === key) return i;
    return -1;
  }

  function renderMap(container, data) {
    prepare(data);
    var gd = container.querySelector("[data-plot]");
    var state = {
      projection: data.projections[0].id, p: 0, colourBy: "cluster", query: "",
      hulls: true, labels: true, selected: paperFromHash(data), hovered: -1
    };
    var t = theme(container);
    function size() {
      return { width: gd.clientWidth || 600, height: gd.clientHeight || 400 };
    }
    function labels() {
      if (!gd._fullLayout || !gd._fullLayout.xaxis) return Promise.resolve();
      var annotations = state.labels ? placeLabels(data, state, t, currentView(gd, state.full)) : [];
      state.placing = true;
      return Plotly.relayout(gd, { annotations: annotations }).then(function () { state.placing = false; });
    }
    function showLinks() {
      var index = state.hovered >= 0 ? state.hovered : state.selected;
      var edges = index >= 0 ? edgesOf(data, state, index) : { x: [], y: [] };
      var chosen = state.selected >= 0 ? data.points[state.selected][state.projection] : null;
      return Plotly.restyle(gd, {
        x: [edges.x, chosen ? [chosen[0]] : []], y: [edges.y, chosen ? [chosen[1]] : []]
      }, [state.edgeIndex, state.edgeIndex + 1]);
    }
    function draw() {
      t = theme(container);
      state.drawnWith = JSON.stringify([t, size()]);
      var fig = mapFigure(data, state, t, size());
      return Plotly.react(gd, fig.data, fig.layout, plotConfig()).then(labels).then(showLinks);
    }
    bindMapControls(container, data, state, draw);
    bindFullScreen(container, gd);
    var swiped = watchSwipes(gd);
    draw().then(function () {
      gd.on("plotly_click", function (event) {
        if (swiped()) return; // a finger that scrolled the page over a point did not tap it
        var pt = event && event.points && event.points[0];
        if (!pt || typeof pt.customdata !== "number") return;
        var href = safeHref(data.base, data.points[pt.customdata].page);
        if (href) follow(href, event.event);
      });
      gd.on("plotly_hover", function (event) {
        // Not on touch screens: redrawing under a finger would stop the page from scrolling.
        if (coarsePointer()) return;
        var pt = event && event.points && event.points[0];
        if (!pt || typeof pt.customdata !== "number" || pt.customdata === state.hovered) return;
        state.hovered = pt.customdata;
        showLinks();
      });
      gd.on("plotly_unhover", function () {
        if (state.hovered < 0) return;
        state.hovered = -1;
        showLinks();
      });
      gd.on("plotly_relayout", function (change) {
        if (state.placing || !change || change.annotations) return;
        labels();
      });
      container.setAttribute("data-paperdiary-drawn", "");
    });
    window.addEventListener("hashchange", function () {
      if (!gd.isConnected) return;
      state.selected = paperFromHash(data);
      showLinks();
    });
    live.set(gd, function () {
      // Palette switches and late stylesheets: redraw only when the colours or the size
      // changed, so a finger on the map is not interrupted for nothing.
      var now = JSON.stringify([theme(container), size()]);
      if (now === state.drawnWith) return Promise.resolve();
      return draw();
    });
  }

  function watchSwipes(gd) {
    // Plotly reports a touch that starts and ends on a point as a click, however far the
    // finger moved in between; remember whether the last touch travelled.
    var start = null, moved = false;
    gd.addEventListener("touchstart", function (event) {
      var touch = event.touches[0];
      start = touch ? [touch.clientX, touch.clientY] : null;
      moved = false;
    }, { passive: true });
    gd.addEventListener("touchmove", function (event) {
      var touch = event.touches[0];
      if (start && touch && Math.hypot(touch.clientX - start[0], touch.clientY - start[1]) > 10) moved = true;
    }, { passive: true });
    return function () { return moved; };
  }

  function bindFullScreen(container, gd) {
    // A class, not the Fullscreen API: it works on every phone and keeps the page's theme.
    var button = container.querySelector("[data-fullscreen]");
    if (!button) return;
    function set(on) {
      container.classList.toggle("paperdiary-fullscreen", on);
      document.documentElement.classList.toggle("paperdiary-noscroll", on);
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "Exit full screen" : "Full screen";
      window.requestAnimationFrame(function () { redrawAll(); });
    }
    button.addEventListener("click", function () { set(!container.classList.contains("paperdiary-fullscreen")); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && container.classList.contains("paperdiary-fullscreen")) set(false);
    });
  }

  function bindMapControls(container, data, state, draw) {
    var buttons = container.querySelectorAll("[data-projection]");
    buttons.forEach(function (button, index) {
      button.addEventListener("click", function () {
        state.projection = button.getAttribute("data-projection");
        state.p = index;
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
        draw();
      });
    });
    on(container, "[data-color-by]", "change", function (el) {
      state.colourBy = el.value;
      draw();
    });
    on(container, "[data-hulls]", "change", function (el) { state.hulls = el.checked; draw(); });
    on(container, "[data-labels]", "change", function (el) { state.labels = el.checked; draw(); });
    var count = container.querySelector("[data-search-count]");
    var gd = container.querySelector("[data-plot]");
    var typed = false;
    on(container, "[data-search]", "input", function (el) {
      // Only the markers change: restyle them once per frame instead of redrawing the map.
      state.query = el.value.trim().toLowerCase();
      if (typed) return;
      typed = true;
      requestAnimationFrame(function () {
        typed = false;
        if (count) count.textContent = searchSummary(data, state);
        var traces = [], sizes = [], opacities = [];
        gd.data.forEach(function (trace, index) {
          if (!trace.customdata) return;
          var marks = highlight(data, state, trace.customdata);
          traces.push(index);
          sizes.push(marks.size);
          opacities.push(marks.opacity);
        });
        Plotly.restyle(gd, { "marker.size": sizes, "marker.opacity": opacities }, traces);
      });
    });
  }

  function on(container, selector, type, handler) {
    var el = container.querySelector(selector);
    if (el) el.addEventListener(type, function () { handler(el); });
  }

  // --- reading stats -----------------------------------------------------------------

  function cumulativeFigure(data, t) {
    var layout = baseLayout(t);
    layout.showlegend = false;
    layout.xaxis = { type: "date", gridcolor: t.grid };
    layout.yaxis = { title: { text: "Papers read" }, rangemode: "tozero", gridcolor: t.grid };
    layout.margin = { l: 50, r: 10, t: 10, b: 30 };
    return {
      data: [{
        type: "scatter", mode: "lines", x: data.dates, y: data.counts,
        line: { shape: "hv", color: t.accent, width: 2 }, fill: "tozeroy",
        fillcolor: withAlpha(t.accent, 0.12),
        hovertemplate: "%{x|%Y-%m-%d}: %{y} papers<extra></extra>"
      }],
      layout: layout
    };
  }

  function monthlyFigure(data, t) {
    var layout = baseLayout(t);
    layout.barmode = "stack";
    layout.xaxis = { type: "category", gridcolor: t.grid };
    layout.yaxis = { title: { text: "Papers per month" }, gridcolor: t.grid };
    layout.margin = { l: 50, r: 10, t: 10, b: 30 };
    return {
      data: data.topics.map(function (topic, i) {
        return {
          type: "bar", name: esc(topic.name), x: data.months, y: topic.counts,
          marker: { color: PALETTE[i % PALETTE.length] },
          hovertemplate: "%{x}: %{y}<extra>%{fullData.name}</extra>"
        };
      }),
      layout: layout
    };
  }

  function calendarFigure(data, t) {
    var layout = baseLayout(t);
    var weeks = data.weeks.length;
    layout.xaxis = {
      type: "date", showgrid: false, ticks: "", tickformat: "%b %Y",
      dtick: weeks > 156 ? "M12" : weeks > 52 ? "M3" : "M1" // month labels that never crowd
    };
    layout.yaxis = { autorange: "reversed", showgrid: false, ticks: "", fixedrange: true };
    layout.margin = { l: 40, r: 10, t: 10, b: 30 };
    return {
      data: [{
        type: "heatmap", x: data.weeks, y: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        z: data.z, text: data.text, xgap: 2, ygap: 2, zmin: 0, showscale: false,
        // Zero is a faint cell; any reading jumps to a visible accent.
        colorscale: [
          [0, withAlpha(t.fg, 0.08)], [1e-9, withAlpha(t.accent, 0.35)], [1, t.accent]
        ],
        hovertemplate: "%{text}: %{z} papers<extra></extra>"
      }],
      layout: layout
    };
  }

  var STATS_CHARTS = {
    cumulative: function (d, t) { return cumulativeFigure(d.cumulative, t); },
    monthly: function (d, t) { return monthlyFigure(d.monthly, t); },
    calendar: function (d, t) { return d.calendar && calendarFigure(d.calendar, t); }
  };

  function renderStats(container, data) {
    container.querySelectorAll("[data-chart]").forEach(function (gd) {
      var build = STATS_CHARTS[gd.getAttribute("data-chart")];
      if (!build) return;
      function draw() {
        var fig = build(data, theme(container));
        return fig ? Plotly.react(gd, fig.data, fig.layout, plotConfig()) : Promise.resolve();
      }
      draw();
      live.set(gd, draw);
    });
  }

  // --- lifecycle ---------------------------------------------------------------------

  function whenPlotly(container, callback) {
    var waited = 0;
    (function check() {
      if (window.Plotly && window.Plotly.react) return callback();
      if ((waited += 100) > PLOTLY_WAIT_MS) {
        container.classList.add("paperdiary-failed");
        var list = container.querySelector("details");
        if (list) list.open = true;
        return;
      }
      setTimeout(check, 100);
    })();
  }

  function forgetDetached() {
    // Instant navigation swaps the content without telling Plotly; free those plots.
    live.forEach(function (draw, gd) {
      if (!gd.isConnected) {
        if (window.Plotly) window.Plotly.purge(gd);
        live.delete(gd);
      }
    });
  }

  function renderAll() {
    forgetDetached();
    document.querySelectorAll(".paperdiary-map, .paperdiary-stats").forEach(function (container) {
      if (container.hasAttribute("data-paperdiary-rendered")) return;
      var data = readData(container);
      if (!data) return;
      container.setAttribute("data-paperdiary-rendered", "");
      whenPlotly(container, function () {
        if (data.kind === "map") renderMap(container, data);
        else renderStats(container, data);
      });
    });
  }

  var pending = false;
  function redrawAll() {
    // Palette switches flip several attributes at once; redraw once per frame.
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      forgetDetached();
      live.forEach(function (draw) { draw(); });
    });
  }

  function watchPalette() {
    // From the first run on: Material applies a `media:` palette (and the default theme its
    // colour mode) while the page is still loading, after the first plots are drawn.
    var observer = new MutationObserver(redrawAll);
    var attributes = [
      "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent", "data-md-color-media", // Material
      "data-bs-theme" // the default MkDocs theme
    ];
    observer.observe(document.documentElement, { attributes: true, attributeFilter: attributes });
    if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: attributes });
    if (window.matchMedia) {
      var dark = window.matchMedia("(prefers-color-scheme: dark)");
      if (dark.addEventListener) dark.addEventListener("change", redrawAll);
    }
    window.addEventListener("load", redrawAll); // stylesheets that arrived late
    return observer;
  }

  function start() {
    // Material publishes `document$`, which fires after every instant navigation.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(renderAll);
    }
    renderAll();
    redrawAll();
  }

  window.PaperDiary = {
    renderAll: renderAll, redrawAll: redrawAll, safeHref: safeHref, convexHull: convexHull
  };
  watchPalette();
  renderAll();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
