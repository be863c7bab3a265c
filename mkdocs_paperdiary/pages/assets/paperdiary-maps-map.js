/* mkdocs-paperdiary, the map: draws it, keeps labels placed as you zoom, draws a paper's
 * links on hover, focus or `#paper=KEY`, zooms to a cluster from its label, and wires the
 * controls (projection, colours, outlines, labels, full screen, whole map, search). */
(function (pd) {
  "use strict";
  if (pd.map) return;

  var NEAR_FULL = 0.98; // a view spanning this share of the whole map counts as the whole map

  function renderMap(container, data) {
    pd.data.prepare(data);
    var gd = container.querySelector("[data-plot]");
    var state = {
      projection: data.projections[0].id, p: 0, colourBy: "cluster", query: "",
      hulls: true, labels: true, selected: pd.data.paperFromHash(data), hovered: -1, focus: null, targets: []
    };
    var t = pd.theme.theme(container);
    var whole = container.querySelector("[data-whole-map]");
    var map = { container: container, gd: gd, data: data, state: state };

    function size() {
      return { width: gd.clientWidth || 600, height: gd.clientHeight || 400 };
    }
    function view() {
      return pd.geometry.currentView(gd, state.full);
    }
    function labels() {
      if (!gd._fullLayout || !gd._fullLayout.xaxis) return Promise.resolve();
      var v = view();
      var ringed = state.focus && state.focus.level === 0 ? state.focus : null;
      var clear = focusedPaper() >= 0 ? data.points[focusedPaper()][state.projection] : null;
      var placed = state.labels ? pd.labels.place(pd.data.layer(data, state), t, v, ringed, clear) : { annotations: [], targets: [] };
      state.targets = placed.targets;
      if (whole) whole.hidden = showsAll(v, state.full);
      state.placing = true;
      return Plotly.relayout(gd, { annotations: placed.annotations }).then(function () { state.placing = false; });
    }
    function focusedPaper() {
      return state.focus && state.focus.level === "paper" ? state.focus.index : -1;
    }
    function showLinks() {
      var ringed = focusedPaper() >= 0 ? focusedPaper() : state.selected;
      var index = state.hovered >= 0 ? state.hovered : ringed;
      var edges = index >= 0 ? pd.traces.edgesOf(data, state, index) : { x: [], y: [] };
      var chosen = ringed >= 0 ? data.points[ringed][state.projection] : null;
      return Plotly.restyle(gd, {
        x: [edges.x, chosen ? [chosen[0]] : []], y: [edges.y, chosen ? [chosen[1]] : []]
      }, [state.edgeIndex, state.edgeIndex + 1]);
    }
    function paperAt(event) {
      // The paper whose marker is under the pointer, or -1.
      var v = view(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
      var x = v.x[0] + (event.clientX - box.left - xa._offset) / v.scale;
      var y = v.y[1] - (event.clientY - box.top - ya._offset) / v.scale;
      var reach = (pd.traces.markerSize(data) / 2 + 2) / v.scale, best = -1;
      data.points.forEach(function (p, i) {
        var d = Math.hypot(p[state.projection][0] - x, p[state.projection][1] - y);
        if (d <= reach) { reach = d; best = i; }
      });
      return best;
    }
    function setRanges(ranges) {
      return Plotly.relayout(gd, { "xaxis.range": ranges.x, "yaxis.range": ranges.y });
    }
    map.refocus = function () {
      return Promise.all([labels(), showLinks()]);
    };
    map.reveal = function (xy) {
      // A paper reached by the keyboard outside the view: pan so that it is in the middle.
      var v = view();
      if (pd.geometry.inView(v, xy)) return Promise.resolve();
      var hx = (v.x[1] - v.x[0]) / 2, hy = (v.y[1] - v.y[0]) / 2;
      return setRanges({ x: [xy[0] - hx, xy[0] + hx], y: [xy[1] - hy, xy[1] + hy] });
    };
    map.zoomTo = function (target) {
      var layer = pd.data.layer(data, state);
      var group = (target.level === 0 ? layer.regions : layer.subtopics).get(target.id);
      if (!group) return Promise.resolve();
      var v = view();
      return setRanges(pd.geometry.fitRanges(pd.geometry.bounds(group.points), v.width, v.height));
    };
    function draw() {
      t = pd.theme.theme(container);
      state.drawnWith = JSON.stringify([t, size()]);
      var fig = pd.traces.mapFigure(data, state, t, size());
      return Plotly.react(gd, fig.data, fig.layout, pd.theme.plotConfig()).then(labels).then(showLinks);
    }
    bindControls(map, draw);
    bindFullScreen(container);
    pd.keys.bind(map);
    if (whole) {
      whole.addEventListener("click", function () {
        setRanges(state.full);
        gd.focus();
      });
    }
    var swiped = watchSwipes(gd);
    draw().then(function () {
      gd.on("plotly_click", function (event) {
        if (swiped()) return; // a finger that scrolled the page over a point did not tap it
        var pt = event && event.points && event.points[0];
        if (!pt || typeof pt.customdata !== "number") return;
        var href = pd.data.safeHref(data.base, data.points[pt.customdata].page);
        if (href) pd.data.follow(href, event.event);
      });
      watchLabelClicks(gd, function (event) {
        // Labels let the pointer through to the papers under them (hover, click); a click on
        // a label away from any paper zooms to its region.
        if (paperAt(event) >= 0) return;
        var xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
        var x = event.clientX - box.left - xa._offset, y = event.clientY - box.top - ya._offset;
        var target = state.targets.find(function (label) {
          return x >= label.box.x0 && x <= label.box.x1 && y >= label.box.y0 && y <= label.box.y1;
        });
        if (target) map.zoomTo(target);
      });
      gd.on("plotly_hover", function (event) {
        // Not on touch screens: redrawing under a finger would stop the page from scrolling.
        if (pd.theme.coarsePointer()) return;
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
      state.selected = pd.data.paperFromHash(data);
      showLinks();
    });
    colourList(container, data, state);
    pd.life.watch(gd, function () {
      // Palette switches and late stylesheets: redraw only when the colours or the size
      // changed, so a finger on the map is not interrupted for nothing.
      var now = JSON.stringify([pd.theme.theme(container), size()]);
      if (now === state.drawnWith) return Promise.resolve();
      return draw();
    });
  }

  function showsAll(v, full) {
    // Whether the view holds (nearly) the whole map: then "Whole map" has nothing to do.
    var slack = (1 - NEAR_FULL) * (full.x[1] - full.x[0]);
    return v.x[0] <= full.x[0] + slack && v.x[1] >= full.x[1] - slack &&
      v.y[0] <= full.y[0] + slack && v.y[1] >= full.y[1] - slack;
  }

  function colourList(container, data, state) {
    // The list under the map is keyed like it: each cluster's swatch in the map's colour.
    var colours = pd.data.layer(data, { p: 0, projection: data.projections[0].id }).colours;
    container.querySelectorAll("[data-swatch]").forEach(function (el) {
      el.style.backgroundColor = colours[el.getAttribute("data-swatch")] || "";
    });
    var list = container.querySelector(".paperdiary-list");
    var skip = container.querySelector("[data-skip]");
    if (!list || !skip) return;
    skip.addEventListener("click", function () {
      // Open it, and move there and into it once the page is done handling the link.
      list.open = true;
      requestAnimationFrame(function () {
        list.scrollIntoView({ block: "start" });
        list.querySelector("summary").focus({ preventScroll: true });
      });
    });
  }

  function watchLabelClicks(gd, handler) {
    // A click, not the end of a drag to zoom.
    var down = null;
    gd.addEventListener("mousedown", function (event) { down = [event.clientX, event.clientY]; });
    gd.addEventListener("click", function (event) {
      if (down && Math.hypot(event.clientX - down[0], event.clientY - down[1]) <= 4) handler(event);
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

  function bindFullScreen(container) {
    // A class, not the Fullscreen API: it works on every phone and keeps the page's theme.
    var button = container.querySelector("[data-fullscreen]");
    if (!button) return;
    function set(on) {
      container.classList.toggle("paperdiary-fullscreen", on);
      document.documentElement.classList.toggle("paperdiary-noscroll", on);
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "Exit full screen" : "Full screen";
      window.requestAnimationFrame(function () { pd.life.redrawAll(); });
    }
    button.addEventListener("click", function () { set(!container.classList.contains("paperdiary-fullscreen")); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && container.classList.contains("paperdiary-fullscreen")) set(false);
    });
  }

  function bindControls(map, draw) {
    var container = map.container, state = map.state, data = map.data, gd = map.gd;
    var buttons = container.querySelectorAll("[data-projection]");
    buttons.forEach(function (button, index) {
      button.addEventListener("click", function () {
        state.projection = button.getAttribute("data-projection");
        state.p = index;
        if (state.focus && state.focus.level !== "paper") state.focus = null; // cluster ids differ per projection
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
        pd.keys.describe(map);
        draw();
      });
    });
    on(container, "[data-color-by]", "change", function (el) { state.colourBy = el.value; draw(); });
    on(container, "[data-hulls]", "change", function (el) { state.hulls = el.checked; draw(); });
    on(container, "[data-labels]", "change", function (el) { state.labels = el.checked; draw(); });
    var count = container.querySelector("[data-search-count]");
    var typed = false;
    on(container, "[data-search]", "input", function (el) {
      // Only the markers change: restyle them once per frame instead of redrawing the map.
      state.query = el.value.trim().toLowerCase();
      if (typed) return;
      typed = true;
      requestAnimationFrame(function () {
        typed = false;
        if (count) count.textContent = pd.data.searchSummary(data, state);
        var anyMatch = !state.query || pd.data.matchCount(data, state) > 0;
        var traces = [], sizes = [], opacities = [];
        gd.data.forEach(function (trace, index) {
          if (!trace.customdata) return;
          var marks = pd.traces.highlight(data, state, trace.customdata, anyMatch);
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

  pd.map = { render: renderMap };
})(window.PaperDiary = window.PaperDiary || {});
