/* TensorBoard's debiased EMA, the same as lossdoctor.stats.ema_debiased: a NaN/inf/null value passes
   through and does not advance the average; the first points are debiased by 1 - w^n. */
function ldEma(y, w) {
  if (!(w > 0)) return y;
  var out = new Array(y.length), last = 0, n = 0;
  for (var i = 0; i < y.length; i++) {
    var v = y[i];
    if (v === null || v === undefined || !isFinite(v)) { out[i] = v; continue; }
    last = last * w + (1 - w) * v;
    n += 1;
    var debias = w === 1 ? 1 : 1 - Math.pow(w, n);
    out[i] = debias > 0 ? last / debias : v;
  }
  return out;
}
if (typeof module !== "undefined" && module.exports) module.exports = ldEma;
