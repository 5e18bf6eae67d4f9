/* lossdoctor report: draws each run's panels with uPlot and paints the findings on them.
   Data comes from the JSON block #ld-data; body[data-rendered] counts the charts drawn and
   body[data-errors] counts script errors (the browser test reads both). */
(function () {
  "use strict";
  var body = document.body;
  function fail(msg) {
    body.setAttribute("data-errors", String(Number(body.getAttribute("data-errors") || 0) + 1));
    var prev = body.getAttribute("data-error-text") || "";
    body.setAttribute("data-error-text", (prev ? prev + " | " : "") + String(msg).slice(0, 300));
  }
  window.addEventListener("error", function (e) { fail(e.message || "error"); });
  window.addEventListener("unhandledrejection", function (e) { fail(e.reason || "rejection"); });
  var consoleError = console.error;
  console.error = function () { fail(Array.prototype.join.call(arguments, " ")); consoleError.apply(console, arguments); };

  var DATA = JSON.parse(document.getElementById("ld-data").textContent);
  var SPLIT = { train: "#2563eb", val: "#ea580c", test: "#16a34a", none: "#6b7280" };
  var SEV = { error: [220, 38, 38], warning: [217, 119, 6], info: [37, 99, 235] };
  var VERDICT = { error: "rgba(220,38,38,0.75)", warning: "rgba(217,119,6,0.75)", healthy: "rgba(22,163,74,0.45)",
                  insufficient_data: "rgba(107,114,128,0.45)" };
  var PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777",
                 "#4b5563", "#65a30d"];
  var rendered = 0;
  var charts = [];

  var ema = ldEma;  /* smooth.js */

  function rgba(sev, a) { var c = SEV[sev] || SEV.info; return "rgba(" + c[0] + "," + c[1] + "," + c[2] + "," + a + ")"; }

  function colorOf(curve, i) {
    if (curve.run !== undefined) {
      // many runs: colour by verdict so the bad ones stand out; a few: one colour each
      if (curve.many) return VERDICT[curve.verdict] || VERDICT.healthy;
      return PALETTE[curve.run % PALETTE.length];
    }
    var base = SPLIT[curve.split] || PALETTE[i % PALETTE.length];
    return base;
  }

  /* Shades under the curves, raw curves faint when smoothed, markers and labels on top. */
  function annotations(run, panel, state) {
    var px = uPlot.pxRatio;
    var shades = run.shades.filter(function (s) { return s.axis === panel.axis; });
    var markers = run.markers.filter(function (m) { return m.axis === panel.axis; });
    var keys = panel.curves.map(function (c) { return c.key; });
    function label(ctx, text, x, y, color, align) {
      ctx.font = "600 " + Math.round(11 * px) + "px system-ui, sans-serif";
      ctx.textBaseline = "top";
      ctx.textAlign = align === "right" ? "right" : "left";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.lineWidth = 4 * px;
      ctx.strokeText(text, x, y + 2 * px);
      ctx.fillStyle = color;
      ctx.fillText(text, x, y + 2 * px);
      ctx.textAlign = "left";
    }
    return {
      hooks: {
        drawClear: [function (u) {
          var ctx = u.ctx, top = u.bbox.top, h = u.bbox.height, x0 = u.bbox.left, x1 = x0 + u.bbox.width;
          ctx.save();
          shades.forEach(function (s) {
            var a = Math.max(x0, u.valToPos(s.start, "x", true)), b = Math.min(x1, u.valToPos(s.end, "x", true));
            if (b < a) return;
            ctx.fillStyle = rgba(s.severity, 0.13);
            ctx.fillRect(a, top, Math.max(b - a, 2 * px), h);
          });
          if (state.smoothing > 0) {
            panel.curves.forEach(function (c, i) {
              if (!u.series[i + 1].show) return;
              ctx.strokeStyle = u.series[i + 1]._stroke || colorOf(c, i);
              ctx.globalAlpha = 0.25;
              ctx.lineWidth = 1 * px;
              ctx.beginPath();
              var pen = false;
              for (var k = 0; k < c.x.length; k++) {
                var y = c.y[k];
                if (y === null || (state.log && y <= 0)) { pen = false; continue; }
                var X = u.valToPos(c.x[k], "x", true), Y = u.valToPos(y, "y", true);
                if (pen) ctx.lineTo(X, Y); else ctx.moveTo(X, Y);
                pen = true;
              }
              ctx.stroke();
              ctx.globalAlpha = 1;
            });
          }
          ctx.restore();
        }],
        draw: [function (u) {
          var ctx = u.ctx, top = u.bbox.top, h = u.bbox.height, x0 = u.bbox.left, x1 = x0 + u.bbox.width;
          ctx.save();
          shades.forEach(function (s, i) {
            var flagged = markers.some(function (m) { return m.nonfinite && m.finding === s.finding; });
            if (flagged) return;  // the NaN flag already names it
            var a = Math.max(x0, u.valToPos(s.start, "x", true));
            ctx.font = "600 " + Math.round(11 * px) + "px system-ui, sans-serif";
            var w = ctx.measureText(s.label).width + 6 * px;
            var y = top + 2 * px + i * 18 * px;
            if (a + w > x1) label(ctx, s.label, x1 - 2 * px, y, rgba(s.severity, 1), "right");
            else label(ctx, s.label, a + 2 * px, y, rgba(s.severity, 1), "left");
          });
          var row = 0;
          markers.forEach(function (m) {
            var X = u.valToPos(m.x, "x", true);
            if (X < x0 - 1 || X > x1 + 1) return;
            var color = rgba(m.severity, 1);
            var si = keys.indexOf(m.series);
            var onSeries = si >= 0 && u.series[si + 1].show;
            if (m.nonfinite) {
              ctx.fillStyle = "rgb(220,38,38)";
              ctx.beginPath();
              ctx.moveTo(X - 7 * px, top); ctx.lineTo(X + 7 * px, top); ctx.lineTo(X, top + 12 * px);
              ctx.closePath(); ctx.fill();
              ctx.strokeStyle = "rgba(220,38,38,0.8)"; ctx.lineWidth = 1.5 * px;
              ctx.setLineDash([2 * px, 3 * px]);
              ctx.beginPath(); ctx.moveTo(X, top); ctx.lineTo(X, top + h); ctx.stroke();
              ctx.setLineDash([]);
              label(ctx, "▼ " + m.label, X - 9 * px, top + 2 * px + (row++ % 3) * 18 * px, "rgb(220,38,38)",
                    X < x0 + 150 * px ? "left" : "right");
              return;
            }
            if (m.point) {
              if (m.y === null || !onSeries || si < 0) return;
              var Y = u.valToPos(m.y, "y", true);
              ctx.strokeStyle = color; ctx.lineWidth = 2 * px; ctx.fillStyle = "rgba(255,255,255,0.9)";
              ctx.beginPath(); ctx.arc(X, Y, 5 * px, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
              return;
            }
            ctx.strokeStyle = color; ctx.lineWidth = 1.5 * px;
            ctx.setLineDash([6 * px, 4 * px]);
            ctx.beginPath(); ctx.moveTo(X, top); ctx.lineTo(X, top + h); ctx.stroke();
            ctx.setLineDash([]);
            if (onSeries && m.y !== null && !(state.log && m.y <= 0)) {
              var Ym = u.valToPos(m.y, "y", true);
              ctx.fillStyle = color;
              ctx.beginPath(); ctx.arc(X, Ym, 5 * px, 0, 2 * Math.PI); ctx.fill();
            }
            if (panel.role !== "delta") {
              label(ctx, m.label, X + 4 * px, top + h - 20 * px - (row++ % 3) * 18 * px, color,
                    X > x1 - 120 * px ? "right" : "left");
            }
          });
          ctx.restore();
        }],
      },
    };
  }

  /* Compact tick labels (1e+08 rather than 100,000,000) and a y axis wide enough for them. */
  function fmt(v) {
    if (v === null || v === undefined) return "";
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1);
    return String(+v.toPrecision(4));
  }
  function ticks(u, splits) { return splits.map(fmt); }
  function axisSize(u, values) {
    if (!values) return 50;
    var longest = values.reduce(function (m, s) { return Math.max(m, String(s || "").length); }, 0);
    return Math.max(44, 18 + longest * 8);
  }
  /* On a log axis, one tick per power of ten (uPlot's default also grids 2..9 x 10^k). */
  function decades(u, axisIdx, min, max) {
    var out = [];
    if (!(min > 0) || !(max > 0)) return [min, max];
    for (var e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      var v = Math.pow(10, e);
      if (v >= min * 0.999 && v <= max * 1.001) out.push(v);
    }
    return out.length >= 2 ? out : [min, max];
  }

  function tableFor(panel, state) {
    var tables = panel.curves.map(function (c) {
      var y = panel.role === "delta" ? c.y : ema(c.y, state.smoothing);
      if (state.log) y = y.map(function (v) { return v !== null && v > 0 ? v : null; });
      return [c.x, y];
    });
    return tables.length === 1 ? tables[0] : uPlot.join(tables);
  }

  function canLog(panel) {
    return panel.role !== "delta" && panel.curves.some(function (c) {
      return c.y.some(function (v) { return v !== null && v > 0; });
    });
  }

  function makeChart(host, run, panel, state, group, height) {
    var cell = document.createElement("div");
    cell.className = "cell " + panel.role;
    var title = document.createElement("div");
    title.className = "panel-title";
    title.textContent = panel.title;
    cell.appendChild(title);
    host.appendChild(cell);
    var series = [{ label: run.axisLabel || panel.axis }];
    panel.curves.forEach(function (c, i) {
      series.push({ label: c.key, stroke: colorOf(c, i), width: c.split === "val" ? 2.2 : 1.6,
                    dash: c.primary === false ? [5, 4] : undefined, spanGaps: false, points: { show: c.x.length < 60 },
                    value: function (u, v) { return v === null || v === undefined ? "—" : Number(v).toPrecision(4); } });
    });
    var panelState = { smoothing: state.smoothing, log: state.log && canLog(panel) };
    function opts() {
      return {
        width: Math.max(280, cell.clientWidth - 4), height: height, series: series,
        cursor: { sync: { key: group }, drag: { x: true, y: false } },
        scales: { x: { time: false }, y: panelState.log ? { distr: 3 } : {} },
        axes: [{ values: ticks }, panelState.log ? { values: ticks, size: axisSize, splits: decades }
                                                  : { values: ticks, size: axisSize }],
        legend: { live: true },
        plugins: [annotations(run, panel, panelState)],
        hooks: { setScale: [function (u, key) { if (key === "x") syncZoom(u, group); }] },
      };
    }
    var chart = new uPlot(opts(), tableFor(panel, panelState), cell);
    var rec = { chart: chart, cell: cell, panel: panel, group: group, state: panelState, opts: opts };
    rec.redraw = function (rebuild) {
      if (rebuild) {
        var x = rec.chart.scales.x;
        rec.chart.destroy();
        rec.chart = new uPlot(opts(), tableFor(panel, panelState), cell);
        if (x && x.min != null) rec.chart.setScale("x", { min: x.min, max: x.max });
      } else {
        rec.chart.setData(tableFor(panel, panelState), false);
        rec.chart.redraw();
      }
    };
    charts.push(rec);
    rendered += 1;
    return rec;
  }

  var syncing = false;
  function syncZoom(u, group) {
    if (syncing) return;
    syncing = true;
    try {
      charts.forEach(function (r) {
        if (r.group === group && r.chart !== u && u.scales.x.min != null) {
          r.chart.setScale("x", { min: u.scales.x.min, max: u.scales.x.max });
        }
      });
    } finally { syncing = false; }
  }

  function renderRun(section, run, idx) {
    var host = section.querySelector(".charts");
    var long = run.panels.some(function (p) { return p.role === "loss" && p.curves.some(function (c) { return c.points > 200; }); });
    // TensorBoard's default weight (0.6) for long, noisy step curves; raw values for short epoch curves
    var state = { smoothing: long ? 0.6 : 0, log: run.panels.some(function (p) { return p.role === "loss" && p.log; }) };
    var recs = [];
    run.panels.forEach(function (panel) {
      var height = panel.role === "delta" || panel.role === "other" ? 180 : 300;
      recs.push(makeChart(host, run, panel, state, "run" + idx + "-" + panel.axis, height));
    });
    var slider = section.querySelector(".smooth"), out = section.querySelector(".controls output");
    var logBox = section.querySelector(".logy");
    logBox.checked = state.log;
    slider.value = String(state.smoothing);
    out.textContent = state.smoothing.toFixed(2);
    slider.addEventListener("input", function () {
      var w = Number(slider.value);
      out.textContent = w.toFixed(2);
      recs.forEach(function (r) { r.state.smoothing = w; r.redraw(false); });
    });
    logBox.addEventListener("change", function () {
      recs.forEach(function (r) { r.state.log = logBox.checked && canLog(r.panel); r.redraw(true); });
    });
  }

  function renderOverlay(ov) {
    var host = document.querySelector(".overlay");
    if (!host || !ov) return;
    var panel = { role: "overlay", axis: ov.axis, title: ov.val ? DATA.labels.overlay : DATA.labels.overlay_train,
                  curves: ov.curves.map(function (c) {
                    return { key: c.key, run: c.run, verdict: c.verdict, many: ov.curves.length > 10, x: c.x, y: c.y,
                             primary: true };
                  }) };
    var run = { shades: [], markers: [] };
    panel.log = !!ov.log;
    makeChart(host, run, panel, { smoothing: 0, log: !!ov.log }, "overlay", 320);
  }

  function wireCode() {
    document.querySelectorAll(".codebox").forEach(function (box) {
      box.querySelectorAll(".tab").forEach(function (tab) {
        tab.addEventListener("click", function () {
          var fw = tab.getAttribute("data-fw");
          box.querySelectorAll(".tab, pre.code").forEach(function (el) {
            el.classList.toggle("on", el.getAttribute("data-fw") === fw);
          });
        });
      });
      var copy = box.querySelector(".copy");
      copy.addEventListener("click", function () {
        var pre = box.querySelector("pre.code.on");
        var text = pre ? pre.textContent : "";
        function done() { copy.textContent = DATA.labels.copied; setTimeout(function () { copy.textContent = DATA.labels.copy; }, 1200); }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
        } else { fallback(text); done(); }
      });
    });
  }

  function fallback(text) {
    var ta = document.createElement("textarea");
    ta.value = text; ta.style.position = "fixed"; ta.style.opacity = "0";
    document.body.appendChild(ta); ta.select();
    try { document.execCommand("copy"); } catch (e) { /* the text stays selectable in the page */ }
    document.body.removeChild(ta);
  }

  function start() {
    wireCode();
    renderOverlay(DATA.overlay);
    document.querySelectorAll("section.run").forEach(function (section, i) {
      try { renderRun(section, DATA.runs[i], i); } catch (e) { fail(e && e.stack ? e.stack : e); }
    });
    function fit() {
      charts.forEach(function (r) {
        var w = Math.max(280, r.cell.clientWidth - 4);
        if (w !== r.chart.width) r.chart.setSize({ width: w, height: r.chart.height });
      });
    }
    window.addEventListener("resize", fit);
    fit();  // the first charts were sized before the page grew a scrollbar: a few pixels wider than their cell
    body.setAttribute("data-render-ms", String(Math.round(performance.now())));
    body.setAttribute("data-rendered", String(rendered));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
