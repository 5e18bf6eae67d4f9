"""The real-run corpus's bookkeeping (benchmarks/real_runs/): every meta.json follows the schema, every id sits in
the part its hash names, and no run is in both parts. Nothing here diagnoses a log: the sealed part is scored only
by `benchmarks/real_runs/score.py --part sealed`, once per rule release (benchmarks/real_runs/README.md)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "real_runs"


def _score_module():
    spec = importlib.util.spec_from_file_location("real_runs_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


score = _score_module()


def test_meta_files_follow_the_schema_and_the_hash_split():
    problems = score.check_meta("dev") + score.check_meta("sealed")
    assert not problems, "\n".join(problems)


def test_the_split_is_fixed_by_the_id():
    assert score.part_of("gh-example-1") == score.part_of("gh-example-1")
    parts = [score.part_of(f"gh-example-{i}") for i in range(400)]
    assert 0.5 < parts.count("sealed") / len(parts) < 0.7  # 60 % sealed by construction


def test_no_run_is_in_both_parts_and_labels_are_names():
    dev = {p.name for p in (CORPUS / "dev").iterdir() if p.is_dir()} if (CORPUS / "dev").exists() else set()
    sealed = {p.name for p in (CORPUS / "sealed").iterdir() if p.is_dir()} if (CORPUS / "sealed").exists() else set()
    assert not dev & sealed
    for part in ("dev", "sealed"):
        for meta_path in sorted((CORPUS / part).glob("*/meta.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            assert set(meta["labels"]) <= set(score.NAMES), meta_path
            assert meta["healthy"] == (meta["labels"] == []), meta_path


def _write_run(base: Path, run_id: str, **extra: object) -> None:
    meta = {"id": run_id, "source_url": "https://example.org/t", "quote": "it overfits", "quote_by": "commenter",
            "labels": ["overfitting"], "acceptable": [], "healthy": False, "excerpt": True, "framework": "keras",
            "format": "keras fit stdout", "num_classes": None, "labelled_before_running": True, "notes": "", **extra}
    run = base / score.part_of(run_id) / run_id
    run.mkdir(parents=True)
    (run / "meta.json").write_text(json.dumps(meta))
    (run / "train.log").write_text("Epoch 1/2\n- loss: 0.5\n")


def test_batch_key_is_checked_and_selects_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(score, "HERE", tmp_path)
    ids = [f"gh-batch-example-{i}" for i in range(12)]
    for i, run_id in enumerate(ids):
        _write_run(tmp_path, run_id, **({"batch": "2026-12-06"} if i % 2 else {}))
    assert not score.check_meta("dev") + score.check_meta("sealed")
    for part in ("dev", "sealed"):
        new = {c.id for c in score.load_part(part, "2026-12-06")}
        old = {c.id for c in score.load_part(part, score.FIRST_BATCH)}
        assert new == {r for i, r in enumerate(ids) if i % 2 and score.part_of(r) == part}
        assert old == {r for i, r in enumerate(ids) if not i % 2 and score.part_of(r) == part}
        assert new | old == {c.id for c in score.load_part(part)}
    _write_run(tmp_path, "gh-batch-suffixed", batch="2026-12-06-r3")  # a second collection on the same day
    assert [c.id for c in score.load_part(score.part_of("gh-batch-suffixed"), "2026-12-06-r3")] == ["gh-batch-suffixed"]
    assert not score.check_meta("dev") + score.check_meta("sealed")
    _write_run(tmp_path, "gh-batch-bad-date", batch="Dec 6")
    _write_run(tmp_path, "gh-batch-bad-suffix", batch="2026-12-06-")
    _write_run(tmp_path, "gh-batch-bad-key", collected="2026-12-06")
    problems = " ".join(score.check_meta("dev") + score.check_meta("sealed"))
    assert "gh-batch-bad-date: batch 'Dec 6' is not a date" in problems
    assert "gh-batch-bad-suffix: batch '2026-12-06-' is not a date" in problems
    assert "gh-batch-bad-key: keys ['collected'] differ" in problems


def test_seen_logs_are_marked_and_left_out_by_unseen(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(score, "HERE", tmp_path)
    fresh = [r for r in (f"gh-seen-example-{i}" for i in range(12)) if score.part_of(r) == "sealed"]
    for i, run_id in enumerate(fresh):
        _write_run(tmp_path, run_id, **({"seen": True} if i == 0 else {}))
    assert not score.check_meta("sealed")
    assert [c.id for c in score.load_part("sealed") if c.seen] == [fresh[0]]
    monkeypatch.setattr(score, "diagnose_case", lambda c, context=False: pytest.fail(f"{c.id} was scored") if c.seen else
                        score.Outcome.__new__(score.Outcome))
    monkeypatch.setattr(score, "summarize", lambda outs: {"runs": len(outs)})
    monkeypatch.setattr(score, "summary_lines", lambda part, s: [f"{part}: {s['runs']} runs"])
    score.main(["--part", "sealed", "--unseen"])
    assert capsys.readouterr().out.startswith(f"sealed: {len(fresh) - 1} runs")
    _write_run(tmp_path, "gh-seen-bad", seen="yes")
    assert "gh-seen-bad: seen 'yes' is not true or false" in " ".join(score.check_meta("dev") + score.check_meta("sealed"))


def test_context_is_passed_only_with_the_flag(tmp_path, monkeypatch):
    """--context hands each case's stated context to diagnose (a user's --best-checkpoint); without it, nothing."""
    monkeypatch.setattr(score, "HERE", tmp_path)
    run_id = next(r for r in (f"gh-context-example-{i}" for i in range(12)) if score.part_of(r) == "dev")
    _write_run(tmp_path, run_id, context={"task": "classification", "loss": None, "best_checkpoint": True})
    log = Path(__file__).resolve().parents[1] / "examples" / "overfitting-keras" / "training.csv"
    run_dir = tmp_path / "dev" / run_id
    (run_dir / "train.log").unlink()
    (run_dir / "training.csv").write_bytes(log.read_bytes())
    assert not score.check_meta("dev")
    (case,) = score.load_part("dev")
    assert case.context == (("task", "classification"), ("best_checkpoint", True))
    plain = dict((n, s) for n, s, _ in score.diagnose_case(case).findings)
    stated = dict((n, s) for n, s, _ in score.diagnose_case(case, context=True).findings)
    assert plain["overfitting"] == "warning" and stated["overfitting"] == "info"


def _outcome(labels: set[str], findings: list[tuple[str, str]], healthy: bool = False):
    case = score.Case(id="gh-x", log=Path("x.log"), labels=frozenset(labels), acceptable=frozenset(), healthy=healthy,
                      excerpt=True, num_classes=None)
    return score.Outcome(case=case, loss_points=5, findings=[(n, sev, 0.8) for n, sev in findings])


def test_named_at_any_severity_counts_a_right_note_but_never_a_wrong_warning():
    """The second agreement figure: a note naming the person's diagnosis counts where `agrees` needs a warning; a wrong
    warning or a warning on a healthy run still disagrees, and a right note beside a wrong warning does not count."""
    note = _outcome({"underfitting"}, [("underfitting", "info")])
    assert not score.agrees(note) and score.names_it(note)
    wrong = _outcome({"underfitting"}, [("underfitting", "info"), ("loss_spikes", "warning")])
    assert not score.names_it(wrong)
    other_note = _outcome({"underfitting"}, [("plateau", "info")])
    assert not score.names_it(other_note)
    healthy_warned = _outcome(set(), [("overfitting", "warning")], healthy=True)
    healthy_noted = _outcome(set(), [("plateau", "info")], healthy=True)
    assert not score.names_it(healthy_warned) and score.names_it(healthy_noted)
    s = score.summarize([note, wrong, other_note, healthy_warned, healthy_noted])
    assert (s["agree"], s["named"], s["named_problem"]) == (1, 2, 1)


# The read-only check (score.py --read-only): what it counts as a printed NaN and as a loss line, so that 'read
# whole' means every value a person reads.

def test_best_so_far_initial_inf_is_no_printed_nan() -> None:
    """lcnn's 'best_mean_loss: inf' before any evaluation is the tracker's 'none yet', no value of the run."""
    assert not score.prints_nan_loss("iter: 100  mean_loss: 1.83 best_mean_loss: inf\n")
    assert not score.prints_nan_loss("epoch 1 loss 0.5 min_val_loss=inf\n")
    assert score.prints_nan_loss("iter: 200  mean_loss: nan best_mean_loss: 1.83\n")
    assert score.prints_nan_loss("epoch 3 loss: inf\n")


def test_same_second_copies_of_a_line_count_once() -> None:
    """Each TPU core / DDP rank logs the same line in the same second: one loss line each time."""
    xla = ("| Training Device=xla:0/3 Epoch=1 Step=0 Loss=6.89059 Rate=2.12 Time=07:28:19\n"
           "| Training Device=xla:0/0 Epoch=1 Step=0 Loss=6.89059 Rate=2.13 Time=07:28:19\n"
           "| Training Device=xla:0/3 Epoch=1 Step=20 Loss=6.50001 Rate=26.12 Time=07:28:19\n"
           "| Training Device=xla:0/0 Epoch=1 Step=20 Loss=6.50001 Rate=26.12 Time=07:28:19\n")
    assert score.loss_line_count(xla) == 2  # two steps in one second stay two lines
    ddp = ("2024-12-30 19:43:24 | INFO | Training metrics - Loss: 6.3321, Accuracy: 1.7064\n"
           "2024-12-30 19:43:24 | INFO | Training metrics - Loss: 6.3311, Accuracy: 1.7248\n"
           "2024-12-30 19:59:10 | INFO | Training metrics - Loss: 5.3372, Accuracy: 6.8533\n")
    assert score.loss_line_count(ddp) == 2


def test_lines_without_a_clock_or_with_milliseconds_all_count() -> None:
    assert score.loss_line_count("loss: 0.5\nloss: 0.5\nloss: 0.4\n") == 3
    ms = ("2021-08-21 01:28:04,669 | Epoch: 0 | Train Loss: 3.1\n"
          "2021-08-21 01:28:04,671 | Epoch: 0 | Train Loss: 3.0\n")
    assert score.loss_line_count(ms) == 2


def _case(cid: str, labels: set[str]) -> "score.Case":
    return score.Case(id=cid, log=Path(cid), labels=frozenset(labels), acceptable=frozenset(), healthy=not labels,
                      excerpt=False, num_classes=None)


def test_peer_diff_lists_runs_a_peer_gets_and_lossdoctor_misses_and_counts_the_reverse():
    over, calm, nan = _case("gh-over", {"overfitting"}), _case("gh-calm", set()), _case("gh-nan", {"nan_inf"})
    outs = [score.Outcome(over, loss_points=20, findings=[("plateau", "note", None)]),
            score.Outcome(calm, loss_points=20, findings=[("overfitting", "warning", 0.7)]),
            score.Outcome(nan, loss_points=20, findings=[("nan_inf", "error", 0.9)])]
    peers = {"runmedic": {"gh-over": ({"overfitting"}, True, "overfitting (warning)"),
                      "gh-calm": (set(), False, ""),
                      "gh-nan": (set(), False, "")}}
    lines = score.peer_diff_lines(outs, peers)
    assert lines[0].startswith("runmedic: agrees where lossdoctor does not on 2 runs (0 only by a note")
    assert lines[0].endswith("lossdoctor agrees where it does not on 1")
    assert [ln.split()[1] for ln in lines[1:]] == ["gh-over", "gh-calm"]
    assert "runmedic: overfitting (warning)" in lines[1] and "ours: plateau(n)" in lines[1]
    # a case the peer never saw (no series read) is no agreement of the peer's
    assert not score.peer_case_agrees(over, None)


def test_peer_diff_marks_a_right_answer_the_peer_gave_only_as_a_note():
    over = _case("gh-over", {"overfitting"})
    outs = [score.Outcome(over, loss_points=20, findings=[("overfitting", "info", 0.7)])]
    # runmedic's 'overfitting' at severity info: a note, which lossdoctor's own agreement would not count
    lines = score.peer_diff_lines(outs, {"runmedic": {"gh-over": ({"overfitting"}, False, "overfitting (info)")}})
    assert "(1 only by a note" in lines[0] and lines[1].lstrip().startswith("n gh-over")
    assert score.peer_loud("runmedic", "overfitting (warning); val_below_train (info)") == {"overfitting"}
    assert score.peer_loud("losslint (native log)", "error: ValueError: no log") == set()


def test_excerpts_lists_silent_problem_excerpts_or_healthy_ones_and_never_on_sealed(capsys):
    """--excerpts silent: the short excerpts with a problem that got no finding at all (the misses of the summary's
    'short excerpts with a problem: any finding'); --excerpts healthy: the healthy short excerpts (the price of a new
    note). A long run, a noted excerpt and a healthy run are not 'silent'."""
    def case(i: str, healthy: bool, excerpt: bool):
        return score.Case(i, Path(i), frozenset() if healthy else frozenset({"plateau"}), frozenset(), healthy,
                          excerpt, None)

    outs = [score.Outcome(case("silent", False, True), loss_points=3),
            score.Outcome(case("noted", False, True), loss_points=3, findings=[("plateau", "info", 0.3)]),
            score.Outcome(case("long", False, False), loss_points=40),
            score.Outcome(case("calm", True, True), loss_points=2)]
    assert [o.case.id for o in score.excerpt_cases(outs, "silent")] == ["silent"]
    assert [o.case.id for o in score.excerpt_cases(outs, "healthy")] == ["calm"]
    with pytest.raises(SystemExit):
        score.main(["--part", "sealed", "--excerpts", "silent"])
    assert "no per-run lines on the sealed part" in capsys.readouterr().err


def test_a_metric_only_log_is_read_and_diagnosed(tmp_path, monkeypatch):
    """An accuracy-only log whose every value the reader takes is read (and handed to the rules); a log that gives
    neither a loss nor a metric series is not."""
    monkeypatch.setattr(score, "HERE", tmp_path)
    acc_id, none_id = (next(r for r in (f"gh-{kind}-example-{i}" for i in range(12)) if score.part_of(r) == "dev")
                       for kind in ("acc", "none"))
    _write_run(tmp_path, acc_id)
    _write_run(tmp_path, none_id)
    (tmp_path / "dev" / acc_id / "train.log").write_text(
        "".join(f"Epoch {i}: train_acc=0.{50 + i}, val_acc=0.{49 + i}\n" for i in range(1, 9)))
    (tmp_path / "dev" / none_id / "train.log").write_text("Epoch 1: lr=0.1\nEpoch 2: lr=0.05\nEpoch 3: lr=0.01\n")
    diagnosed: list[str] = []
    real = score.lossdoctor.diagnose
    monkeypatch.setattr(score.lossdoctor, "diagnose", lambda run, **kw: diagnosed.append(run.name) or real(run, **kw))
    outs = {c.id: score.diagnose_case(c) for c in score.load_part("dev")}
    acc, none = outs[acc_id], outs[none_id]
    assert acc.loss_points == 0 and acc.metric_points == 8 and acc.read_ok and not acc.under_read
    assert not none.read_ok and none.findings == []
    assert len(diagnosed) == 1


def test_a_run_copied_twice_is_reported(tmp_path, monkeypatch):
    """The same log under two ids (a card's table and the run's own file, a mirror of a thread) is reported by
    --check; a different run of the same thread, and short logs that only share a few numbers, are not."""
    monkeypatch.setattr(score, "HERE", tmp_path)
    ids = [f"gh-copy-example-{i}" for i in range(5)]
    for run_id in ids:
        _write_run(tmp_path, run_id)
    logs = [tmp_path / score.part_of(r) / r / "train.log" for r in ids]
    losses = [f"{1 / (i + 2):.4f}" for i in range(30)]
    logs[0].write_text("".join(f"Epoch {i + 1} - loss: {v}\n" for i, v in enumerate(losses)))
    logs[1].write_text("| Epoch | Loss |\n" + "".join(f"| {i + 1} | {v} |\n" for i, v in enumerate(losses)))
    logs[2].write_text("".join(f"Epoch {i + 1} - loss: {1 / (i + 2.5):.4f}\n" for i in range(30)))
    logs[3].write_text("Epoch 1 - loss: 0.6931\n")
    logs[4].write_text("Epoch 1 - loss: 0.6931\nEpoch 2 - loss: 0.6930\n")
    problems = score.duplicate_logs()
    assert len(problems) == 1 and ids[0] in problems[0] and ids[1] in problems[0]
    logs[4].write_text("Epoch 1 - loss: 0.6931\n")  # byte for byte the same short log
    problems = score.duplicate_logs()
    assert len(problems) == 2 and any(ids[3] in p and ids[4] in p for p in problems)
