"""Bad input never escapes as anything but the library's error: the fuzzer's regressions, damaged MLflow databases,
odd directories, and a small seeded fuzzing budget over every format (the large budget is benchmarks/fuzz.py)."""
from __future__ import annotations

import gzip
import os
import tempfile
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

import fuzzing as F
from lossdoctor import read
from lossdoctor.errors import ReadError
from lossdoctor.readers._base import walk

REGRESSIONS = sorted((F.FIXTURES / "fuzz").iterdir())
SMALL_BUDGET = 12  # inputs per family: about 20 s in all on a laptop core


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_fuzz_regression(path: Path) -> None:
    """Through the API, every renderer, and the CLI's main (`diagnose PATH --format json`): no escape, no hang."""
    out = F.run_checks(path, timeout_s=60, renderers=("json", "markdown", "html", "text"), cli=True)
    assert out.problems == []
    assert out.cli in (0, 1, 2)


def test_regression_inputs_are_read_or_refused_as_the_format_allows() -> None:
    """Not only no crash: what can be read is read, what cannot names the file."""
    fx = F.FIXTURES / "fuzz"
    runs = read(fx / "csv_nonfinite_steps.csv")
    loss = next(s for s in runs[0].series if s.key == "loss")
    assert loss.steps.tolist() == [1.0, 2.0, 3.0, 4.0]
    assert any("not a finite number" in w for w in runs[0].warnings)
    tb = read(fx / "tb_huge_step")
    assert tb and all(len(s) > 0 for s in tb[0].series)
    with pytest.raises(ReadError, match="keras_history_deep.json"):
        read(fx / "keras_history_deep.json")
    text = read(fx / "text_huge_counters.log")[0]
    assert next(s for s in text.series if s.key == "loss").steps.tolist() == [1.0, 3.0, 5.0]  # sane counters kept


@pytest.mark.parametrize("statement", F._SQL)
def test_damaged_mlflow_database(statement: str, tmp_path: Path) -> None:
    db = gzip.decompress((F.FIXTURES / "mlflow" / "mlflow.db.gz").read_bytes())
    path = tmp_path / "mlflow.db"
    path.write_bytes(F._sql_mutate(db, [statement]))
    assert F.check(path, renderers=("json",)) == []


def test_a_byte_not_utf8_in_the_mlflow_schema_is_a_read_error(tmp_path: Path) -> None:
    """sqlite3 decodes the error about a damaged schema as UTF-8: one flipped bit in `CREATE INDEX` escaped as a
    UnicodeDecodeError (benchmarks/fuzz.py --seed 12, mlflow input 16539)."""
    db = bytearray(gzip.decompress((F.FIXTURES / "mlflow" / "mlflow.db.gz").read_bytes()))
    at = db.find(b"CREATE INDEX")
    db[at + 8] = 0xE9  # 'I' -> a Latin-1 byte, invalid in UTF-8
    path = tmp_path / "mlflow.db"
    path.write_bytes(bytes(db))
    with pytest.raises(ReadError, match="mlflow.db"):
        read(path)
    assert F.check(path, renderers=("json",)) == []


def test_a_broken_file_does_not_end_a_directory_scan(tmp_path: Path) -> None:
    (tmp_path / "a.db").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    (tmp_path / "b.sqlite").write_bytes(b"\xff\xfe" * 1000)
    (tmp_path / "history.json").write_bytes((F.FIXTURES / "keras" / "history.json").read_bytes())
    os.mkfifo(tmp_path / "train.log")  # opening it would block forever
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        runs = read(tmp_path)
    assert [r.format for r in runs] == ["keras_history"]


def test_a_fifo_or_device_named_on_its_own_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "train.log")
    with pytest.raises(ReadError, match="not a regular file"):
        read(tmp_path / "train.log")
    with pytest.raises(ReadError, match="not a regular file"):
        read("/dev/zero", "text")


