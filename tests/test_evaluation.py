"""Evaluation metrics against hand computations on a bag-of-words linear classifier whose right answers are
known in closed form (tests/toy_bow.py), plus randomization, stability, agreement and the dataset runner."""
import json
import math

import numpy as np
import pandas as pd
import pytest
import torch

import xai_widgets as xw
from toy_bow import WEIGHTS, bow_adapter, p_positive
from xai_widgets.evaluation import (agreement, agreement_matrix, available_metrics, cascading_randomization,
                                    faithfulness, get_metric, parameter_checksum, plausibility, stability,
                                    stability_of)
from xai_widgets.evaluation import runner as runner_mod
from xai_widgets.evaluation.faithfulness import FaithfulnessPlan, bin_sizes, run_plans
from xai_widgets.results import Attribution

TEXT = "the film is great but the plot is dull"
WORDS = TEXT.split()
# the words ranked by their true weight (ties in any order: they give the same probabilities)
RANKED = ["great", "film", "is", "is", "the", "the", "but", "plot", "dull"]


@pytest.fixture(scope="module")
def bow():
    return bow_adapter()


def true_attribution(adapter, text=TEXT, sign=1.0):
    """The right answer: each token's weight (to the positive logit), as an Attribution."""
    enc = adapter.encode(text)
    scores = [0.0 if s else sign * WEIGHTS.get(t, 0.0) for t, s in zip(enc.tokens, enc.special)]
    probs = adapter.predict_ids([enc.input_ids])[0]
    return Attribution(text=text, tokens=enc.tokens, scores=np.array([scores]), targets=[1], labels=adapter.labels,
                       probabilities=probs, method="truth" if sign > 0 else "reversed", special=enc.special,
                       word_ids=enc.word_ids)


def trapezoid(ys):
    n = len(ys) - 1
    return sum((ys[j] + ys[j + 1]) / 2 / n for j in range(n))


# ------------------------------------------------------------------------------------------ the toy model
def test_toy_model_matches_closed_form_and_gradient_x_input_recovers_weights(bow):
    enc = bow.encode(TEXT)
    assert [t for t, s in zip(enc.tokens, enc.special) if not s] == WORDS
    assert bow.predict_ids([enc.input_ids])[0][1] == pytest.approx(p_positive(WORDS), abs=1e-6)
    r = xw.explain(TEXT, model=bow, method="gradient_x_input", target=1, output="logit")
    np.testing.assert_allclose(r.scores[0], true_attribution(bow).scores[0], atol=1e-6)


