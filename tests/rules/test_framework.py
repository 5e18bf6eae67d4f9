"""The rule framework: measure -> judge -> explain, the verdict stamped on the finding, options from the user, shared
views computed once, confidence on every finding of the catalogue."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from lossdoctor.config import ConfigError, Options
from lossdoctor.findings import Finding, Severity
from lossdoctor.i18n import Text
from lossdoctor.model import Kind
from lossdoctor.rules import RULES, Context, Requirement, Verdict, define, opt
from lossdoctor.rules.docs import example_options, examples, load_example

from _shapes import run_of

EXAMPLES = Path(__file__).parent / "examples"


@dataclass(frozen=True)
class _Opts:
    limit: float = opt(1.0, "the last loss above this is reported (a test rule)")


@dataclass(frozen=True)
class _Ev:
    last: float
    points: int


def _toy():
    calls: list[str] = []

    def measure(ctx: Context, o: _Opts) -> _Ev:
        calls.append("measure")
        c = ctx.loss_curve(1)
        return _Ev(float(c.values[-1]), int(c.values.size))

    def judge(e: _Ev, o: _Opts) -> Verdict | None:
        calls.append("judge")
        if e.last <= o.limit:
            return None
        return Verdict(Severity.INFO, 0.42, Text("More epochs would settle it.", "再多几轮即可确定。"))

    def explain(e: _Ev, v: Verdict, o: _Opts) -> Finding:
        calls.append("explain")
        return Finding("LD999", "toy", Severity.ERROR, Text(f"last {e.last:g}", f"最后 {e.last:g}"))

    rule = define(code="LD999", name="toy", severity=Severity.INFO, requires=(Requirement(Kind.LOSS),),
                  summary=Text("toy", "玩具"), options=_Opts, measure=measure, judge=judge, explain=explain)
    return rule, calls


def test_the_verdict_is_stamped_on_the_finding_and_settle_appended() -> None:
    rule, calls = _toy()
    (f,) = rule.check(Context(run_of(loss=[3.0, 2.0]), Options()))
    assert calls == ["measure", "judge", "explain"]
    assert f.severity is Severity.INFO and f.confidence == 0.42  # the verdict wins over what explain wrote
    assert f.message.en == "last 2 More epochs would settle it." and f.message.zh.endswith("再多几轮即可确定。")


def test_judge_uses_the_users_options_and_refuses_unknown_ones() -> None:
    rule, calls = _toy()
    run = run_of(loss=[3.0, 2.0])
    assert rule.check(Context(run, Options(rules={"LD999": {"limit": 5.0}}))) == []
    assert "explain" not in calls
    with pytest.raises(ConfigError, match="no option 'limt'"):
        rule.check(Context(run, Options(rules={"LD999": {"limt": 5.0}})))


def test_shared_views_are_computed_once_per_run() -> None:
    ctx = Context(run_of(loss=[3.0, 2.0, 1.5, 1.2, 1.0], val_loss=[3.1, 2.2, 1.8, 1.6, 1.5]), Options())
    assert ctx.pair(Kind.LOSS) is ctx.pair(Kind.LOSS)
    assert ctx.loss_curve(3) is ctx.loss_curve(3)
    assert ctx.loss_curve(6) is None


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_finding_of_every_bad_example_carries_a_confidence(rule) -> None:
    bad, _ = examples(EXAMPLES, rule.code)
    for path in bad:
        run, _ = load_example(path)
        found = rule.check(Context(run, example_options(path)))
        assert found, path.name
        for f in found:
            assert 0.05 <= f.confidence <= 0.99, (path.name, f.confidence)
            assert f.code == rule.code and f.name == rule.name