def test_symlink_loops_give_each_run_once(tmp_path: Path) -> None:
    run = tmp_path / "runs" / "exp1"
    run.mkdir(parents=True)
    (run / "history.json").write_bytes((F.FIXTURES / "keras" / "history.json").read_bytes())
    os.symlink(tmp_path / "runs", run / "loop")
    os.symlink(run, tmp_path / "runs" / "alias")
    assert len(read(tmp_path / "runs")) == 1


def test_walk_is_iterative_at_any_depth() -> None:
    top = tempfile.mkdtemp(prefix="lossdoctor-deep-")  # not under pytest's basetemp: its clean-up recurses
    cur = os.path.join(top, "d")
    os.mkdir(cur)
    for _ in range(1500):  # os.walk and pathlib recurse: RecursionError near 1,000
        cur += "/d"
        os.mkdir(cur)
    with open(cur + "/x.log", "w") as fh:
        fh.write("Epoch 1 loss: 1\n")
    try:
        files = [os.path.join(d, f) for d, _, fs in walk(top) for f in fs]
        assert files == [cur + "/x.log"]
    finally:  # shutil.rmtree recurses too: remove it bottom-up
        os.remove(cur + "/x.log")
        while cur != os.path.dirname(top):
            os.rmdir(cur)
            cur = os.path.dirname(cur)


@pytest.mark.parametrize("family", sorted(F.families(F.seeds())))
def test_fuzz_small_budget(family: str, tmp_path: Path) -> None:
    seeds = F.families(F.seeds())[family]
    failures = []
    for i, seed, data, how in F.inputs(seeds, SMALL_BUDGET, seed=20261206):
        where = tmp_path / str(i)
        where.mkdir()
        problems = F.check(F.materialize(seed, data, where), renderers=("json", "markdown", "text"))
        failures += [f"input {i} ({seed.name}, {how}): {p}" for p in problems]
    assert failures == []


def test_a_very_long_line_is_cut_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "train.log"
    p.write_text("Epoch 1 loss: 0.9\n" + "x" * 1_100_000 + " loss: 5\nEpoch 2 loss: 0.8\nEpoch 3 loss: 0.7\n")
    run = read(p)[0]
    assert any("longer than" in w for w in run.warnings)
    assert next(s for s in run.series if s.key == "loss").values.tolist() == [0.9, 0.8, 0.7]


def test_a_megabyte_run_of_word_characters_is_read_in_linear_time(tmp_path: Path) -> None:
    """A callback pattern ('<name> improved from') once rescanned a long run of word characters from every start:
    a 4 MB mutated log took 28 s of CPU. Made here rather than committed (1 MB)."""
    p = tmp_path / "train.log"
    p.write_text("Epoch 1 loss: 0.9\nEpoch " + "9" * 1_000_000 + " loss: 0.5\nEpoch 2 loss: 0.8\nEpoch 3 loss: 0.7\n")
    assert F.check(p, timeout_s=10) == []


