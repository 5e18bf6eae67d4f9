"""Parse each *shape* of log line once: lines that differ only in their numbers share one plan.

A training log prints the same few line templates thousands of times (`iter 120: loss 3.21, time 41ms`).
The numbers of a line are cut out (kept in order), the rest is the template; the full pattern analysis of
`text_patterns.py` runs once per template, on a canonical line whose numbers are stand-ins that name their
position, and the resulting plan (which number is the epoch, which is `val_loss`...) is then applied to
every line of that template. This keeps a 100k-line log well under a few seconds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Kind
from . import text_patterns as tp
from ._base import parse_float

# A number that stands alone (not inside an identifier such as 'top-1', 'loss_0', 'F1' or a version '2.4.0')
# (nor a cutoff after '@': 'recall@1'; nor the digits that open a name: '3d_train 88.13' of VideoPose3D-style logs is the name '3d_train')
NUMTOK = re.compile(r"(?<![\w\-.@])(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?!\d|[A-Za-z]+_)")
_BASE = 1_000_000  # stand-ins are _BASE + index: 7 digits, the shape (int/decimal/exponent) kept
_ID = re.compile(r"(?<!\d)\d{7}(?!\d)")  # exactly a stand-in (a longer digit run is text, not a number token)
_MAX_COUNT = float(2 ** 53)
_CACHE_MAX = 50_000


@dataclass(frozen=True)
class Ref:
    """A value in a plan: the i-th number of the line (with a '%' suffix if printed), or literal text."""

    index: int = -1
    literal: str = ""
    percent: bool = False
    over: int = -1  # "n/N": the index of N, the value is n / N

    def text(self, toks: list[str]) -> str:
        if self.index < 0:
            return self.literal
        return toks[self.index] + ("%" if self.percent else "")

    def int(self, toks: list[str]) -> int:
        x = float(self.text(toks))  # a counter printed with 309+ digits is inf: clamp it, it names no real step
        return int(min(max(x, -_MAX_COUNT), _MAX_COUNT)) if x == x else 0

    def value(self, toks: list[str]) -> float | None:
        if self.index < 0:
            return parse_float(self.literal)
        v = float(toks[self.index])
        if self.over >= 0:
            d = float(toks[self.over])
            return v / d if d else None
        return v / 100.0 if self.percent else v


@dataclass(frozen=True)
class Plan:
    """What one line template holds: counters, (key, value) pairs, or a Caffe net output."""

    epoch: Ref | None = None
    epoch_total: Ref | None = None
    step: Ref | None = None
    step_total: Ref | None = None
    batch: Ref | None = None
    batch_total: Ref | None = None
    pairs: tuple[tuple[str, Ref], ...] = ()
    caffe: tuple[str, str, Ref] | None = None  # (net, output name, value)
    bar_total: Ref | None = None  # N of a Keras progress line "n/N ━━━ ..."
    bar_n: Ref | None = None  # its n
    tqdm: Ref | None = None  # n of a tqdm bar after the epoch counter "Epoch 0:  14%|██▍  | 100/704 [..."
    tqdm_total: Ref | None = None
    unnamed: tuple[Ref, ...] = ()  # values printed without names: 'epoch, 0198, nan, nan' or '76930 2.6496577'
    lead: Ref | None = None  # the bare integer counter before them ('76930 2.6496577')

    @property
    def has_markers(self) -> bool:
        return any(r is not None for r in (self.epoch, self.epoch_total, self.step, self.step_total, self.batch,
                                           self.batch_total))

    def markers(self, toks: list[str]) -> tp.Markers:
        def num(r: Ref | None) -> int | None:
            return None if r is None else r.int(toks)

        return tp.Markers(num(self.epoch), num(self.epoch_total), num(self.step), num(self.step_total),
                          num(self.batch), num(self.batch_total), num(self.tqdm), num(self.tqdm_total))


_cache: dict[str, Plan] = {}


def split_numbers(seg: str) -> tuple[str, list[str]]:
    """(template, numbers): the template keeps each number's shape so that regexes behave alike on it."""
    parts = NUMTOK.split(seg)
    toks = parts[1::2]
    shapes = "".join("e" if ("e" in t or "E" in t) else ("f" if "." in t else "i") for t in toks)
    return "\x00".join(parts[0::2]) + "\x01" + shapes, toks


