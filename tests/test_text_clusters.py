"""K-means over the model's text representations: the examples shown are their cluster's nearest, the cluster
descriptions add up, the same seed gives the same clusters."""
import numpy as np
import pytest

import xai_widgets as xw
from toy_bow_linear import bow_linear_adapter, corpus


def test_clusters_on_a_bag_of_words_model():
    adapter = bow_linear_adapter()
    texts, labels = corpus(60, seed=3)
    res = xw.text_clusters(adapter, texts=texts, labels=labels, n_clusters=4, per_cluster=3)
    info = res.diagnostics["clusters"]
    assert sum(c["size"] for c in info) == 60 and len(info) == 4
    assert all(0 <= c["accuracy"] <= 1 and 0.5 <= c["label_purity"] <= 1 for c in info)
    df = res.to_pandas()
    assert set(df["kind"]) == {f"cluster {c}" for c in range(4)} and (df.groupby("kind").size() <= 3).all()
    # each cluster's examples are listed nearest first, and every text shown is one of the inputs at its index
    for kind, part in df.groupby("kind", sort=False):
        assert list(part["score"]) == sorted(part["score"], reverse=True)
    assert all(texts[i] == t for i, t in zip(res.indices, res.texts))
    # words inside a cluster: its distinctive words occur in its members more than elsewhere
    assert all(isinstance(w, str) for c in info for w in c["words"])
    again = xw.text_clusters(adapter, texts=texts, labels=labels, n_clusters=4, per_cluster=3)
    assert again.to_json() == res.to_json()
    with pytest.raises(ValueError, match="n_clusters"):
        xw.text_clusters(adapter, texts=texts[:3], n_clusters=4)
    with pytest.raises(ValueError, match="labels must be"):
        xw.text_clusters(adapter, texts=texts, labels=[0] * 5)
    with pytest.raises(ValueError, match="seed"):
        xw.text_clusters(adapter, texts=texts, seed=-1)
