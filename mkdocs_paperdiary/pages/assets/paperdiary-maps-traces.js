/* mkdocs-paperdiary, the map's figure: Plotly traces for points, outlines, the reading
 * order, a paper's links and the ring round the chosen paper, and the layout around them. */
(function (pd) {
  "use strict";
  if (pd.traces) return;

  var DIM = 0.12;
  var WEBGL_FROM = 1500; // points; above this SVG markers make hover and zoom sluggish
  var LEGEND_MAX_NARROW = 6; // clusters a legend lists on a narrow plot
  // Looked up when called, not when this script runs: under Material's instant navigation the
  // scripts of a page may run in any order.
  function esc(text) { return pd.theme.esc(text); }
  function withAlpha(colour, alpha) { return pd.theme.withAlpha(colour, alpha); }

  function groupsOf(data, state, colours) {
    var out = new Map();
    data.points.forEach(function (p, index) {
      var cluster = pd.data.clusterOf(p, state);
      var key = state.colourBy === "topic" ? "topic:" + p.topic : "cluster:" + cluster;
      if (!out.has(key)) {
        out.set(key, {
          key: key,
          name: state.colourBy === "topic" ? p.topic : pd.data.clusterName(data, p, state) || "Other",
          colour: state.colourBy === "topic" ? null : colours[cluster],
          cluster: cluster,
          indices: []
        });
      }
      out.get(key).indices.push(index);
    });
    var list = Array.from(out.values());
    if (state.colourBy === "topic") {
      list.sort(function (a, b) { return String(a.name).localeCompare(String(b.name)); });
      list.forEach(function (g, i) { g.colour = pd.colours.PALETTE[i % pd.colours.PALETTE.length]; });
    } else {
      list.sort(function (a, b) { return (a.cluster < 0) - (b.cluster < 0) || a.cluster - b.cluster; });
    }
    // Plotly turns uids into CSS class names, so they must be plain identifiers.
    list.forEach(function (g, i) { g.uid = "pts-" + state.colourBy + "-" + i; });
    return list;
  }

  function hoverText(data, index, state) {
    var p = data.points[index];
    var details = [p.date, p.topic].filter(Boolean).map(esc).join(" · ");
    var links = data.links[index].length;
    return "<b>" + esc(p.title) + "</b>" + (details ? "<br>" + details : "") +
      "<br>Cluster: " + esc(pd.data.clusterName(data, p, state)) +
      (links ? "<br>" + links + (links === 1 ? " linked paper" : " linked papers") : "");
  }

  function markerSize(data) {
    return data.points.length > 1000 ? 6 : data.points.length > 300 ? 8 : 10;
  }

  function highlight(data, state, indices, anyMatch) {
    // Marker sizes and opacities for a search: matches stand out, the rest fade. A search
    // that matches nothing leaves the map as it was.
    var size = markerSize(data);
    var searching = state.query && anyMatch;
    var hits = indices.map(function (i) { return !searching || pd.data.matches(data, data.points[i], state); });
    return {
      size: hits.map(function (hit) { return searching && hit ? size + 3 : size; }),
      opacity: hits.map(function (hit) { return hit ? 0.9 : DIM; })
    };
  }

  function pointTraces(data, state, t, colours) {
    var type = data.points.length > WEBGL_FROM ? "scattergl" : "scatter";
    var size = markerSize(data);
    var anyMatch = !state.query || pd.data.matchCount(data, state) > 0;
    return groupsOf(data, state, colours).map(function (g) {
      var marks = highlight(data, state, g.indices, anyMatch);
      return {
        type: type,
        mode: "markers",
        uid: g.uid,
        name: esc(g.name) + " (" + g.indices.length + ")",
        x: g.indices.map(function (i) { return data.points[i][state.projection][0]; }),
        y: g.indices.map(function (i) { return data.points[i][state.projection][1]; }),
        customdata: g.indices,
        hovertext: g.indices.map(function (i) { return hoverText(data, i, state); }),
        hoverinfo: "text",
        marker: {
          color: g.colour, size: marks.size, opacity: marks.opacity,
          line: { width: size > 6 ? 1 : 0, color: t.bg }
        }
      };
    });
  }

  function outlineTraces(layer, state) {
    var out = [];
    if (!state.hulls || state.colourBy !== "cluster") return out;
    layer.regions.forEach(function (g, id) {
      var hull = pd.geometry.convexHull(g.core.points);
      if (!hull.length) return;
      hull.push(hull[0]);
      out.push({
        type: "scatter", mode: "lines", uid: "hull-" + out.length, showlegend: false,
        hoverinfo: "skip", fill: "toself",
        fillcolor: withAlpha(layer.colours[id], 0.1),
        line: { color: withAlpha(layer.colours[id], 0.55), width: 1.5, shape: "spline", smoothing: 0.6 },
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
    // Filled on hover, focus or selection with lines to the papers a paper cites or is cited by.
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

  function mapFigure(data, state, t, size) {
    var layer = pd.data.layer(data, state);
    var layout = pd.theme.baseLayout(t);
    layout.margin = { l: 4, r: 4, t: 4, b: 4 };
    var all = data.points.map(function (p) { return p[state.projection]; });
    state.full = pd.geometry.fitRanges(pd.geometry.bounds(all), size.width - 8, size.height - 8);
    layout.xaxis = { visible: false, range: state.full.x.slice(), constrain: "range" };
    layout.yaxis = { visible: false, range: state.full.y.slice(), scaleanchor: "x", scaleratio: 1, constrain: "range" };
    layout.hovermode = "closest";
    // A long legend would take a phone's map away; the labels name the regions there.
    layout.showlegend = layer.regions.size <= LEGEND_MAX_NARROW || size.width >= pd.labels.NARROW;
    layout.legend = { orientation: "h", x: 0, y: 0, yanchor: "top", font: { color: t.fg }, bgcolor: "rgba(0,0,0,0)" };
    layout.annotations = [];
    layout.uirevision = state.projection + ":" + size.width + "x" + size.height; // keep zoom until the picture changes
    layout.dragmode = pd.theme.coarsePointer() ? false : "zoom"; // a finger on the map scrolls the page
    var traces = outlineTraces(layer, state).concat(orderTrace(data, state, t), pointTraces(data, state, t, layer.colours));
    state.edgeIndex = traces.length;
    traces.push(edgeTrace(t), selectedTrace(t));
    return { data: traces, layout: layout };
  }

  pd.traces = { mapFigure: mapFigure, highlight: highlight, edgesOf: edgesOf, markerSize: markerSize };
})(window.PaperDiary = window.PaperDiary || {});
