/* mkdocs-paperdiary, the map's data: points with their topic, links both ways, clusters
 * and sub-topics per projection (worked out once per projection, not per draw), search,
 * and the links to summary pages. */
(function (pd) {
  "use strict";
  if (pd.data) return;

  function rowsById(rows) {
    var out = {};
    (rows || []).forEach(function (row) { out[row[0]] = { id: row[0], name: row[1], size: row[2] }; });
    return out;
  }

  function prepare(data) {
    // Topic names and reading order back on the points, names by projection and id, each
    // paper's links both ways (cites and backlinks), and a cache of groups per projection.
    var order = 0;
    data.points.forEach(function (p) {
      p.topic = (data.topic_names || [])[p.t];
      if (p.date) p.order = order++; // the points come in reading order
    });
    data.regions = data.clusters.map(rowsById);
    data.subtopics = (data.subtopics || []).map(rowsById); // rows in, by id out
    var seen = data.points.map(function () { return new Set(); });
    data.points.forEach(function (p, i) {
      (p.l || []).forEach(function (j) {
        if (seen[j]) { seen[i].add(j); seen[j].add(i); }
      });
    });
    data.links = seen.map(function (set) { return Array.from(set); });
    data.layers = {};
    return data;
  }

  function groups(data, p, field, projection, names) {
    // id -> {id, name, indices, points, core} for the clusters (`c`) or sub-topics (`s`).
    var out = new Map();
    data.points.forEach(function (point, index) {
      var id = point[field] ? point[field][p] : -1;
      if (id == null || id < 0) return;
      if (!out.has(id)) out.set(id, { id: id, name: names[id] ? names[id].name : "", indices: [], points: [] });
      out.get(id).indices.push(index);
      out.get(id).points.push(point[projection]);
    });
    out.forEach(function (g) { g.core = pd.geometry.core(g.points); });
    return out;
  }

  function layer(data, state) {
    // Everything about one projection that no control changes: computed on its first draw.
    if (data.layers[state.p]) return data.layers[state.p];
    var regions = groups(data, state.p, "c", state.projection, data.regions[state.p] || {});
    var centres = new Map();
    regions.forEach(function (g, id) { centres.set(id, g.core.at); });
    var order = Array.from(regions.values());
    order.sort(function (a, b) { return b.indices.length - a.indices.length || a.id - b.id; });
    data.layers[state.p] = {
      regions: regions,
      subtopics: data.subtopics[state.p] ? groups(data, state.p, "s", state.projection, data.subtopics[state.p]) : new Map(),
      order: order, // regions, biggest first: the order of the list under the map
      colours: pd.colours.assignColours(centres)
    };
    return data.layers[state.p];
  }

  function clusterOf(p, state) {
    return p.c ? p.c[state.p] : -1;
  }

  function clusterName(data, p, state) {
    var info = data.regions[state.p][clusterOf(p, state)];
    return info ? info.name : "";
  }

  function matches(data, point, state) {
    if (!state.query) return true;
    return [point.title, point.topic, clusterName(data, point, state), point.a, (point.g || []).join(" ")]
      .some(function (text) { return String(text || "").toLowerCase().indexOf(state.query) >= 0; });
  }

  function matchCount(data, state) {
    return data.points.filter(function (p) { return matches(data, p, state); }).length;
  }

  function searchSummary(data, state) {
    if (!state.query) return "";
    var n = matchCount(data, state);
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

  function readData(container) {
    try {
      return JSON.parse(container.getAttribute("data-paperdiary"));
    } catch (err) {
      console.error("paperdiary: cannot read plot data", err);
      return null;
    }
  }

  pd.data = {
    prepare: prepare, layer: layer, clusterOf: clusterOf, clusterName: clusterName, matches: matches,
    matchCount: matchCount, searchSummary: searchSummary, paperFromHash: paperFromHash, safeHref: safeHref,
    follow: follow, readData: readData
  };
})(window.PaperDiary = window.PaperDiary || {});