def test_a_chain_of_empty_folders_is_walked_through_not_sniffed(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sniff of a folder 1,500 deep tests paths of 1,500 parts: sniffing every level took 4 s of CPU. Only a
    folder with a file in it or one level down can hold a log directory."""
    import lossdoctor.readers as readers

    cur = tmp_path / "top"
    for _ in range(40):
        cur = cur / "d"
    cur.mkdir(parents=True)
    (cur / "train.log").write_text("Epoch 1 loss: 1.0\nEpoch 2 loss: 0.5\nEpoch 3 loss: 0.3\n")
    sniffed: list[Path] = []
    pick = readers._pick

    def counting(path: Path, forced: object) -> object:
        if path.is_dir():
            sniffed.append(path)
        return pick(path, forced)  # type: ignore[arg-type]

    monkeypatch.setattr(readers, "_pick", counting)
    runs = read(tmp_path / "top")
    assert [r.format for r in runs] == ["text"]
    assert sniffed == [cur.parent, cur]  # the folder above the log's, and the log's own


def test_copies_of_one_training_are_looked_for_among_close_runs_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 runs from one CSV whose epoch counter restarts: only runs whose losses start within the tolerance are
    compared (every pair was 2 million comparisons, 80 s of CPU), and true copies are still merged."""
    import lossdoctor.identity as identity
    import lossdoctor.readers.keras_csv as keras_csv

    monkeypatch.setattr(keras_csv, "MAX_RUNS_PER_FILE", 10_000)  # all 2,000 (identity takes runs from many files too)
    runs = read(F.FIXTURES / "fuzz" / "keras_csv_2000_runs_of_3_epochs.csv")
    assert len(runs) == 2000
    calls = []
    same = identity._same_signature
    monkeypatch.setattr(identity, "_same_signature", lambda a, b: calls.append(1) or same(a, b))
    assert len(identity.merge_duplicates(runs)) == 2000
    assert len(calls) < 10 * len(runs)
    twice = list(runs[:5]) + [replace(runs[3], name="copy", source="other.csv")]
    merged = identity.merge_duplicates(twice)
    assert len(merged) == 5 and merged[3].also_from == ("copy (keras_csv)",)


def test_a_line_of_tensors_is_read_in_linear_time() -> None:
    """1,500 tensors on one line: read well within the per-input CPU limit (it took ~35 s when each tensor searched
    the line from its start for a name), and the looking-back test agrees with the pattern it replaces."""
    import random

    from lossdoctor.readers.text_patterns import _NAMED_BEFORE, named_before

    assert F.check(F.FIXTURES / "fuzz" / "text_tensors_on_one_line.log", timeout_s=10) == []
    rng = random.Random(5)
    for _ in range(20_000):
        t = "".join(rng.choice("ab Z_9./-:= \t(\u00e9") for _ in range(rng.randrange(12)))
        assert named_before(t, len(t)) == (_NAMED_BEFORE.search(t) is not None), repr(t)


def test_runs_one_file_yields_are_capped_with_one_warning() -> None:
    """2,000 fits appended to one CSVLogger file (the fuzzer made 53,000 in 4 MB: 7.5 s to read, minutes to
    diagnose): the first MAX_RUNS_PER_FILE are read, and the first run says, once, how many were dropped."""
    from lossdoctor.readers.keras_csv import MAX_RUNS_PER_FILE

    runs = read(F.FIXTURES / "fuzz" / "keras_csv_2000_appended_runs.tsv")
    assert len(runs) == MAX_RUNS_PER_FILE < 2000
    assert runs[-1].name == f"keras_csv_2000_appended_runs #{MAX_RUNS_PER_FILE}"
    dropped = [w for r in runs for w in r.warnings if "dropped" in w]
    assert dropped == [f"2,000 runs appended to this one file; the first {MAX_RUNS_PER_FILE:,} are read, the other "
                       f"{2000 - MAX_RUNS_PER_FILE:,} dropped (at most {MAX_RUNS_PER_FILE:,} runs are read from one "
                       "file)"]
    assert {Path(r.source).name for r in runs} == {"keras_csv_2000_appended_runs.tsv"}


def test_the_cli_prints_a_files_appended_runs_warning_once(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """One line per appended run was 53,000 lines of warnings: the shared sentence is printed once per file."""
    import lossdoctor.readers.keras_csv as keras_csv
    from lossdoctor.cli import main

    monkeypatch.setattr(keras_csv, "MAX_RUNS_PER_FILE", 30)  # the same path at a size a test can diagnose
    assert main(["diagnose", str(F.FIXTURES / "fuzz" / "keras_csv_2000_appended_runs.tsv"), "--format", "json",
                 "--jobs", "1"]) in (0, 1)
    err = [ln for ln in capsys.readouterr().err.splitlines() if "warning" in ln]
    assert len([ln for ln in err if "runs appended to this file" in ln]) == 1
    assert len([ln for ln in err if "keras_csv_2000_appended_runs.tsv: 2,000 runs appended to this one file; the "
                "first 30 are read, the other 1,970 dropped" in ln]) == 1
    assert len(err) == 2, err
