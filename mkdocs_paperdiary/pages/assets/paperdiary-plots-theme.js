/* mkdocs-paperdiary, theme: the page's colours and font as Plotly reads them, and the
 * settings every plot shares.
 *
 * The map and stats scripts are plain scripts (no build step, and they work from file://),
 * loaded in order by the page; each adds one part to the `PaperDiary` namespace and does
 * nothing when the part is already there (instant navigation loads them again).
 *
 * All text from the diary goes through `esc` before Plotly sees it: Plotly renders a
 * subset of HTML in hover labels, legends and annotations.
 */
(function (pd) {
  "use strict";
  if (pd.theme) return;

  function esc(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/[\r\n]+/g, " ");
  }

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

  pd.theme = {
    esc: esc, theme: theme, withAlpha: withAlpha, baseLayout: baseLayout, plotConfig: plotConfig,
    coarsePointer: coarsePointer
  };
})(window.PaperDiary = window.PaperDiary || {});
