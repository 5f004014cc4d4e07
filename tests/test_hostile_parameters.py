"""Every parameter of every registered method, tried as a careless or hostile user would: a wrong type, NaN, inf,
out of range, a bool where a number is meant. Each must be a ValueError or TypeError whose message names the
parameter (one style: the parameter, the value, what is accepted), never a silent wrong result and never an error
from deep inside a dependency. A new parameter without probes fails ``test_every_parameter_has_probes``."""
import math

import numpy as np
import pytest

from method_subjects import call_method, implementations, method_subjects

NAN, INF = float("nan"), float("inf")
#: bad values per parameter name (the names are shared across methods)
PROBES = {
    "output": ["bogus", 3],
    "n_samples": [0, -1, 1.5, True, "10", NAN],
    "num_samples": [0, 1.5, True, "x"],
    "n_steps": [0, -3, 2.5, True, "50"],
    "max_evals": [0, 1.5, "x"],
    "batch_size": [0, 2.5, "x"],
    "internal_batch_size": [0, -1, 1.5, "x"],
    "seed": [-1, 1.5, 2 ** 32, True, "0", None],
    "noise_level": [NAN, INF, -0.1, "x", None],
    "stdev": [NAN, INF, -1.0, "x", None],
    "kernel_width": [0, -1.0, NAN, INF, "x"],
    "window": [0, -1, 1.5, "x"],
    "stride": [0, 1.5, 10 ** 6],
    "replacement": ["bogus", 3],
    "baseline": ["bogus", object()],
    "baselines": ["bogus", []],
    "rule": ["bogus", 3],
    "feature_selection": ["bogus", 3],
    "algorithm": ["bogus", 3],
    "collapse_mask_token": ["bogus", 3],
    "multiply_by_inputs": ["yes", 2, None],
    "residual": [NAN, -0.5, 1.5, "x"],
    "position": [-999, 999, 1.5, "x"],
    "max_tokens": [0, 1.5, "x"],
    "layer": [999, "bogus", 1.5],
    "n_clusters": [1, 0, 2.5, "x"],
    "prediction_weight": [-1.0, NAN, "x"],
    "surrogate_depth": [0, 1.5],
    "top": [0, 1.5],
    "n_repeats": [0, 1.5, "x"],
    "scoring": ["bogus", 3],
    "num_features": [0, 1.5, "x"],
    "discretize_continuous": ["yes", 2],
    "discretizer": ["bogus", 3],
    "feature_perturbation": ["bogus", 3],
    "check_additivity": ["yes", 2],
}


CASES = [(name, modality, scope, param, value) for name, modality, scope, impl in implementations()
         for param in impl.params if param != "target" for value in PROBES.get(param, [])]


@pytest.fixture(scope="module")
def subjects():
    return method_subjects()


def test_every_parameter_has_probes():
    missing = sorted({f"{name}.{p}" for name, _, _, impl in implementations() for p in impl.params
                      if p != "target" and p not in PROBES})
    assert not missing, f"add bad values for these parameters to PROBES: {missing}"


@pytest.mark.parametrize("name,modality,scope,param,value", CASES,
                         ids=[f"{n}-{m}-{s}-{p}={v!r}" for n, m, s, p, v in CASES])
def test_a_bad_parameter_is_a_clear_error(subjects, name, modality, scope, param, value):
    with pytest.raises((ValueError, TypeError)) as info:
        call_method(subjects, name, modality, scope, {param: value})
    message = str(info.value)
    assert param in message, f"{name}({param}={value!r}) raised an error that does not name {param}: {message!r}"
    assert type(info.value).__module__.split(".")[0] in ("xai_widgets", "builtins"), type(info.value)


SEEDED = sorted({(name, modality, scope) for name, modality, scope, impl in implementations() if "seed" in impl.params})


@pytest.mark.parametrize("name,modality,scope", SEEDED)
def test_a_numpy_integer_seed_is_recorded_as_the_int_used(subjects, name, modality, scope):
    res = call_method(subjects, name, modality, scope, {"seed": np.int64(3)})
    assert type(res.params["seed"]) is int and res.params["seed"] == 3
    again = call_method(subjects, name, modality, scope, {"seed": 3})
    values = res.scores if hasattr(res, "scores") else res.importances
    np.testing.assert_array_equal(values, again.scores if hasattr(again, "scores") else again.importances)
    assert not math.isnan(float(np.sum(values)))
