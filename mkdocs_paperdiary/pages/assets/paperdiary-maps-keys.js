/* mkdocs-paperdiary, the map by keyboard and screen reader. The plot is one tab stop:
 * arrow keys move to the nearest paper that way, Page Up/Down (or [ and ]) between clusters,
 * Enter opens the paper or zooms to the cluster, Escape clears the focus, / goes to the search.
 * A live region says what has the focus; the plot's description names the clusters. */
(function (pd) {
  "use strict";
  if (pd.keys) return;

  var WORDS = { ArrowRight: "right", ArrowLeft: "left", ArrowUp: "up", ArrowDown: "down" };

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function describe(map) {
    // The plot's accessible description: how many papers, which clusters, and the keys.
    var layer = pd.data.layer(map.data, map.state);
    var names = layer.order.map(function (g) { return (g.name || "Cluster " + g.id) + " (" + g.indices.length + ")"; });
    var el = map.container.querySelector("[data-description]");
    if (!el) return;
    el.textContent = plural(map.data.points.length, "paper") + " in " + plural(names.length, "cluster") +
      (names.length ? ": " + names.join(", ") : "") + ". Arrow keys move between papers, Page Up and Page Down " +
      "between clusters, Enter opens a paper or zooms to a cluster, Escape clears, / searches.";
  }

  function paperText(map, index) {
    var p = map.data.points[index];
    var links = map.data.links[index].length;
    return [
      p.title,
      p.date ? "read " + p.date : "no read date",
      p.topic ? "topic " + p.topic : "",
      "cluster " + (pd.data.clusterName(map.data, p, map.state) || "none"),
      links ? plural(links, "linked paper") : ""
    ].filter(Boolean).join("; ");
  }

  function clusterText(group) {
    return "Cluster " + (group.name || group.id) + ": " + plural(group.indices.length, "paper") +
      ". Enter zooms to it; arrow keys move to its papers.";
  }

  function announce(map, text) {
    var el = map.container.querySelector("[data-announce]");
    if (el) el.textContent = text;
  }

  function positions(map) {
    return map.data.points.map(function (p) { return p[map.state.projection]; });
  }

  function nearestTo(at, pts, indices) {
    var best = -1, bestD = Infinity;
    indices.forEach(function (i) {
      var d = Math.hypot(pts[i][0] - at[0], pts[i][1] - at[1]);
      if (d < bestD) { best = i; bestD = d; }
    });
    return best;
  }

  function viewCentre(map) {
    var v = pd.geometry.currentView(map.gd, map.state.full);
    return [(v.x[0] + v.x[1]) / 2, (v.y[0] + v.y[1]) / 2];
  }

  function arrow(map, key) {
    var focus = map.state.focus, pts = positions(map), layer = pd.data.layer(map.data, map.state);
    var target = -1;
    if (!focus) {
      target = nearestTo(viewCentre(map), pts, pts.map(function (p, i) { return i; }));
    } else if (focus.level === "paper") {
      target = pd.geometry.nearestInDirection(pts[focus.index], pts, key, focus.index);
    } else {
      var group = layer.regions.get(focus.id);
      var mine = new Set(group.indices);
      var own = pts.map(function (p, i) { return mine.has(i) ? p : null; });
      target = pd.geometry.nearestInDirection(group.core.at, own, key, -1);
      if (target < 0) target = nearestTo(group.core.at, pts, group.indices);
    }
    if (target < 0) return announce(map, "No paper further " + WORDS[key] + ".");
    setFocus(map, { level: "paper", index: target });
  }

  function step(map, by) {
    var order = pd.data.layer(map.data, map.state).order;
    if (!order.length) return;
    var focus = map.state.focus, current = -1;
    if (focus && focus.level === 0) current = focus.id;
    if (focus && focus.level === "paper") current = pd.data.clusterOf(map.data.points[focus.index], map.state);
    var at = order.findIndex(function (g) { return g.id === current; });
    var next = at < 0 ? (by > 0 ? 0 : order.length - 1) : (at + by + order.length) % order.length;
    setFocus(map, { level: 0, id: order[next].id });
  }

  function setFocus(map, focus) {
    map.state.focus = focus;
    if (!focus) {
      announce(map, "");
      return map.refocus();
    }
    if (focus.level === "paper") {
      announce(map, paperText(map, focus.index));
      map.reveal(map.data.points[focus.index][map.state.projection]);
    } else {
      announce(map, clusterText(pd.data.layer(map.data, map.state).regions.get(focus.id)));
    }
    return map.refocus();
  }

  function activate(map, event) {
    var focus = map.state.focus;
    if (!focus) return;
    if (focus.level !== "paper") return map.zoomTo(focus);
    var href = pd.data.safeHref(map.data.base, map.data.points[focus.index].page);
    if (href) pd.data.follow(href, event);
    else announce(map, "This paper has no summary page.");
  }

  var KEYS = {
    ArrowRight: arrow, ArrowLeft: arrow, ArrowUp: arrow, ArrowDown: arrow,
    PageDown: function (map) { step(map, 1); }, "]": function (map) { step(map, 1); },
    PageUp: function (map) { step(map, -1); }, "[": function (map) { step(map, -1); },
    Enter: function (map, key, event) { activate(map, event); }
  };

  function bind(map) {
    // `map`: {container, gd, data, state, refocus(), reveal(xy), zoomTo(group)} from the map.
    map.gd.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var handler = KEYS[event.key];
      if (event.key === "Escape" && map.state.focus) handler = function () { setFocus(map, null); };
      if (!handler) return;
      // Claimed keys stop here: the page would scroll, and Material's own shortcuts would fire.
      event.preventDefault();
      event.stopPropagation();
      handler(map, event.key, event);
    });
    map.container.addEventListener("keydown", function (event) {
      if (event.key !== "/" || /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)) return;
      var search = map.container.querySelector("[data-search]");
      if (!search) return;
      event.preventDefault();
      event.stopPropagation();
      search.focus();
    });
    describe(map);
  }

  pd.keys = { bind: bind, describe: describe, setFocus: setFocus };
})(window.PaperDiary = window.PaperDiary || {});
