/* mkdocs-paperdiary, the plots' life on a page: render every new container once Plotly is
 * there, again after each of Material's instant navigations, redraw on palette switches,
 * and free plots whose page is gone.
 *
 * Every `.paperdiary-map` / `.paperdiary-stats` container carries its data as JSON in its
 * `data-paperdiary` attribute (not in a <script>: Material's instant navigation re-runs
 * every script in the content as JavaScript).
 */
(function (pd) {
  "use strict";
  if (pd.life) return;

  var PLOTLY_WAIT_MS = 30000;
  var live = new Map(); // graph div -> redraw(), for palette changes and cleanup
  var renderers = {}; // data kind ("map", "stats") -> render(container, data)
  var pending = false;
  var started = false;

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
      var data = pd.data.readData(container);
      if (!data || !renderers[data.kind]) return; // its page's entry script has not run yet
      container.setAttribute("data-paperdiary-rendered", "");
      whenPlotly(container, function () { renderers[data.kind](container, data); });
    });
  }

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
  }

  function start() {
    // Material publishes `document$`, which fires after every instant navigation.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(renderAll);
    }
    renderAll();
    redrawAll();
  }

  function boot(kind, render) {
    // Called by each page's entry script, every time it runs.
    renderers[kind] = render;
    if (started) return renderAll();
    started = true;
    watchPalette();
    renderAll();
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  pd.life = {
    boot: boot, redrawAll: redrawAll,
    watch: function (gd, draw) { live.set(gd, draw); }
  };
})(window.PaperDiary = window.PaperDiary || {});
