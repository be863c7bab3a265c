/* mkdocs-paperdiary, the reading stats: cumulative reads, papers per month by topic and a
 * reading calendar, in the page's colours. */
(function (pd) {
  "use strict";
  if (pd.stats) return;

  // Looked up when called, not when this script runs: under Material's instant navigation the
  // scripts of a page may run in any order.
  function esc(text) { return pd.theme.esc(text); }
  function withAlpha(colour, alpha) { return pd.theme.withAlpha(colour, alpha); }
  function baseLayout(t) { return pd.theme.baseLayout(t); }

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
    var palette = pd.colours.PALETTE;
    layout.barmode = "stack";
    layout.xaxis = { type: "category", gridcolor: t.grid };
    layout.yaxis = { title: { text: "Papers per month" }, gridcolor: t.grid };
    layout.margin = { l: 50, r: 10, t: 10, b: 30 };
    return {
      data: data.topics.map(function (topic, i) {
        return {
          type: "bar", name: esc(topic.name), x: data.months, y: topic.counts,
          marker: { color: palette[i % palette.length] },
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

  var CHARTS = {
    cumulative: function (d, t) { return cumulativeFigure(d.cumulative, t); },
    monthly: function (d, t) { return monthlyFigure(d.monthly, t); },
    calendar: function (d, t) { return d.calendar && calendarFigure(d.calendar, t); }
  };

  function renderStats(container, data) {
    container.querySelectorAll("[data-chart]").forEach(function (gd) {
      var build = CHARTS[gd.getAttribute("data-chart")];
      if (!build) return;
      function draw() {
        var fig = build(data, pd.theme.theme(container));
        return fig ? Plotly.react(gd, fig.data, fig.layout, pd.theme.plotConfig()) : Promise.resolve();
      }
      draw();
      pd.life.watch(gd, draw);
    });
  }

  pd.stats = { render: renderStats };
})(window.PaperDiary = window.PaperDiary || {});
