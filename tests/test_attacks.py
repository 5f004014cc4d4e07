"""Adversarial examples: right answers on a model whose answers are known, verified and 1-minimal results on a
tiny transformer, determinism, untouched global state and model, clear errors."""
import os
import random

import numpy as np
import pytest
import torch

import xai_widgets as xw
from toy_bow import bow_adapter


@pytest.fixture(scope="module")
def bow():
    return bow_adapter()


@pytest.fixture(scope="module")
def bert2():
    from tiny_models import tiny_classifier

    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    return xw.load_model(model, tok, labels=["negative", "positive"])


def _check_verified(res, adapter):
    """What the result says is what the model does, the changes are where it says and within the budget, and no
    strict subset of them flips the prediction."""
    assert len(res.changes) <= res.params["max_changes"]
    p = adapter.predict_proba([res.original, res.adversarial])
    np.testing.assert_allclose(p[0], res.original_probabilities, atol=1e-6)
    np.testing.assert_allclose(p[1], res.adversarial_probabilities, atol=1e-6)
    assert res.success == (int(np.argmax(p[1])) != res.target) and res.target == int(np.argmax(p[0]))
    for c in res.changes:
        assert res.original[c["start"]:c["end"]] == c["old"] and res.adversarial[c["adv_start"]:c["adv_end"]] == c["new"]
    if res.success and len(res.changes) > 1:  # minimal: no strict subset of the changes flips the prediction
        from itertools import combinations

        from xai_widgets.attacks.words import apply, word_spans

        spans = word_spans(res.original)
        subs = {c["position"]: c["new"] for c in res.changes}
        for size in range(1, len(subs)):
            for keep in combinations(subs, size):
                text = apply(res.original, spans, {k: subs[k] for k in keep})[0]
                assert int(np.argmax(adapter.predict_proba([text])[0])) == res.target, keep


def test_hotflip_finds_the_known_best_flip_on_a_bag_of_words_model(bow):
    # p(positive) = sigmoid(sum of word weights): "great" (+2.0) is the word to flip, and "boring" (-1.8) the most
    # negative whole word of the vocabulary, so one flip great -> boring is the minimal attack
    res = xw.attack("a great film", model=bow, method="hotflip")
    assert res.success and [(c["old"], c["new"]) for c in res.changes] == [("great", "boring")]
    assert res.adversarial == "a boring film" and res.calls <= 20
    _check_verified(res, bow)
    df = res.to_pandas()
    assert list(df.columns) == ["position", "old", "new", "probability_after"] and df["probability_after"][0] < 0.5
    # two strong words need two flips
    res2 = xw.attack("great fun", model=bow, method="hotflip", max_changes=3)
    assert res2.success and len(res2.changes) == 1 or {c["old"] for c in res2.changes} <= {"great", "fun"}
    _check_verified(res2, bow)


def test_hotflip_on_a_transformer_is_verified_minimal_and_deterministic(bert2):
    state = (np.random.get_state()[1].copy(), torch.get_rng_state().clone(), random.getstate())
    weights = {k: v.clone() for k, v in bert2.model.state_dict().items()}
    texts = ["a fine cast and a lovely story", "the worst and most boring plot", "an honest drama"]
    results = [xw.attack(t, model=bert2, method="hotflip", max_changes=3) for t in texts]
    for r in results:
        _check_verified(r, bert2)
        assert r.diagnostics["gradient_calls"] >= 1 and r.calls == (r.diagnostics["queries"] +
                                                                    r.diagnostics["gradient_calls"])
        assert r.steps[0]["text"] == r.original and len(r.steps) >= 1 + (1 if r.changes else 0)
    again = xw.attack(texts[0], model=bert2, method="hotflip", max_changes=3)
    assert again.to_json() == {**results[0].to_json(), "diagnostics": again.to_json()["diagnostics"]}
    assert (np.random.get_state()[1] == state[0]).all() and torch.equal(torch.get_rng_state(), state[1])
    assert random.getstate() == state[2]
    assert all(torch.equal(v, bert2.model.state_dict()[k]) for k, v in weights.items())


def test_attacks_on_the_default_model_are_verified():
    """The tiny random transformer is near-constant (p = 0.508 whatever the words), so flips are checked on the
    embedded default model."""
    from xai_widgets.models import resolve_model

    adapter = resolve_model(None)
    res = xw.attack("The plot is dull and the acting is wooden.", method="hotflip")
    assert res.success and 1 <= len(res.changes) <= 3
    _check_verified(res, adapter)
    for method in ("synonym", "charswap"):
        r = xw.attack("A tedious, predictable mess.", method=method, max_changes=3)
        _check_verified(r, adapter)
        assert r.diagnostics["queries"] >= len(r.steps) - 1


