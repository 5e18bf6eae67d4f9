/* lossdoctor report: says when this machine has no font with Chinese glyphs, instead of leaving empty boxes.
   Two different characters are drawn with the page's own font stack: identical pixels mean both came out as the
   "missing glyph" box. body[data-cjk] records the answer (ok / missing / n/a) for the browser test. */
(function () {
  "use strict";
  function cjkMissing() {
    var c = document.createElement("canvas");
    c.width = 48; c.height = 48;
    var g = c.getContext && c.getContext("2d");
    if (!g) return null;
    var family = window.getComputedStyle(document.body).fontFamily || "sans-serif";
    function draw(ch) {
      g.clearRect(0, 0, 48, 48);
      g.font = "36px " + family;
      g.fillStyle = "#000";
      g.textBaseline = "top";
      g.fillText(ch, 4, 4);
      return g.getImageData(0, 0, 48, 48).data;
    }
    var a = draw("\u4e2d"), b = draw("\u62a5");  // 中, 报: different shapes in any real CJK font
    for (var i = 3; i < a.length; i += 4) { if (a[i] !== b[i]) return false; }
    return true;
  }
  function run() {
    var body = document.body;
    var zh = (document.documentElement.lang || "").indexOf("zh") === 0 ||
      /[\u4e00-\u9fff]/.test((body.textContent || "").slice(0, 20000));
    if (!zh) { body.setAttribute("data-cjk", "n/a"); return; }
    var missing = cjkMissing();
    body.setAttribute("data-cjk", missing === null ? "unknown" : (missing ? "missing" : "ok"));
    if (missing) {
      var note = document.getElementById("cjk-note");
      if (note) note.hidden = false;
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
