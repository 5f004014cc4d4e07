"""One small model and input per modality for the tests that run every registered method (hostile parameters,
hidden state): a tiny BERT, a tabular torch MLP, a random forest and a logistic regression on the wine data, a tiny
CNN; ``call_method`` picks the first model the method applies to."""
import numpy as np
import pytest

import xai_widgets as xw
from tiny_cnn import LABELS as IMAGE_LABELS, tiny_cnn, tiny_image
from tiny_models import tiny_classifier
from xai_widgets.methods.registry import METHODS, run_method


def _text():
    model, tok = tiny_classifier("bert", seed=1, num_labels=2)
    return xw.load_model(model, tok, labels=["negative", "positive"]), "a fine and moving film"


def _tabular():
    import torch
    from sklearn.datasets import load_wine
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    d = load_wine()
    X = ((d.data - d.data.mean(0)) / d.data.std(0)).astype(np.float32)
    g = torch.Generator().manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(13, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.3)
    rf = RandomForestClassifier(n_estimators=5, max_depth=3, random_state=0).fit(X, d.target)
    lr = LogisticRegression(max_iter=500).fit(X, d.target)
    names = list(d.feature_names)
    return ([xw.load_model(net, data=X, feature_names=names), xw.load_model(rf, data=X, feature_names=names),
             xw.load_model(lr, data=X, feature_names=names)], X, d.target)


def _image():
    return xw.load_model(tiny_cnn(), kind="image", labels=IMAGE_LABELS), tiny_image()


def method_subjects():
    """{"text" | "tabular" | "image" | "global": (adapters, input, y)}: small models with random weights."""
    text, sentence = _text()
    tabs, X, y = _tabular()
    image, picture = _image()
    return {"text": ([text], sentence, None), "tabular": (tabs, X[0], None), "image": ([image], picture, None),
            "global": (tabs, X[:40], y[:40])}


def implementations():
    for name, spec in METHODS.items():
        for impl in spec.implementations:
            for modality in impl.modalities:
                yield name, modality, impl.scope, impl


def call_method(subjects, name, modality, scope, params=None):
    key = "global" if scope == "global" else modality
    adapters, x, y = subjects[key]
    spec = METHODS.get(name)
    adapter = next((a for a in adapters if spec.applies_to(a, scope)), None)
    if adapter is None:
        pytest.skip(f"no test model for {name} ({modality}, {scope})")
    extra = {"y": y} if scope == "global" else {}
    return run_method(adapter, name, x, None, dict(params or {}), scope=scope, **extra)