def test_synonym_attack_follows_saliency_and_the_similarity_constraint(bow):
    thesaurus = {"great": ["boring", "fine"], "film": ["movie"], "a": ["one"]}
    res = xw.attack("a great film", model=bow, method="synonym", thesaurus=thesaurus, min_similarity=-1.0)
    assert res.success and [(c["old"], c["new"]) for c in res.changes] == [("great", "boring")]
    assert res.params["thesaurus"] == "custom"
    _check_verified(res, bow)
    # the bag-of-words embedding of "a boring film" points the other way: a strict constraint forbids the swap
    strict = xw.attack("a great film", model=bow, method="synonym", thesaurus=thesaurus, min_similarity=0.9)
    assert not strict.success and "boring" not in strict.adversarial
    assert strict.diagnostics["kept_by_similarity"] < strict.diagnostics["candidates"]
    # function words are never swapped
    assert all(c["old"] != "a" for c in res.changes + strict.changes)


def test_charswap_misspells_the_most_important_word(bow):
    res = xw.attack("great but dull", model=bow, method="charswap", seed=0)
    assert res.success and [c["old"] for c in res.changes] == ["great"]
    new = res.changes[0]["new"]
    assert new[0] == "g" and new != "great" and abs(len(new) - 5) <= 1
    _check_verified(res, bow)
    assert xw.attack("great but dull", model=bow, method="charswap", seed=0).adversarial == res.adversarial


def test_attack_dataset_summary(bow):
    texts = ["a great film", "great but dull", "the plot"]
    s = xw.attack_dataset(texts, model=bow, methods=["hotflip", "charswap"], max_changes=2)
    df = s.to_pandas()
    assert list(df["method"]) == ["hotflip", "charswap"] and list(df["texts"]) == [3, 3]
    for m, row in zip(s.methods, df.itertuples()):
        ok = [e for e in s.examples[m] if e.success]
        assert row.success_rate == len(ok) / 3
        assert row.mean_calls == np.mean([e.calls for e in s.examples[m]])
    back = xw.AttackSummary.from_json(s.to_json())
    assert back.to_pandas().drop(columns="mean_seconds").equals(df.drop(columns="mean_seconds"))
    with pytest.raises(ValueError, match="none of the methods"):
        xw.attack_dataset(texts, model=bow, methods=["charswap"], beam=3)


def test_results_round_trip_and_render_text_as_text(bow):
    res = xw.attack("a great <b>film</b>", model=bow, method="hotflip")
    back = xw.AdversarialExample.from_json(res.to_json())
    assert back.to_json() == res.to_json()
    html = res._static_html()
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_bad_inputs(bow):
    with pytest.raises(ValueError, match="method must be one of"):
        xw.attack("a great film", model=bow, method="genetic")
    with pytest.raises(ValueError, match="max_changes"):
        xw.attack("a great film", model=bow, max_changes=0)
    with pytest.raises(ValueError, match="seed"):
        xw.attack("a great film", model=bow, seed=1.5)
    with pytest.raises(ValueError, match="'beam' does not apply to method='synonym'.*hotflip"):
        xw.attack("a great film", model=bow, method="synonym", beam=2)
    with pytest.raises(ValueError, match="thesaurus must be"):
        xw.attack("a great film", model=bow, method="synonym", thesaurus="oxford")
    with pytest.raises(ValueError, match="min_similarity"):
        xw.attack("a great film", model=bow, method="synonym", min_similarity=2)
    with pytest.raises(ValueError, match="non-empty string"):
        xw.attack("  ", model=bow)
    with pytest.raises(ValueError, match="no words"):
        xw.attack("123 !!", model=bow)


@pytest.mark.skipif(not os.path.isdir("/usr/share/wordnet"), reason="Debian wordnet-base is not installed")
def test_wordnet_synonyms_follow_synsets_similar_to_links_and_inflections():
    from xai_widgets.attacks.thesaurus import wordnet_synonyms

    assert "beautiful" in wordnet_synonyms("gorgeous", 20)  # a satellite adjective: via its "similar to" head
    assert "film" in wordnet_synonyms("movie", 20) and "film" in wordnet_synonyms("movies", 20)
    assert "tedious" in wordnet_synonyms("boring", 20)


def test_attacks_run_under_no_grad_and_spend_no_change_on_useless_edits(bow):
    with torch.no_grad():
        res = xw.attack("a great film", model=bow, method="hotflip")
    assert res.success
    # every change kept lowers the probability of the predicted class (an edit that does not is not spent)
    r = xw.attack("the plot is dull", model=bow, method="charswap", max_changes=3)
    probs = [s["probability"] for s in r.steps if not s.get("reduced")]
    assert all(b < a for a, b in zip(probs, probs[1:]))


def test_reduction_finds_the_smallest_subset(bow):
    """Undoing one change can make another removable: the reduction tries every subset (or, beyond
    EXHAUSTIVE changes, repeats single undos until none can be undone)."""
    from xai_widgets.attacks.victim import Victim

    v = Victim(bow, "dull great fun film plot")
    found = v.minimal({0: "fun", 1: "film", 2: "dull", 3: "boring"})
    assert v.flipped(v.text_of(found)) and len(found) == 1
    from xai_widgets.attacks import victim as victim_module

    old = victim_module.EXHAUSTIVE
    victim_module.EXHAUSTIVE = 0  # the fixed-point reduction used beyond EXHAUSTIVE changes
    try:
        found = Victim(bow, "dull great fun film plot").minimal({0: "fun", 1: "film", 2: "dull", 3: "boring"})
        assert len(found) == 1
    finally:
        victim_module.EXHAUSTIVE = old
