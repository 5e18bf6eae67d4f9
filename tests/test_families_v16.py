"""The sixteenth-generation fault families (benchmarks/faults/families_v16.py): their labels use the contract's names,
their context uses real_runs/score.py's schema, their construction checks tell a run that shows its fault from one
that does not (on hand-made histories; the generated runs are checked by check_families_v16.py), the data faults are
built as labelled, and the code faults do what their description says (an f* at the chance loss stops the Polyak
step and an uncapped one takes any size, the sphere projection of a zero bias is NaN, resizing by the epoch's parity
alternates the resolution, DropBlock ignores eval mode when told to, the mixup criterion without the input mix floors the loss, the schedule counted in recordings
ends early), and the hand-written optimisers take the steps their papers define."""
from __future__ import annotations

import dataclasses
import math
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks" / "real_runs"))

from checks_v16 import shows  # noqa: E402
from families_v15 import FAMILIES_V15  # noqa: E402
from families_v16 import FAMILIES_V16, READER_FOR_V16, TRAINERS_V16, context  # noqa: E402
from family_contract import context_problems, history, label_problems  # noqa: E402
from trainers_v16 import WRITERS  # noqa: E402


def _fam(name: str) -> object:
    return next(f for f in FAMILIES_V16 if f.name == name)


def _small(name: str, **kw: object) -> object:
    return dataclasses.replace(_fam(name), n_train=32, n_val=8, **kw)  # type: ignore[type-var]


def test_labels_use_contract_names_and_one_family_per_curve_finding() -> None:
    assert not {f.name for f in FAMILIES_V16} & {f.name for f in FAMILIES_V15}
    assert all(f.name.startswith(("h16_", "f16_")) for f in FAMILIES_V16)
    assert not label_problems(FAMILIES_V16, TRAINERS_V16, READER_FOR_V16, WRITERS)
    assert {f.trainer for f in FAMILIES_V16} == set(TRAINERS_V16)  # every writer used
    assert not {f.data for f in FAMILIES_V16} & {f.data for f in FAMILIES_V15}
    assert not {f.model for f in FAMILIES_V16} & {f.model for f in FAMILIES_V15}
    assert not {f.optimizer for f in FAMILIES_V16} & {"adabound", "diffgrad", "aggmo", "laprop", "nesterov"}


def test_context_follows_the_real_runs_schema() -> None:
    from score import CONTEXT

    assert not context_problems(FAMILIES_V16, context, CONTEXT)
    assert context(_fam("h16_activity_poolformer_adamw_earlystop_restore_torch_tb"))["best_checkpoint"] is True
    assert context(_fam("h16_speed_poolformer_adamp_lincos_jsonl")) == {
        "task": "regression", "loss": "other", "fine_tune": False, "best_checkpoint": False}
    # the user whose mixup criterion lost its input mix still says cross-entropy
    assert context(_fam("f16_disagree_mixup_criterion_without_input_mix_poolformer_torch_tb"))["loss"] == "cross_entropy"


def test_healthy_checks_need_a_fall_and_a_flat_end() -> None:
    fam = _fam("h16_activity_squeezenet_adamp_lincos_kcsv")
    assert shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.5, 0.3, 0.25], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 1.0, 0.9, 0.8], [1.3, 0.9, 0.85, 0.8], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    assert not shows(fam, history([1.3, 0.6, 0.3, 0.2], [1.2, 0.4, 0.5, 0.6], [0.5, 0.8, 0.9, 0.92]), 4)[0]
    floor = _fam("h16_speed_poolformer_padam_fullbatch_50ep_pandas_tsv")  # the Student-t NLL: a 25 % fall
    assert shows(floor, history([1.4, 0.2, -0.3], [1.0, -0.2, -0.25]), 1)[0]  # it crosses zero
    assert not shows(floor, history([1.4, 1.2, 1.1], [1.2, 1.15, 1.1]), 1)[0]


