"""Plain-text and Markdown tables of the benchmark results (evaluate.py computes, this file lays out)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from peers import PeerResult
from scoring import Score


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _pr(sc: Score, name: str) -> str:
    p, r = sc.precision(name), sc.recall(name)
    if p is None and r is None:
        return "—"
    return f"{pct(p)} / {pct(r)}"


def summary_rows(ours: Score, names: list[str], peer_scores: dict[str, tuple[Score, set[str]]],
                 n_runs: int) -> list[list[str]]:
    rows = [["lossdoctor", str(n_runs), pct(ours.macro_f1(names)), f"{ours.groups_hit}/{ours.groups}",
             f"{ours.false_alarms}/{ours.healthy} ({pct(ours.false_alarm_rate)})", pct(ours.top3)]]
    for peer, (sc, scope) in peer_scores.items():
        in_scope = [n for n in names if n in scope]
        rows.append([peer, str(n_runs), pct(sc.macro_f1(in_scope)) + f" ({len(in_scope)} names)",
                     f"{sc.groups_hit}/{sc.groups}",
                     f"{sc.false_alarms}/{sc.healthy} ({pct(sc.false_alarm_rate)})", "n/a"])
    return rows


def rule_rows(ours: Score, names: list[str], peer_scores: dict[str, tuple[Score, set[str]]]) -> list[list[str]]:
    rows = []
    all_names = sorted(set(names) | {n for n in ours.fp})
    for n in all_names:
        row = [n, str(ours.tp[n]), str(ours.fp[n]), str(ours.fn[n]), _pr(ours, n)]
        peers = []
        for peer, (sc, scope) in peer_scores.items():
            if n in scope:
                peers.append(f"{peer}: {_pr(sc, n)}")
        row.append("; ".join(peers) or "—")
        row.append(_verdict(ours, n, peer_scores))
        rows.append(row)
    return rows


def _verdict(ours: Score, name: str, peer_scores: dict[str, tuple[Score, set[str]]]) -> str:
    mine = ours.f1(name)
    scored = [(sc.f1(name), p) for p, (sc, scope) in peer_scores.items() if name in scope]
    best = max(((f, p) for f, p in scored if f is not None), default=None)
    if best is None:
        return "no peer has it"
    if mine is None:  # lossdoctor never fired it and no run needed it: the groups were named otherwise
        return "not needed (lossdoctor named those runs with another accepted name)"
    if mine == 0.0 and best[0] == 0.0:
        return "neither finds it"
    if mine > best[0] + 0.02:
        return f"ahead (F1 {mine:.2f} vs {best[0]:.2f} {best[1]})"
    if mine < best[0] - 0.02:
        return f"behind (F1 {mine:.2f} vs {best[0]:.2f} {best[1]})"
    return f"tied (F1 {mine:.2f})"


def peer_errors(records: list[dict[str, Any]], peers: dict[str, dict[str, PeerResult]]) -> str:
    """Which peers could not read or crashed on which runs (by format): part of what a user gets."""
    fmt = {r["id"]: r["format"] for r in records}
    parts = []
    for peer, res in peers.items():
        bad = [rid for rid, r in res.items() if r.raw and r.raw[0].startswith("error")]
        if bad:
            by_fmt: dict[str, int] = defaultdict(int)
            for rid in bad:
                by_fmt[fmt[rid]] += 1
            first = res[bad[0]].raw[0].removeprefix("error: ")[:90]
            parts.append(f"{peer} failed on {len(bad)} of {len(res)} runs ("
                         + ", ".join(f"{k} {v}" for k, v in sorted(by_fmt.items())) + f"; e.g. {bad[0]}: {first})")
    return "; ".join(parts)


def md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(out)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


SUMMARY_H = ["tool", "runs", "symptom macro-F1", "expected symptoms found", "false alarms on healthy",
             "top-3 cause"]
RULE_H = ["finding", "TP", "FP", "FN", "lossdoctor P / R", "peers P / R (on the names they have)", "vs peers"]
KERAS_H = ["scenario", "epochs", "EarlyStopping() stops at (per seed)",
           "lossdoctor best epoch (val-loss min)", "val-acc lost by stopping", "ReduceLROnPlateau() cuts"]
