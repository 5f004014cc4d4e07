"""Cutting sorted sequences into forward batches: the dynamic programme is optimal, respects the token budget,
and ``predict_ids`` gives the same numbers however the batches are cut."""
import itertools

import numpy as np
import pytest

from xai_widgets.models.batching import plan_batches


def cost(lengths, cuts, overhead):
    return sum(overhead + (b - a) * lengths[b - 1] for a, b in cuts)


def feasible(lengths, cuts, budget):
    return all(b - a == 1 or (b - a) * lengths[b - 1] <= budget for a, b in cuts)


def brute_force(lengths, budget, overhead):
    m, best = len(lengths), None
    for mask in itertools.product([0, 1], repeat=m - 1):
        bounds = [0] + [i + 1 for i, cut in enumerate(mask) if cut] + [m]
        cuts = list(zip(bounds[:-1], bounds[1:]))
        if feasible(lengths, cuts, budget):
            c = cost(lengths, cuts, overhead)
            best = c if best is None else min(best, c)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_plan_is_optimal_and_within_budget(seed):
    rng = np.random.default_rng(seed)
    lengths = sorted(rng.integers(2, 40, size=int(rng.integers(1, 10))).tolist())
    budget, overhead = int(rng.choice([40, 100, 400])), float(rng.choice([0, 8, 32, 1000]))
    cuts = plan_batches(lengths, budget, overhead)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(lengths)
    assert all(a < b for a, b in cuts) and all(b == c for (_, b), (c, _) in zip(cuts, cuts[1:]))
    assert feasible(lengths, cuts, budget)
    assert cost(lengths, cuts, overhead) == pytest.approx(brute_force(lengths, budget, overhead))


def test_plan_trades_padding_against_calls():
    lengths = [3] * 10 + [30] * 10
    assert plan_batches(lengths, 2048, 32) == [(0, 10), (10, 20)]  # 300 padded tokens saved > one more call
    assert plan_batches(lengths, 2048, 1e6) == [(0, 20)]  # calls dominate (a GPU): one full batch
    tight = plan_batches(lengths, 100, 0)  # at most 3 rows of 30 tokens: the ten 30s need 4 batches
    assert tight[0] == (0, 10) and sorted(b - a for a, b in tight[1:]) == [1, 3, 3, 3]
    assert plan_batches([600], 100, 32) == [(0, 1)]  # a sequence above the budget still runs, alone
    assert plan_batches([], 100, 32) == []
    with pytest.raises(ValueError, match="sorted ascending"):
        plan_batches([5, 3], 100, 32)


def test_predict_ids_does_not_depend_on_the_cut(tiny_bert):
    rng = np.random.default_rng(0)
    seqs = [[tiny_bert.tokenizer.cls_token_id] + rng.integers(1000, 1100, size=n).tolist()
            + [tiny_bert.tokenizer.sep_token_id] for n in rng.integers(1, 30, size=40)]
    reference = np.stack([tiny_bert.predict_ids([s])[0] for s in seqs])
    saved = tiny_bert.batch_tokens, tiny_bert.call_overhead_tokens  # a session fixture: put it back
    try:
        for budget, overhead in [(64, 0.0), (2048, 32.0), (100000, 1e9)]:
            tiny_bert.batch_tokens, tiny_bert.call_overhead_tokens = budget, overhead
            np.testing.assert_allclose(tiny_bert.predict_ids(seqs), reference, atol=1e-6)
    finally:
        tiny_bert.batch_tokens, tiny_bert.call_overhead_tokens = saved