def test_chance_level_checks_take_the_task_chance() -> None:
    ln4 = math.log(4)
    init = _fam("f16_init_db_conversion_skipped_squeezenet_bracket")  # 5 x ln 4 = 6.93
    assert shows(init, history([7.5, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    assert not shows(init, history([6.0, 0.6], [2.0, 0.6], [0.5, 0.8]), 4)[0]
    chance = _fam("f16_chance_calibration_tone_channel_squeezenet_kjson")
    assert shows(chance, history([ln4] * 3, [ln4] * 3, [0.24, 0.27, 0.25]), 4)[0]
    assert not shows(chance, history([ln4] * 3, [ln4, 1.0, 0.8], [0.25, 0.5, 0.7]), 4)[0]
    disagree = _fam("f16_disagree_mixup_criterion_without_input_mix_poolformer_torch_tb")
    assert shows(disagree, history([1.2, 1.08], [1.15, 1.07], [0.8, 0.9]), 4)[0]
    assert not shows(disagree, history([1.2, 0.3], [1.1, 0.3], [0.8, 0.9]), 4)[0]
    under = _fam("f16_underfit_dropblock_keep_prob_as_drop_squeezenet_pipe")
    assert shows(under, history([1.38, 1.1], [1.38, 1.12], [0.4, 0.5]), 4)[0]
    assert not shows(under, history([1.38, 0.3], [1.38, 0.35], [0.4, 0.9]), 4)[0]


@pytest.mark.parametrize("name", ["f16_rebound_stage2_maxnorm_whole_tensor_squeezenet_kv",
                                  "f16_spikes_77ghz_campaign_in_rotation_poolformer_pandas_tsv"])
def test_event_checks_look_at_the_injected_epoch(name: str) -> None:
    fam = _fam(name)
    flat = [1.0, 0.8, 0.7, 0.65, 0.6, 0.58, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.5, 0.5, 0.5]
    assert not shows(fam, history(flat, flat), 1)[0]
    bumped = list(flat)
    if "rebound" in name:
        start = fam.maxnorm_from  # type: ignore[attr-defined]
        bumped[start:] = [5.0] * (len(flat) - start)
    else:
        for e in fam.ghz77_epochs:  # type: ignore[attr-defined]
            bumped[e] = 3.0
    assert shows(fam, history(bumped, bumped), 1)[0]


def test_data_faults_are_built_as_labelled() -> None:
    from data_v16 import BINS, load_data

    tone = _small("f16_chance_calibration_tone_channel_squeezenet_kjson")
    bad, good = load_data(tone, 0), load_data(dataclasses.replace(tone, calibration_channel=False), 0)
    assert np.array_equal(bad.y_train, good.y_train) and not np.allclose(bad.x_train, good.x_train)
    # the tone's channel: every clip's mean spectrum peaks in the same bin, whatever its class
    assert len({int(np.argmax(x[0].mean(1))) for x in bad.x_train}) == 1
    leak = load_data(_small("f16_leak_clips_trimmed_to_annotation_squeezenet_hfstate"), 0)
    pad = leak.x_train[:, 0].max(1)  # the padded frames hold the same low value in every bin
    width = (pad <= pad.min() + 1e-6).sum(1)
    assert all(len(set(width[leak.y_train == k])) == 1 for k in range(4))  # the padding's length is the class
    glob = load_data(dataclasses.replace(_fam("f16_overfit_glob_one_subject_folder_poolformer_mlflow"), n_val=8), 0)
    assert len(glob.y_train) == 64
    gap_fam = _small("f16_gap_val_export_without_fftshift_squeezenet_jsonl")
    gap, ok = load_data(gap_fam, 0), load_data(dataclasses.replace(gap_fam, val_no_fftshift=False), 0)
    assert np.array_equal(gap.x_train, ok.x_train) and np.array_equal(gap.x_val, np.roll(ok.x_val, BINS // 2, 2))
    raw = load_data(_small("f16_init_db_conversion_skipped_squeezenet_bracket"), 0)
    assert raw.x_train.max() > 50 and abs(float(good.x_train.mean())) < 2
    spikes = load_data(_small("f16_spikes_77ghz_campaign_in_rotation_poolformer_pandas_tsv"), 0)
    assert spikes.x_train_77 is not None and spikes.x_train_77.shape == spikes.x_train.shape


def test_activities_differ_where_the_description_puts_them() -> None:
    from data_v16 import BINS, V_MAX, spectrograms, to_db

    rng = np.random.default_rng(0)
    kinds = np.repeat(np.arange(4), 30)
    x = to_db(spectrograms(kinds, np.zeros(len(kinds), int), rng))[:, 0]
    v = np.abs(np.linspace(-V_MAX, V_MAX, BINS))
    peak = v[np.argmax(x, axis=1)]  # the strongest bin's |velocity| per frame: the torso
    torso = np.median(peak, axis=1)
    # runners' torsos are faster than walkers', wavers' torsos stand still
    assert np.median(torso[kinds == 1]) > np.median(torso[kinds == 0]) > np.median(torso[kinds == 2])
    # a fall: the torso's speed changes within the clip far more than a walker's
    spread = peak.max(1) - peak.min(1)
    assert np.median(spread[kinds == 3]) > max(2.0, np.median(spread[kinds == 0]) + 1.0)
    fast = to_db(spectrograms(np.zeros(20, int), np.zeros(20, int), rng, speeds=np.full(20, 3.0)))[:, 0]
    slow = to_db(spectrograms(np.zeros(20, int), np.zeros(20, int), rng, speeds=np.full(20, 1.0)))[:, 0]
    assert np.median(v[np.argmax(fast, 1)]) > np.median(v[np.argmax(slow, 1)]) + 1.0  # speed moves the torso line


def test_polyak_step_stops_at_f_star_and_the_sphere_projection_of_zero_is_nan() -> None:
    import torch

    from models_v16 import SPS

    w = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    opt = SPS([w], c=0.5, gamma_b=0.5, f_star=math.log(4))
    w.grad = torch.tensor([0.3, 0.1])
    opt.step(math.log(4))  # the loss is at f*: no step at all
    assert torch.equal(w.detach(), torch.tensor([1.0, -2.0]))
    opt.step(2.0)
    assert opt.param_groups[0]["lr"] == 0.5  # capped
    opt.step(2.0, 0.5)
    assert opt.param_groups[0]["lr"] == 0.25  # a schedule's factor shrinks the cap
    uncapped = SPS([w], c=0.5, gamma_b=None)
    uncapped.step(2.0)
    assert uncapped.param_groups[0]["lr"] == pytest.approx(2.0 / (0.5 * 0.1))  # (f - 0) / (c ||g||^2)
    from trainers_v16 import _constrain

    fam = _fam("f16_nan_sphere_projection_all_params_poolformer_hfstdout")
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.GroupNorm(1, 2))
    _constrain(model, fam, 0)
    assert torch.isnan(model[1].bias).all() and torch.isfinite(model[0].weight).all()


def test_progressive_resizing_by_parity_and_recordings_schedule() -> None:
    import torch

    from trainers_v16 import _resize

    osc = _fam("f16_oscillate_progressive_size_by_epoch_parity_poolformer_logging")
    ok = dataclasses.replace(osc, size_by_parity=False, progressive=True, epochs=14)  # type: ignore[type-var]
    x = torch.zeros(2, 1, 32, 32)
    assert [_resize(x, osc, e).shape[-1] for e in range(4)] == [16, 32, 16, 32]
    assert [_resize(x, ok, e).shape[-1] for e in (0, 6, 7, 13)] == [16, 16, 32, 32]  # 14 epochs: half at 16
    from trainers_v16 import lr_factor

    bad = _fam("f16_plateau_lincos_steps_in_recordings_poolformer_kfit")
    good = dataclasses.replace(bad, decay_in_recordings=False)  # type: ignore[type-var]
    total = 15 * 19
    assert lr_factor(bad, total // bad.windows_per_recording, total, 19) == pytest.approx(0.001)  # type: ignore[attr-defined]
    assert lr_factor(good, total // 12, total, 19) > 0.8
    assert lr_factor(good, total, total, 19) == pytest.approx(0.001)
    stair = _fam("h16_activity_poolformer_adamod_staircase_lightning_tb")
    assert [lr_factor(stair, s, 200, 10) for s in (0, 23, 24, 48)] == [1.0, 1.0, 0.6, pytest.approx(0.36)]


def test_dropblock_in_eval_and_mixup_criterion_floor() -> None:
    import torch

    from models_v16 import DropBlock, label_mix_ce

    x = torch.ones(4, 8, 8, 8)
    ok, bad = DropBlock(0.3).eval(), DropBlock(0.3, in_eval=True).eval()
    assert torch.equal(ok(x), x) and not torch.equal(bad(x), x)
    heavy = DropBlock(0.9).train()(x)
    assert float((heavy == 0).float().mean()) > 0.6  # keep_prob 0.9 as drop_prob: most of the map gone
    # the label mix without the input mix: even a model that predicts the clip's own class with the best
    # probabilities (0.625 / 0.125) pays ~1.07, and a confident one pays more
    y = torch.randint(0, 4, (4000,), generator=torch.Generator().manual_seed(0))
    best = torch.full((4000, 4), 0.125).scatter(1, y[:, None], 0.625).log()
    sure = torch.full((4000, 4), -5.0).scatter(1, y[:, None], 5.0)
    gen = torch.Generator().manual_seed(1)
    floor = float(label_mix_ce(best, y, gen))
    assert 0.9 < floor < 1.2 and float(label_mix_ce(sure, y, gen)) > floor
    assert floor > 0.5 * math.log(4)


def test_hand_written_optimisers_take_their_papers_steps() -> None:
    import torch

    from models_v16 import AdaMod, AdamP, PAdam

    def one(opt_cls: type, shape: tuple[int, ...] = (1,), **kw: float) -> torch.Tensor:
        w = torch.nn.Parameter(torch.ones(shape))
        opt = opt_cls([w], **kw)
        (w ** 2).sum().backward()  # gradient 2
        opt.step()
        return w.detach()

    # PAdam: m = 0.2, vmax = 0.004, step 0.1 x 0.2 / 0.004^(1/8)
    assert float(one(PAdam, lr=0.1)) == pytest.approx(1 - 0.1 * 0.2 / 0.004 ** 0.125, rel=1e-4)
    # AdaMod's first step: its bound is the average (1 - beta3) x Adam's step size, so a thousandth of Adam's 0.1
    assert float(one(AdaMod, lr=0.1)) == pytest.approx(1 - 0.1 * 0.001, rel=1e-4)
    # AdamP on a weight whose gradient is radial (w^2: g parallel to w) takes Adam's step; on a scale-invariant
    # one (gradient orthogonal to the weight) the step has no radial part: the norm grows only to second order
    assert torch.allclose(one(AdamP, (2, 2), lr=0.1), torch.full((2, 2), 0.9), atol=1e-5)
    w = torch.nn.Parameter(torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
    opt = AdamP([w], lr=0.01)
    w.grad = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    opt.step()
    assert float(w.norm()) == pytest.approx(math.sqrt(2) * math.sqrt(1 + 0.01 ** 2), rel=1e-4)