# ------------------------------------------------------------------------------------------ faithfulness
def test_bins_follow_floor_with_at_least_one_token():
    assert bin_sizes(9, (0.01, 0.05, 0.10, 0.20, 0.50)) == [1, 1, 1, 1, 4]
    assert bin_sizes(9, [round(0.1 * i, 1) for i in range(1, 11)]) == [1, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert bin_sizes(3, (0.5, 1.0)) == [1, 3]


def test_comprehensiveness_and_sufficiency_equal_hand_computation(bow):
    full = p_positive(WORDS)
    without_great = [w for w in WORDS if w != "great"]
    only_top4 = ["great", "film", "is", "is"]
    comp = full - np.mean([p_positive(without_great)] * 4 + [p_positive(["the", "but", "the", "plot", "dull"])])
    suff = full - np.mean([p_positive(["great"])] * 4 + [p_positive(only_top4)])
    res = faithfulness(bow, true_attribution(bow))
    assert res.probability == pytest.approx(full, abs=1e-6)
    assert res.values["comprehensiveness"] == pytest.approx(comp, abs=1e-6)
    assert res.values["sufficiency"] == pytest.approx(suff, abs=1e-6)
    ks = [1, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    aopc_c = np.mean([full - p_positive(RANKED[k:]) for k in ks])
    aopc_s = np.mean([full - p_positive(RANKED[:k]) for k in ks])
    assert res.values["aopc_comprehensiveness"] == pytest.approx(aopc_c, abs=1e-6)
    assert res.values["aopc_sufficiency"] == pytest.approx(aopc_s, abs=1e-6)
    assert res.bins["aopc_sufficiency"]["k"] == ks
    assert res.bins["aopc_sufficiency"]["drop"][-1] == pytest.approx(0.0, abs=1e-6)  # all tokens kept


def test_deletion_and_insertion_curves_equal_hand_computation(bow):
    res = faithfulness(bow, true_attribution(bow), metrics=["deletion_auc", "insertion_auc"])
    deletion = [p_positive(RANKED[j:]) for j in range(10)]
    insertion = [p_positive(RANKED[:j]) for j in range(10)]
    x, y = res.curves["deletion"]
    np.testing.assert_allclose(x, np.arange(10) / 9)
    np.testing.assert_allclose(y, deletion, atol=1e-6)
    np.testing.assert_allclose(res.curves["insertion"][1], insertion, atol=1e-6)
    assert insertion[0] == pytest.approx(0.5)  # nothing left: sigmoid(0)
    assert res.values["deletion_auc"] == pytest.approx(trapezoid(deletion), abs=1e-6)
    assert res.values["insertion_auc"] == pytest.approx(trapezoid(insertion), abs=1e-6)
    assert set(res.values) == {"deletion_auc", "insertion_auc"}


def test_true_attribution_beats_reversed_one_in_every_direction(bow):
    good = faithfulness(bow, true_attribution(bow)).values
    bad = faithfulness(bow, true_attribution(bow, sign=-1.0)).values
    for name, v in good.items():
        spec = get_metric(name)
        assert spec.better(v, bad[name]), (name, v, bad[name])


def test_replacement_by_mask_or_pad_equals_removal_on_the_toy_model(bow):
    attr = true_attribution(bow)
    removed = faithfulness(bow, attr, replacement="remove").values
    for rep in ("mask", "pad"):
        got = faithfulness(bow, attr, replacement=rep).values
        for k in removed:
            assert got[k] == pytest.approx(removed[k], abs=1e-6)
    with pytest.raises(ValueError, match="replacement"):
        faithfulness(bow, attr, replacement="blank")


def test_absolute_ranking_puts_strong_negative_evidence_first(bow):
    res = faithfulness(bow, true_attribution(bow), metrics=["deletion_auc"], ranking="absolute")
    # |w|: great 2.0, dull 1.5, film .3, plot .2, but .1, is, is, the, the
    by_abs = ["great", "dull", "film", "plot", "but", "is", "is", "the", "the"]
    np.testing.assert_allclose(res.curves["deletion"][1], [p_positive(by_abs[j:]) for j in range(10)], atol=1e-6)


def test_all_metrics_of_one_attribution_use_one_batched_model_call(bow, monkeypatch):
    good, bad = true_attribution(bow), true_attribution(bow, sign=-1)
    calls = []
    real = bow.predict_ids
    monkeypatch.setattr(bow, "predict_ids", lambda seqs, output="probability": calls.append(len(seqs)) or
                        real(seqs, output=output))
    faithfulness(bow, good)
    assert len(calls) == 1 and calls[0] == 1 + 5 + 5 + 10 + 10 + 10 + 10
    calls.clear()
    plans = [FaithfulnessPlan(bow, good), FaithfulnessPlan(bow, bad)]
    run_plans(bow, plans)
    assert len(calls) == 1


def test_curve_points_subsample_the_curves(bow):
    res = faithfulness(bow, true_attribution(bow), metrics=["deletion_auc"], curve_points=4)
    assert res.curves["deletion"][0] == pytest.approx([0, 3 / 9, 6 / 9, 1])  # j = 0, floor(9/3), floor(18/3), 9
    both = FaithfulnessPlan(bow, true_attribution(bow), ["aopc_comprehensiveness", "deletion_auc"], curve_points=11)
    assert len({row.tobytes() for row in both.keep}) == 1 + 9  # the curve reuses the AOPC inputs (k = 1,1,2..9)


def test_word_merged_attributions_are_refused(bow):
    attr = true_attribution(bow, text="the film is unwatchable")
    with pytest.raises(ValueError, match="merge_words"):
        faithfulness(bow, attr.merge_words())


def test_metrics_describe_themselves():
    names = available_metrics()
    for n in ["comprehensiveness", "sufficiency", "aopc_comprehensiveness", "aopc_sufficiency", "deletion_auc",
              "insertion_auc", "token_f1", "iou_f1", "auprc", "kendall_tau", "top_k_overlap", "seed_kendall",
              "score_spread", "randomization_spearman"]:
        assert n in names
    assert get_metric("comprehensiveness").higher_is_better and get_metric("comprehensiveness").arrow == "\u2191"
    assert not get_metric("sufficiency").higher_is_better and get_metric("sufficiency").direction == "lower"
    assert not get_metric("deletion_auc").higher_is_better and get_metric("insertion_auc").higher_is_better
    assert get_metric("auprc").needs == ("attribution", "rationale")
    assert set(available_metrics("plausibility")) == {"token_f1", "iou_f1", "auprc"}
    assert json.dumps(get_metric("Deletion-AUC").to_json())
    with pytest.raises(ValueError, match="unknown metric"):
        get_metric("nope")


# ------------------------------------------------------------------------------------------ plausibility
def _attr(scores, special=None):
    n = len(scores)
    return Attribution(text="x " * n, tokens=[f"t{i}" for i in range(n)], scores=np.array([scores]), targets=[1],
                       labels=["neg", "pos"], probabilities=[0.2, 0.8], method="hand",
                       special=special or [False] * n)


def test_plausibility_equals_hand_computation():
    # content scores [0.9, 0.8, 0.1, 0.7]; rationale tokens 0 and 3
    a = _attr([0.0, 0.9, 0.8, 0.1, 0.7, 0.0], special=[True, False, False, False, False, True])
    got = plausibility(a, [0, 1, 0, 0, 1, 0])
    # hard rationale = top 2 = tokens {0, 1}: P = 1/2, R = 1/2 -> F1 = 1/2
    assert got["token_f1"] == pytest.approx(0.5)
    # spans: predicted [0,2), gold [0,1) and [3,4): IOU([0,2),[0,1)) = 1/2 -> P = 1/1, R = 1/2 -> F1 = 2/3
    assert got["iou_f1"] == pytest.approx(2 / 3)
    # PR points (R, P): (.5, 1) at 0.9, (.5, .5) at 0.8, (1, 2/3) at 0.7, plus (0, 1): trapezoids = 0.5 + 7/24
    assert got["auprc"] == pytest.approx(0.5 + 7 / 24)
    same = plausibility(a, [1, 0, 0, 1])  # a mask over the content tokens only
    assert same == got
    perfect = plausibility(a, [1, 1, 0, 0], k=2)
    assert perfect == {"token_f1": 1.0, "iou_f1": 1.0, "auprc": pytest.approx(1.0)}
    with pytest.raises(ValueError, match="rationale has"):
        plausibility(a, [1, 0])


# ------------------------------------------------------------------------------------------ agreement
def test_agreement_equals_hand_and_scipy():
    from scipy.stats import kendalltau, spearmanr

    a, b = _attr([3.0, 2.0, 1.0, 0.0]), _attr([0.0, 2.0, 3.0, 1.0])
    got = agreement(a, b, k=2)
    assert got["top_k_overlap"] == 0.5  # {t0, t1} vs {t2, t1}
    assert got["kendall_tau"] == pytest.approx(kendalltau([3, 2, 1, 0], [0, 2, 3, 1])[0])
    assert got["spearman"] == pytest.approx(spearmanr([3, 2, 1, 0], [0, 2, 3, 1])[0])
    assert agreement(a, a)["kendall_tau"] == pytest.approx(1.0)
    m = agreement_matrix([a, _attr([-3.0, -2.0, -1.0, 0.0])])
    assert m.values[0, 1] == pytest.approx(-1.0) and m.values[0, 0] == 1.0
    assert math.isnan(agreement(a, _attr([1.0, 1.0, 1.0, 1.0]))["kendall_tau"])


# ------------------------------------------------------------------------------------------ stability
def test_stability_of_identical_runs_is_perfect_and_seeds_move_lime(tiny_bert):
    same = stability(tiny_bert, "This movie is great, but the ending drags.", "lime", seeds=(0, 0), num_samples=40)
    assert same.values["seed_kendall"] == pytest.approx(1.0) and same.values["score_spread"] == pytest.approx(0.0)
    diff = stability(tiny_bert, "This movie is great, but the ending drags.", "lime", seeds=(0, 1, 2),
                     num_samples=40)
    assert len(diff.runs) == 3 and diff.values["score_spread"] > 0
    assert -1 <= diff.values["seed_kendall"] <= 1 and 0 <= diff.values["seed_top_k"] <= 1
    counts = stability(tiny_bert, "A fine film.", "lime", sample_param="num_samples", sample_values=[20, 40])
    assert [s["num_samples"] for s in counts.settings] == [20, 40]
    assert list(counts.to_pandas()["metric"]) == ["seed_kendall", "seed_top_k", "score_spread"]


def test_stability_of_hand_made_runs():
    runs = [_attr([1.0, 0.5, 0.0]), _attr([2.0, 1.0, 0.0])]  # same up to scale
    got = stability_of(runs, k=1)
    assert got == {"seed_kendall": pytest.approx(1.0), "seed_top_k": 1.0, "score_spread": pytest.approx(0.0)}


# ------------------------------------------------------------------------------------------ sanity
def _state(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def test_cascading_randomization_leaves_the_users_model_untouched(tiny_bert):
    before, checksum = _state(tiny_bert.model), parameter_checksum(tiny_bert.model)
    training = tiny_bert.model.training
    res = cascading_randomization(tiny_bert, "This movie is great, but the ending drags.", "gradient_x_input",
                                  target=1)
    assert parameter_checksum(tiny_bert.model) == checksum
    after = _state(tiny_bert.model)
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert tiny_bert.model.training == training
    assert res.steps == ["head", "layer 1", "layer 0", "embeddings"]
    assert len(res.spearman) == len(res.spearman_abs) == 4 and len(res.attributions) == 5
    assert all(r.targets == [1] for r in res.attributions)
    df = res.to_pandas()
    assert list(df["randomized_through"]) == res.steps and df["step"].tolist() == [1, 2, 3, 4]


def test_randomization_flags_a_method_that_ignores_the_model(tiny_bert):
    text = "This movie is great, but the ending drags."

    def token_length(adapter, text, target):  # ignores the model entirely
        r = xw.explain(text, model=adapter, method="occlusion", target=target)
        r.scores = np.array([[0.0 if s else float(len(t)) + 0.01 * i
                              for i, (t, s) in enumerate(zip(r.tokens, r.special))]])
        return r

    res = cascading_randomization(tiny_bert, text, token_length, target=0)
    assert res.spearman_abs == pytest.approx([1.0] * 4) and not res.passed
    assert "FLAGGED" in repr(res)


def test_randomization_steps_of_a_model_without_a_base_model(bow):
    res = cascading_randomization(bow, TEXT, "gradient_x_input", target=1)
    assert res.steps == ["embed"]
    assert parameter_checksum(bow.model) == parameter_checksum(bow_adapter().model)


# ------------------------------------------------------------------------------------------ dataset runner
TEXTS = ["the film is great but the plot is dull", "a boring film", "fun but the plot is dull"]


def test_evaluate_gives_a_tidy_table_batched_over_examples(bow, monkeypatch):
    calls = []
    real = runner_mod.run_plans
    monkeypatch.setattr(runner_mod, "run_plans", lambda a, plans: calls.append(len(plans)) or real(a, plans))
    res = xw.evaluate(bow, TEXTS, methods=["gradient_x_input", "saliency"])
    assert calls == [6]  # one scoring call for all (<= batch_examples) examples, both methods and all metrics
    calls.clear()
    again = xw.evaluate(bow, TEXTS, methods=["gradient_x_input", "saliency"], batch_examples=2)
    assert calls == [4, 2]
    pd.testing.assert_frame_equal(again.to_pandas(), res.to_pandas())
    with pytest.raises(ValueError, match="batch_examples must be an int >= 1"):
        xw.evaluate(bow, TEXTS, methods=["saliency"], batch_examples=0)
    df = res.to_pandas()
    assert list(df.columns) == ["example", "text", "method", "metric", "value", "higher_is_better", "category"]
    assert len(df) == 3 * 2 * 6
    assert df["value"].notna().all()
    attr = res.attribution("gradient_x_input", 0)
    expected = faithfulness(bow, attr).values
    got = df[(df.example == 0) & (df.method == "gradient_x_input")].set_index("metric")["value"]
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, abs=1e-9)
    summary = res.summary()
    assert list(summary.index) == ["gradient_x_input", "saliency"]
    assert "comprehensiveness \u2191" in summary.columns and "sufficiency \u2193" in summary.columns
    # on this model the saliency norms are all equal (no ranking): gradient x input must be more faithful
    assert summary.loc["gradient_x_input", "comprehensiveness \u2191"] > summary.loc["saliency",
                                                                                   "comprehensiveness \u2191"]
    times = res.times()
    assert len(times) == 6 and (times["seconds"] > 0).all()
    curves = res.mean_curve("deletion", points=5)
    assert set(curves) == {"gradient_x_input", "saliency"} and len(curves["saliency"]) == 5


def test_evaluate_resumes_from_its_cache(bow, tmp_path, monkeypatch):
    first = xw.evaluate(bow, TEXTS[:2], methods=["gradient_x_input", "occlusion"], cache=str(tmp_path))
    assert len(list(tmp_path.glob("*.json"))) == 4

    def boom(*a, **k):
        raise AssertionError("recomputed a cached explanation")

    monkeypatch.setattr("xai_widgets.evaluation.runner.run_method", boom)
    again = xw.evaluate(bow, TEXTS[:2], methods=["gradient_x_input", "occlusion"], cache=str(tmp_path))
    assert again.times()["cached"].all()
    # the key holds the resolved parameters: naming a default explicitly is the same explanation ...
    explicit = xw.evaluate(bow, TEXTS[:2], methods=["gradient_x_input", "occlusion"], cache=str(tmp_path),
                           method_params={"occlusion": {"window": 1}})
    assert explicit.times()["cached"].all()
    # ... and another value is not
    with pytest.raises(AssertionError, match="recomputed"):
        xw.evaluate(bow, TEXTS[:2], methods=["occlusion"], cache=str(tmp_path), method_params={"occlusion": {"window": 2}})
    a, b = first.to_pandas(), again.to_pandas()
    np.testing.assert_allclose(a["value"], b["value"])
    monkeypatch.undo()
    third = xw.evaluate(bow, TEXTS, methods=["gradient_x_input", "occlusion"], cache=str(tmp_path))
    assert third.times()["cached"].tolist() == [True] * 4 + [False] * 2
    assert len(list(tmp_path.glob("*.json"))) == 6


def test_evaluate_with_rationales_adds_plausibility(bow):
    rationales = [[0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], None, [0, 1, 0, 0, 0, 0, 1, 0]]
    res = xw.evaluate(bow, TEXTS, methods=["gradient_x_input"], rationales=rationales)
    df = res.to_pandas().set_index(["example", "metric"])["value"]
    assert df[(0, "token_f1")] == pytest.approx(0.5)  # top 2 = great, film; gold = great, dull
    assert math.isnan(df[(1, "auprc")])
    assert df[(2, "token_f1")] == pytest.approx(0.5)  # top 2 = fun, is; gold = fun, dull
    with pytest.raises(ValueError, match="rationales"):
        xw.evaluate(bow, TEXTS, methods=["saliency"], metrics=["auprc"])
    with pytest.raises(ValueError, match="stability"):
        xw.evaluate(bow, TEXTS, methods=["saliency"], metrics=["seed_kendall"])


def test_default_texts_are_a_fixed_heldout_sample():
    from xai_widgets.data import rotten_tomatoes_split

    texts = runner_mod.default_texts(5)
    assert texts == runner_mod.default_texts(5) and len(set(texts)) == 5
    _, heldout = rotten_tomatoes_split()
    assert set(texts) <= set(heldout["text"])


# ------------------------------------------------------------------------------------------ report widget state
def test_report_widget_state(bow, tmp_path):
    from xai_widgets.widgets import EvaluationReport

    res = xw.evaluate(bow, TEXTS, methods=["gradient_x_input", "saliency"])
    w = res.widget()
    assert isinstance(w, EvaluationReport)
    assert [m["name"] for m in w.methods] == ["gradient_x_input", "saliency"]
    assert {m["name"]: m["arrow"] for m in w.metrics}["sufficiency"] == "\u2193"
    assert len(w.examples) == 3 and len(w.examples[0]["results"]) == 2
    assert len(w.grid) == 21 and set(w.curves) == {"deletion", "insertion"}
    w.sort_by, w.sort_desc = "comprehensiveness", True
    assert w.sorted_methods()[0] == "gradient_x_input"
    import traitlets

    with pytest.raises(traitlets.TraitError):
        w.sort_by = "nope"
    with pytest.raises(traitlets.TraitError):
        w.selected = 99
    html = res.to_html(tmp_path / "report.html").read_text(encoding="utf-8")
    assert "evaluation_report" in html and "https://" not in html.split("<script")[0]
    assert "text/plain" in res._repr_mimebundle_()


# ------------------------------------------------------------------------------------------ checks in evaluate
def test_evaluate_runs_sanity_and_stability_checks_and_caches_them(bow, tmp_path, monkeypatch):
    methods = ["gradient_x_input", "occlusion", "lime"]
    params = {"lime": {"num_samples": 150}}
    res = xw.evaluate(bow, TEXTS, methods=methods, method_params=params, sanity_examples=2, stability_examples=1,
                      stability_seeds=(0, 1, 2), cache=str(tmp_path))
    kinds = [(c["check"], c["method"], c["example"]) for c in res.checks]
    assert sorted(kinds) == sorted([("sanity", m, i) for m in methods for i in (0, 1)] + [("stability", "lime", 0)])
    # the summaries are the means of the stand-alone functions
    direct = [cascading_randomization(bow, TEXTS[i], "occlusion") for i in (0, 1)]
    san = res.sanity_summary()
    assert list(san.columns) == direct[0].steps + ["flagged", "n"]
    assert san.loc["occlusion", direct[0].steps[-1]] == pytest.approx(np.mean([d.final for d in direct]))
    assert san.loc["occlusion", "flagged"] == sum(not d.passed for d in direct) and san.loc["occlusion", "n"] == 2
    stab = stability(bow, TEXTS[0], "lime", seeds=(0, 1, 2), num_samples=150)
    got = res.stability_summary()
    assert list(got.index) == ["lime"]  # only the seeded method
    for k, v in stab.values.items():
        assert got.loc["lime", k] == pytest.approx(v, nan_ok=True)
    # a second run takes every check from the cache
    monkeypatch.setattr("xai_widgets.evaluation.checks.cascading_randomization", None)
    monkeypatch.setattr("xai_widgets.evaluation.checks.stability", None)
    again = xw.evaluate(bow, TEXTS, methods=methods, method_params=params, sanity_examples=2, stability_examples=1,
                        stability_seeds=(0, 1, 2), cache=str(tmp_path))
    pd.testing.assert_frame_equal(again.sanity_summary(), san)
    for bad, match in [({"sanity_examples": -1}, "sanity_examples must be an int >= 0"),
                       ({"stability_examples": 1, "stability_seeds": (3, 3)}, "at least two different seeds")]:
        with pytest.raises(ValueError, match=match):
            xw.evaluate(bow, TEXTS, methods=["lime"], **bad)


def test_result_agreement_is_the_mean_of_pairwise_agreement(bow):
    res = xw.evaluate(bow, TEXTS, methods=["gradient_x_input", "occlusion", "lime"])
    mat = res.agreement("kendall_tau", ranking="absolute")
    pairs = [agreement(res.attribution("gradient_x_input", i), res.attribution("occlusion", i),
                       ranking="absolute")["kendall_tau"] for i in range(3)]
    assert mat.loc["gradient_x_input", "occlusion"] == pytest.approx(np.nanmean(pairs))
    assert mat.loc["occlusion", "gradient_x_input"] == mat.loc["gradient_x_input", "occlusion"]
    assert np.allclose(np.diag(mat.values), 1.0)
    state = res.widget().checks
    assert state["agreement"]["methods"] == ["gradient_x_input", "occlusion", "lime"]
    assert state["agreement"]["matrix"][0][1] == pytest.approx(mat.loc["gradient_x_input", "occlusion"])
    assert "sanity" not in state and "stability" not in state
    with pytest.raises(ValueError, match="unknown agreement metric"):
        res.agreement("pearson")
