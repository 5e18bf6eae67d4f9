"""The terminal report: snapshot of a fixed report (plain text, no colour codes) and the facts it must show."""
from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from lossdoctor.engine import Report
from lossdoctor.report import markdown, terminal
from lossdoctor.report.sparkline import BARS, NONFINITE, sparklines
from report_fixtures import assert_snapshot, fixed_report, healthy_report


def test_text_snapshot_en() -> None:
    assert_snapshot("fixed_report.en.txt", terminal.render([fixed_report()], "en", details=True))
    assert_snapshot("fixed_report.brief.en.txt", terminal.render([fixed_report()], "en", width=80))


def test_text_snapshot_zh() -> None:
    assert_snapshot("fixed_report.zh.txt", terminal.render([fixed_report()], "zh", details=True))
    assert_snapshot("fixed_report.brief.zh.txt", terminal.render([fixed_report()], "zh", width=80))


def test_brief_is_one_screen_with_problem_proof_next() -> None:
    out = terminal.render([fixed_report()], "en", width=80)
    lines = out.rstrip("\n").split("\n")
    assert len(lines) <= terminal.BRIEF_MAX_LINES and max(len(line) for line in lines) <= 80
    assert lines[1].startswith("Problem  LD108 NaN / inf loss — val_loss became nan at epoch 10")
    assert re.search(r"^Proof +loss .*2 → 0\.12$", out, re.M)
    assert re.search(r"^ +val_loss .*2\.1 → 1\.15 → inf \(2 NaN/inf\)$", out, re.M)  # shape, numbers, blow-up
    assert re.search(r"^Next +Lower the learning rate 10x\.$", out, re.M)
    assert "optimizer = torch.optim.Adam" in out  # the next action's code
    assert re.search(r"^Also +LD101 overfitting · 1 explained by the main problem$", out, re.M)
    for hidden in ("Likely causes", "Rate of change", "skipped", "Stop early"):  # behind --details
        assert hidden not in out
    assert "--details" in out


def test_brief_zh_aligns_labels_by_cell_width() -> None:
    out = terminal.render([fixed_report()], "zh", width=80)
    from rich.cells import cell_len
    starts = [line for line in out.split("\n") if line.startswith(("问题", "依据", "下一步"))]
    assert len(starts) == 3
    for line in starts:  # the text after the label starts at column 9, whatever the label's script
        label = line.split(" ")[0]
        rest = line[len(label):]
        assert cell_len(label) + len(rest) - len(rest.lstrip(" ")) == 9


def test_primary_first_then_findings_by_severity_with_numbers() -> None:
    out = terminal.render([fixed_report()], "en", details=True)
    assert "\x1b[" not in out  # plain text when colour is off
    lead = out.index("Main problem: LD108")
    assert lead < out.index("LD101 overfitting")
    assert "Also considered: LD101 overfitting — ranks lower: less severe (warning vs error)" in out
    assert out.index("LD101 overfitting") < out.index("LD109 loss_spikes")  # warning before info
    assert "0.92" in out and "(explained by nan_inf)" in out
    assert "1. learning rate too high (lr_too_high) 50%" in out
    assert "skipped: LD111, LD116 no training accuracy" in out
    assert "Rate of change" in out and "validation stopped improving" in out
    assert "optimizer = torch.optim.Adam" in out  # the fix's code (pytorch: the only code it has)


def test_sparkline_shows_nan_and_shape() -> None:
    out = terminal.render([fixed_report()], "en")
    val_line = next(line for line in out.splitlines() if line.strip().startswith("val_loss ") and "→" in line)
    assert NONFINITE in val_line and "1.15 → inf (2 NaN/inf)" in val_line


def test_colour_only_when_asked() -> None:
    assert "\x1b[" in terminal.render([fixed_report()], "en", color=True)


def test_zh_has_chinese_labels() -> None:
    out = terminal.render([fixed_report()], "zh", details=True)
    for word in ("主要问题", "可能原因", "修复方法", "已跳过", "错误"):
        assert word in out