def plan_for(seg: str) -> tuple[Plan, list[str]]:
    """The plan of a segment's template (built on first sight) and the segment's numbers."""
    key, toks = split_numbers(seg)
    plan = _cache.get(key)
    if plan is None:
        plan = _build(seg, toks)
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[key] = plan
    return plan, toks


def _canonical(seg: str, toks: list[str]) -> str:
    parts = NUMTOK.split(seg)
    out = []
    for i, lit in enumerate(parts[0::2]):
        out.append(lit)
        if i < len(toks):
            t = toks[i]
            stand = str(_BASE + i)
            if "e" in t or "E" in t:
                stand += ".5e+07"
            elif "." in t:
                stand += ".5"
            out.append(("-" if t.startswith("-") else "") + stand)
    return "".join(out)


def restore_numbers(text: str, toks: list[str]) -> str:
    """A plan's text with the line's own numbers back in place of their stand-ins (a Caffe blob named
    'loss: 50%-fire-rate' keeps its 50)."""
    if not _ID.search(text):
        return text
    return _ID.sub(lambda m: toks[int(m.group()) - _BASE] if 0 <= int(m.group()) - _BASE < len(toks) else m.group(),
                   text)


def _ref(text: str, n: int) -> Ref:
    ids = [int(x) - _BASE for x in _ID.findall(text)]
    if ids and all(0 <= i < n for i in ids):
        if len(ids) == 2 and "/" in text:
            return Ref(index=ids[0], over=ids[1])
        return Ref(index=ids[0], percent=text.endswith("%"))
    return Ref(literal=text)


def _build(seg: str, toks: list[str]) -> Plan:
    canon = tp.cut_callback(_canonical(seg, toks))
    n = len(toks)
    caffe = tp.CAFFE_OUTPUT.search(canon)
    if caffe is not None:
        return Plan(caffe=(caffe.group(1).lower(), _caffe_name(canon, caffe), _ref(caffe.group(3), n)))
    m, rest = tp.find_markers(canon)

    def r(v: int | None) -> Ref | None:
        return None if v is None else _ref(str(v), n)

    pairs = tuple((k, _loss_ref(k, _ref(v, n))) for k, v in tp.metric_pairs(rest) if tp.classify(k).kind is not Kind.OTHER)
    bar = tp.KERAS_BAR.match(canon)
    epoch, step = r(m.epoch), r(m.step)
    assigned = tp.split_assigned(rest) if not bar and (epoch is not None or step is not None) \
        and not any(tp.classify(k).kind is Kind.LOSS for k, _ in pairs) else []
    pairs += tuple((tp.SPLIT_ASSIGNED_TAG + k, _ref(v, n)) for k, v in assigned)  # an epoch's 'train=x valid=y':
    #                                                                                aside, see text_log.finish
    if not bar and not assigned and not any(tp.names_split(k) for k, _ in pairs):  # kept aside, under a tag: see text_log.finish
        pairs += tuple((tp.SPLIT_ONLY_TAG + k, _ref(v, n)) for k, v in tp.split_only_pairs(rest))
    if not bar and not any(tp.classify(k).kind is Kind.LOSS for k, _ in pairs):  # aside too: text_log.finish
        pairs += tuple((tp.TOTAL_TAG + k, _ref(v, n)) for k, v in tp.total_pairs(rest))
    if epoch is None and pairs and m == tp.Markers():
        step = _lead_bracket(canon, n)
        epoch = _lead_counter(canon, n) if step is None else None
    unnamed, lead = _unnamed(rest, m, n) if not pairs and not bar else ((), None)
    return Plan(epoch, r(m.epoch_total), step, r(m.step_total), r(m.batch), r(m.batch_total), pairs,
                bar_total=_ref(bar.group(2), n) if bar else None, bar_n=_ref(bar.group(1), n) if bar else None, tqdm=r(m.bar), tqdm_total=r(m.bar_total),
                unnamed=unnamed, lead=lead)


_TOP_K = re.compile(r"\btop-(\d{1,2})\b")
_LAYER_INDEX = re.compile(r"([A-Za-z][\w\-]*[A-Za-z])(\d{1,3})")
_GLUED_LOSS_END = re.compile(r"(?<=[a-z0-9])loss$")  # 'ctcloss', not 'SoftmaxWithLoss' nor 'ctc_loss'



