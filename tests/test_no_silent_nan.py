"""No silent wrong result: non-finite scores or model outputs are an error naming the method and the parameters;
the integration path of integrated gradients is built in O(n_steps) memory at any n_steps; the issue's examples of
silent results (texts that are not strings, an empty method list, n=-1, a fractional seed) are errors."""
import numpy as np
import pytest
import torch

import xai_widgets as xw
from tiny_models import tiny_classifier
from xai_widgets.errors import NonFiniteError
from xai_widgets.methods.integrated_gradients import GL_SINGLE_MAX, path_nodes


class Norm(torch.nn.Module):
    """f(x) = [|x|, -|x|]: finite everywhere, its gradient 0/0 = NaN at x = 0."""

    def forward(self, x):
        r = (x ** 2).sum(dim=1, keepdim=True).sqrt()
        return torch.cat([r, -r], dim=1)


@pytest.fixture(scope="module")
def norm_model():
    X = np.random.default_rng(0).normal(size=(20, 3)).astype(np.float32)
    return xw.load_model(Norm(), data=X, feature_names=["a", "b", "c"])


def test_nan_gradients_are_an_error_that_names_the_method(norm_model):
    with pytest.raises(NonFiniteError, match=r"saliency produced 3 non-finite scores.*parameters"):
        xw.explain(np.zeros(3, dtype=np.float32), model=norm_model, method="saliency")
    ok = xw.explain(np.ones(3, dtype=np.float32), model=norm_model, method="saliency")  # away from 0 it is fine
    assert np.isfinite(ok.scores).all()


def test_a_model_whose_outputs_are_nan_is_an_error():
    model, tok = tiny_classifier("bert", seed=2, num_labels=2)
    with torch.no_grad():
        model.classifier.weight.fill_(float("nan"))
    adapter = xw.load_model(model, tok, labels=["negative", "positive"])
    for method in ("occlusion", "saliency"):
        with pytest.raises(NonFiniteError, match="model's outputs for this input are not finite"):
            xw.explain("a fine film", model=adapter, method=method)


@pytest.mark.parametrize("method,params", [("smoothgrad", {"noise_level": float("inf")}),
                                           ("gradient_shap", {"stdev": float("nan")}),
                                           ("lime", {"kernel_width": 0}),
                                           ("occlusion", {"window": 1, "stride": 2})])
def test_the_issue_s_silent_nan_parameters_are_refused(tiny_bert, method, params):
    name = next(iter(params))
    with pytest.raises(ValueError, match=name):
        xw.explain("a fine film", model=tiny_bert, method=method, **params)


@pytest.mark.parametrize("n", [10, GL_SINGLE_MAX, GL_SINGLE_MAX + 1, 20000, 200000])
def test_gauss_legendre_nodes_at_any_n_steps(n):
    a, w = path_nodes(n, "gausslegendre")
    assert len(a) == len(w) == n and np.all(np.diff(a) > 0) and 0 < a[0] and a[-1] < 1
    assert abs(w.sum() - 1) < 1e-12
    f = lambda x: np.exp(3 * x) * np.sin(5 * x)  # noqa: E731
    exact = (np.exp(3) * (3 * np.sin(5) - 5 * np.cos(5)) + 5) / 34
    assert abs((w * f(a)).sum() - exact) < 1e-12


def test_integrated_gradients_at_many_steps_matches_few_steps(tiny_bert):
    few = xw.explain("a fine film", model=tiny_bert, method="integrated_gradients", n_steps=64)
    many = xw.explain("a fine film", model=tiny_bert, method="integrated_gradients", n_steps=3000)
    np.testing.assert_allclose(many.scores, few.scores, rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize("kwargs,match", [
    ({"texts": [None, 5, b"x"]}, r"texts\[0\] is NoneType"),
    ({"texts": ["a film"], "methods": []}, "methods is empty"),
    ({"n": -1}, "n must be an integer >= 1"),
    ({"texts": ["a film"], "n": 5}, "applies only when texts is None"),
    ({"texts": ["a film"], "seed": 1.5}, r"seed must be an integer in \[0, 2\*\*32\)"),
    ({"texts": ["a film"], "metrics": []}, "metrics is empty"),
    ({"texts": ["a film"], "methods": ["saliency"], "method_params": {"lime": {}}}, "not among the methods"),
    ({"texts": ["a film"], "ranking": "sideways"}, "ranking must be one of"),
    ({"texts": ["a film"], "curve_points": 1}, "curve_points must be"),
    ({"texts": ["a film"], "stability_seeds": (0, -1)}, "stability_seeds"),
])
def test_evaluate_refuses_what_it_used_to_run_silently(tiny_bert, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        xw.evaluate(tiny_bert, **kwargs)