def test_many_runs_summary_worst_first() -> None:
    out = terminal.render([healthy_report(), fixed_report()], "en", details=True)
    head = out.split("\n\n")[0]
    assert re.search(r"Run\s+Verdict\s+Top finding\s+Best epoch", head)
    assert head.index("fixed-run") < head.index("healthy-run")
    assert re.search(r"✖\s+fixed-run\s+error\s+LD108 NaN / inf loss\s+5", head)
    # sections follow the same order
    assert out.index("fixed-run  [") < out.index("healthy-run  [")
    # short by default: the healthy run is a line of the summary, only the run with a problem gets its screen
    brief = terminal.render([healthy_report(), fixed_report()], "en")
    assert "fixed-run  [" in brief and "healthy-run  [" not in brief and "healthy-run" in brief


def test_thirty_runs_summary_fits_one_screen() -> None:
    from dataclasses import replace
    reps = [replace(healthy_report(), run=replace(healthy_report().run, name=f"exp/seed{i}")) for i in range(27)]
    reps += [replace(fixed_report(), run=replace(fixed_report().run, name=f"bad/run{i}")) for i in range(3)]
    out = terminal.render(reps, "en", width=80)
    summary = out.split("\n\n")[0].split("\n")
    assert len(summary) <= 24 and all(len(line) <= 80 for line in summary)
    assert all(f"bad/run{i}" in out.split("\n\n")[0] for i in range(3))
    assert "27 healthy: exp/seed0, exp/seed1" in out


def test_sparklines_shape_and_shared_x() -> None:
    x = np.arange(8.0)
    a, b, c = sparklines([(x, np.linspace(1, 0, 8)), (x, np.full(8, 0.5)), (x[:4] * 2, 0.3 + (x[:4] - 2) ** 2)],
                         width=8)
    assert a[0] == BARS[-1] and a[-1] == BARS[0]  # a falling curve, top to bottom
    assert set(b) == {BARS[len(BARS) // 2]}  # a flat curve sits mid-height
    assert c[0] == BARS[-1] and BARS[0] in c[2:5] and c[-1] != BARS[0]  # a U on its own scale, every 2nd bucket


def test_confidence_is_shown_when_a_finding_is_not_sure() -> None:
    """Every format says how sure an unsure finding is; a sure one speaks for itself (JSON always has the number)."""
    from dataclasses import replace

    from lossdoctor.report import html, markdown

    rep = fixed_report()

    def graded(c: float) -> object:
        return replace(rep, findings=tuple(replace(f, confidence=c) if f.code == "LD108" else f for f in rep.findings))

    unsure, low, sure = graded(0.62), graded(0.3), graded(0.95)
    assert "LD108 NaN / inf loss (confidence 0.62) — val_loss" in terminal.render([unsure], "en", width=80)
    assert "(confidence 0.62)" in markdown.render([unsure], "en")
    assert "confidence 0.62" in html.render([unsure], "en")
    assert "置信度 0.62" in terminal.render([unsure], "zh", width=80)
    assert "(low confidence 0.30)" in terminal.render([low], "en", width=80)
    assert "confidence" not in terminal.render([sure], "en", width=80).split("\n")[1]
    assert next(f for f in sure.to_dict()["findings"] if f["code"] == "LD108")["confidence"] == 0.95


def test_a_healthy_short_excerpt_says_how_little_was_seen() -> None:
    """Four epochs without a finding are not a clean bill of health: the verdict says how little it rests on and
    what would settle it (an over-fit turn or a late blow-up needs more epochs to show)."""
    short = healthy_report()  # 4 epochs
    for out in (terminal.render([short], "en"), terminal.render([short], "en", details=True),
                markdown.render([short], "en")):
        flat = " ".join(out.split())
        assert "No problem found in 4 epochs" in flat and "6 more epochs" in flat and "low confidence" in flat
    assert "在4轮内未发现问题" in "".join(terminal.render([short], "zh").split())
    run = short.run
    longer = Report(replace(run, series=tuple(replace(s, steps=np.arange(12.0), values=np.linspace(1.0, 0.3, 12))
                                              for s in run.series)), ())
    out = " ".join(terminal.render([longer], "en").split())
    assert "No problem found." in out and "short excerpt" not in out