def _caffe_name(canon: str, caffe: re.Match[str]) -> str:
    """A Caffe net output marked as a loss layer's ('ctcloss = 0 (* 1 = 0 loss)') is a loss whatever its name, and a
    layer index glued to a known name is split off ('Accuracy1' -> 'Accuracy_1', 'SoftmaxWithLoss1' -> a loss):
    'ctcloss' is named 'ctc_loss', a name without the word 'loss' gets it appended ('mbox = ..' -> 'mbox_loss')."""
    name = caffe.group(2)
    indexed = _LAYER_INDEX.fullmatch(name)  # a layer's index glued to its name: 'Accuracy1', 'SoftmaxWithLoss1'
    if indexed is not None and (tp.classify(name).kind is Kind.OTHER or indexed.group(1).lower().endswith("loss")) \
            and tp.classify(indexed.group(1)).kind is not Kind.OTHER:
        name = f"{indexed.group(1)}_{indexed.group(2)}"
    if "top-" in name and tp.classify(name).kind is Kind.OTHER:  # GoogLeNet's heads: 'loss1/top-1' is top1 accuracy
        unhyphened = _TOP_K.sub(r"top\1", name)
        name = unhyphened if tp.classify(unhyphened).kind is not Kind.OTHER else name
    if tp.CAFFE_LOSS_MARK.match(canon, caffe.end()) is not None and _GLUED_LOSS_END.search(name):
        return f"{name[:-4]}_loss"  # 'ctcloss' (a loss read as one since readers29) keeps its name 'ctc_loss'
    if tp.classify(name).kind is Kind.LOSS or tp.CAFFE_LOSS_MARK.match(canon, caffe.end()) is None:
        return name
    return f"{name[:-4].rstrip('_')}_loss" if name.lower().endswith("loss") and len(name) > 4 else f"{name}_loss"


def _loss_ref(key: str, ref: Ref) -> Ref:
    """A '%' printed after a loss ('Loss: 2.520%', a slip in an f-string) is no percentage: a loss is not a share, so
    its number is read as printed; only rates (accuracy, error rate) are divided by 100."""
    if ref.percent and tp.classify(key).kind is Kind.LOSS:
        return Ref(index=ref.index, literal=ref.literal, over=ref.over)
    return ref


def _unnamed(rest: str, m: tp.Markers, n: int) -> tuple[tuple[Ref, ...], Ref | None]:
    """Values printed without names: after an epoch/step counter ('epoch, 0198, nan, nan, nan, nan', PointNetLK's
    logger), or after a bare integer on a line of numbers alone ('76930 2.6496577': print(step, loss))."""
    if m.epoch is not None or m.step is not None:
        if tp._GAP not in rest:
            return (), None
        cells = tp.unnamed_values(rest.rsplit(tp._GAP, 1)[1])
        return (tuple(_ref(c, n) for c in cells), None) if cells else ((), None)
    if m != tp.Markers():
        return (), None
    cells = tp.unnamed_values(rest)
    if cells is not None and 2 <= len(cells) <= _ROW_CELLS and _DECIMAL.fullmatch(cells[0]):
        return tuple(_ref(c, n) for c in cells), None  # print(loss, acc) on every iteration: '2.411124 0.132812'
    if cells is None or len(cells) < 2 or not _ID.fullmatch(cells[0]):  # the counter: an integer stand-in
        return (), None
    return tuple(_ref(c, n) for c in cells[1:]), _ref(cells[0], n)


_DECIMAL = re.compile(r"-?\d{7}\.5(?:e\+07)?")  # a decimal's stand-in: a measured value, not a counter
_ROW_CELLS = 8  # values of a row without names: a few printed values, not a dumped vector


def _lead_bracket(canon: str, n: int) -> Ref | None:
    """'[12]\ttrain-logloss:0.31' (XGBoost), '[1000] train_loss=6.5' (clu): the step in brackets opening the line."""
    lead = tp.LEAD_BRACKET.match(canon)
    if lead is None:
        return None
    ref = _ref(lead.group(1), n)
    return ref if ref.index >= 0 and ref.over < 0 else None


def _lead_counter(canon: str, n: int) -> Ref | None:
    """`print(epoch, 'Train loss:', loss)` -> '0 Train loss: 0.69': a bare integer before the names counts epochs."""
    lead = tp.LEAD_COUNTER.match(canon)
    if lead is None:
        return None
    ref = _ref(lead.group(1), n)
    return ref if ref.index >= 0 and ref.over < 0 else None
