"""MMD-critic: greedy prototypes against brute force, the witness function, the API."""
import itertools

import numpy as np
import pytest

import xai_widgets as xw
from xai_widgets.examples.prototypes import criticisms, greedy_prototypes, objective, rbf_kernel, witness


def _clusters(seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0], [6, 0], [0, 6]], float)
    X = np.concatenate([c + rng.normal(0, 0.6, (n, 2)) for c, n in zip(centres, (12, 8, 5))])
    return np.concatenate([X, [[3.0, 3.0]]])  # one outlier between the clusters


def test_greedy_steps_equal_brute_force_on_a_tiny_set():
    X = _clusters()
    K, gamma = rbf_kernel(X)
    # J(S) = k_XX - MMD^2(X, S), MMD^2 computed directly
    S = [0, 13]
    mmd2 = K.mean() - 2 * K[:, S].mean() + K[np.ix_(S, S)].mean()
    assert np.isclose(objective(K, S), K.mean() - mmd2)
    for m in (1, 2, 3, 4):
        greedy = greedy_prototypes(K, m)
        # every step is the brute-force best single addition to the previous prototypes
        prev = greedy[:-1]
        best_step = max((j for j in range(len(K)) if j not in prev), key=lambda j: objective(K, prev + [j]))
        assert greedy[-1] == best_step, m
        # and the set is within the (1 - 1/e) guarantee of the brute-force optimum (exactly optimal for m = 1)
        best = max(itertools.combinations(range(len(K)), m), key=lambda S: objective(K, S))
        assert objective(K, greedy) >= (1 - 1 / np.e) * objective(K, best)
        if m == 1:
            assert greedy == list(best)
    # three prototypes: one per cluster
    assert sorted(np.digitize(greedy_prototypes(K, 3), [12, 20, 25])) == [0, 1, 2]


def test_witness_and_criticisms():
    X = _clusters()
    K, _ = rbf_kernel(X)
    S = greedy_prototypes(K, 3)
    w = witness(K, S)
    ref = np.array([K[i].mean() - K[i, S].mean() for i in range(len(K))])
    np.testing.assert_allclose(w, ref)
    crit = criticisms(K, S, 2)
    assert not set(crit) & set(S) and len(crit) == 2
    assert np.abs(w[crit]).min() >= np.abs(np.delete(w, S + crit)).max()


def test_prototypes_api(tiny_bert):
    texts = ["a great film", "a dull plot", "the cast is fun", "boring and slow", "a fine story", "not good",
             "lovely music", "the worst movie", "an honest drama", "weak and empty", "sad and cold", "bright"]
    r = xw.prototypes(model=tiny_bert, texts=texts, labels=[i % 3 for i in range(12)], n_prototypes=2,
                      n_criticisms=1)
    df = r.to_pandas()
    assert set(df["kind"]) == {"prototype", "criticism"}
    assert (df[df.kind == "prototype"].groupby("label").size() == 2).all()
    again = xw.prototypes(model=tiny_bert, texts=texts, labels=[i % 3 for i in range(12)], n_prototypes=2,
                          n_criticisms=1)
    assert again.indices == r.indices
    with pytest.raises(ValueError, match="labels must be"):
        xw.prototypes(model=tiny_bert, texts=texts, labels=[9] * 12)
    with pytest.raises(ValueError, match="n_prototypes"):
        xw.prototypes(model=tiny_bert, texts=texts, n_prototypes=0)
    with pytest.raises(ValueError, match="non-empty list"):
        xw.prototypes(model=tiny_bert, texts="one text")
