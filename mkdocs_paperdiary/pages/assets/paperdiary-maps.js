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

  // Okabe-Ito then Tableau: distinct in both palettes and for common colour blindness.
  var PALETTE = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7",
    "#9c755f", "#e15759"
  ];
  var NOISE_COLOUR = "#9e9e9e";
  var DIM = 0.12;
  var PLOTLY_WAIT_MS = 30000;
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

  function centre(points) {
    var x = 0, y = 0;
    points.forEach(function (p) { x += p[0]; y += p[1]; });
    return [x / points.length, y / points.length];
  }

  // --- the map -----------------------------------------------------------------------

  function clusterColours(data) {
    // By cluster id, so a cluster keeps its colour whichever paper comes first.
    var ids = data.clusters.map(function (c) { return c.id; })
      .concat(data.points.map(function (p) { return p.cluster; }));
    var colours = {}, next = 0;
    ids.sort(function (a, b) { return a - b; }).forEach(function (id) {
      if (id in colours) return;
      colours[id] = id < 0 ? NOISE_COLOUR : PALETTE[next++ % PALETTE.length];
    });
    return colours;
  }

  function groupsOf(data, colourBy, colours) {
    var groups = new Map();
    data.points.forEach(function (p, index) {
      var key = colourBy === "topic" ? "topic:" + p.topic : "cluster:" + p.cluster;
      if (!groups.has(key)) {
        groups.set(key, {
          key: key,
          name: colourBy === "topic" ? p.topic : p.cluster_name,
          colour: colourBy === "topic" ? null : colours[p.cluster],
          indices: []
        });
      }
      groups.get(key).indices.push(index);
    });
    var list = Array.from(groups.values());
    if (colourBy === "topic") {
      list.sort(function (a, b) { return String(a.name).localeCompare(String(b.name)); });
      list.forEach(function (g, i) { g.colour = PALETTE[i % PALETTE.length]; });
    }
    // Plotly turns uids into CSS class names, so they must be plain identifiers.
    list.forEach(function (g, i) { g.uid = "pts-" + colourBy + "-" + i; });
    return list;
  }

  function matches(point, query) {
    if (!query) return true;
    return [point.title, point.topic, point.cluster_name].some(function (text) {
      return String(text || "").toLowerCase().indexOf(query) >= 0;
    });
  }

  function hoverText(p) {
    var details = [p.date, p.topic].filter(Boolean).map(esc).join(" · ");
    return "<b>" + esc(p.title) + "</b>" + (details ? "<br>" + details : "") +
      "<br>Cluster: " + esc(p.cluster_name);
  }

  function pointTraces(data, state, t, colours) {
    return groupsOf(data, state.colourBy, colours).map(function (g) {
      var hits = g.indices.map(function (i) { return matches(data.points[i], state.query); });
      return {
        type: "scatter",
        mode: "markers",
        uid: g.uid,
        name: esc(g.name) + " (" + g.indices.length + ")",
        x: g.indices.map(function (i) { return data.points[i][state.projection][0]; }),
        y: g.indices.map(function (i) { return data.points[i][state.projection][1]; }),
        customdata: g.indices,
        hovertext: g.indices.map(function (i) { return hoverText(data.points[i]); }),
        hoverinfo: "text",
        marker: {
          color: g.colour,
          size: hits.map(function (hit) { return state.query && hit ? 13 : 10; }),
          opacity: hits.map(function (hit) { return hit ? 0.9 : DIM; }),
          line: { width: 1, color: t.bg }
        }
      };
    });
  }

  function clusterShapes(data, state, t, colours) {
    var byCluster = new Map();
    data.points.forEach(function (p) {
      if (p.cluster < 0) return; // noise has no outline or label
      if (!byCluster.has(p.cluster)) byCluster.set(p.cluster, { name: p.cluster_name, xy: [] });
      byCluster.get(p.cluster).xy.push(p[state.projection]);
    });
    var hulls = [], labels = [];
    byCluster.forEach(function (c, id) {
      var hull = state.hulls ? convexHull(c.xy) : [];
      if (hull.length) {
        hull.push(hull[0]);
        hulls.push({
          type: "scatter", mode: "lines", uid: "hull-" + hulls.length, showlegend: false,
          hoverinfo: "skip", fill: "toself",
          fillcolor: withAlpha(colours[id], 0.08),
          line: { color: withAlpha(colours[id], 0.5), width: 1 },
          x: hull.map(function (p) { return p[0]; }),
          y: hull.map(function (p) { return p[1]; })
        });
      }
      if (state.labels) {
        var at = centre(c.xy);
        labels.push({
          x: at[0], y: at[1], text: "<b>" + esc(c.name) + "</b>", showarrow: false,
          font: { color: t.fg, size: 12 }, bgcolor: withAlpha(t.bg, 0.7), borderpad: 2
        });
      }
    });
    return { hulls: hulls, labels: labels };
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

  function mapFigure(data, state, t) {
    var colours = clusterColours(data);
    var shapes = clusterShapes(data, state, t, colours);
    var layout = baseLayout(t);
    layout.margin = { l: 10, r: 10, t: 10, b: 10 };
    layout.xaxis = { visible: false };
    layout.yaxis = { visible: false };
    layout.hovermode = "closest";
    layout.annotations = shapes.labels;
    layout.uirevision = state.projection; // keep zoom and legend clicks until a new projection
    layout.dragmode = coarsePointer() ? false : "zoom"; // a finger on the map scrolls the page
    return {
      data: shapes.hulls.concat(orderTrace(data, state, t), pointTraces(data, state, t, colours)),
      layout: layout
    };
  }

  function searchSummary(data, query) {
    if (!query) return "";
    var n = data.points.filter(function (p) { return matches(p, query); }).length;
    return n === 0 ? "No papers match" : n + " of " + data.points.length + " papers match";
  }

  function renderMap(container, data) {
    var gd = container.querySelector("[data-plot]");
    var state = {
      projection: data.projections[0].id, colourBy: "cluster", query: "",
      hulls: true, labels: true
    };
    function draw() {
      var fig = mapFigure(data, state, theme(container));
      return Plotly.react(gd, fig.data, fig.layout, plotConfig());
    }
    bindMapControls(container, data, state, draw);
    draw().then(function () {
      gd.on("plotly_click", function (event) {
        var pt = event && event.points && event.points[0];
        if (!pt || typeof pt.customdata !== "number") return;
        var href = safeHref(data.base, data.points[pt.customdata].page);
        if (href) follow(href, event.event);
      });
    });
    live.set(gd, draw);
  }

  function bindMapControls(container, data, state, draw) {
    var buttons = container.querySelectorAll("[data-projection]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        state.projection = button.getAttribute("data-projection");
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
    on(container, "[data-search]", "input", function (el) {
      state.query = el.value.trim().toLowerCase();
      if (count) count.textContent = searchSummary(data, state.query);
      draw();
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
    var observer = new MutationObserver(redrawAll);
    var attributes = [
      "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent", // Material
      "data-bs-theme" // the default MkDocs theme
    ];
    observer.observe(document.documentElement, { attributes: true, attributeFilter: attributes });
    observer.observe(document.body, { attributes: true, attributeFilter: attributes });
  }

  function start() {
    // Material publishes `document$`, which fires after every instant navigation.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(renderAll);
    }
    renderAll();
    watchPalette();
  }

  window.PaperDiary = {
    renderAll: renderAll, redrawAll: redrawAll, safeHref: safeHref, convexHull: convexHull
  };
  renderAll();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
