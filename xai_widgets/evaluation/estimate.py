"""How long ``evaluate`` will take, said before it starts: ``estimate_evaluation(...)`` (``evaluate``'s arguments)
returns an ``EvaluationEstimate``; ``evaluate()`` prints it when the run looks long.

The estimate is measured, not guessed from constants: each method is run once, with the parameters the run will
use, on a calibration input (the input of median length), and the faithfulness metrics are scored once on that
explanation (twice each when it takes under 20 s, the faster time kept: one burst of load on a shared machine then
does not scale into the whole estimate). Every other input's cost is that time scaled by how much model work the input needs relative to the
calibration input, from what each method and metric sends to the model:

- gradient methods (saliency, gradient x input, integrated gradients, SmoothGrad, GradientSHAP): gradient points
  (1, ``n_steps`` or ``n_samples``) x tokens;
- occlusion and LIME: the distinct perturbed inputs they build (occlusion's windows, LIME's seeded neighbourhood,
  drawn here exactly as the method draws it) x their lengths;
- SHAP (partition): min(``max_evals``, 0.85 d^2, 2^d) distinct model calls for d content tokens, x tokens;
- the metrics: the distinct perturbed inputs of every metric (``metric.rows``) x their lengths;
- any other method: tokens (for tables and images every input costs the same).

A part that does not scale (preparing the input: one forward) is kept apart from the scaled part. Records already
in ``cache`` are not counted; the sanity check counts one run per randomization step plus the original model, the
stability check one run per seed. The first call of a method in a process pays one-time costs (for shap
about 3 s of import and 10 s in its first explainer call, on 2 CPU cores): the estimate pays them first, on a
three-word input, so they are in neither the timed calibration run nor the run that follows.

Measured (``bench/estimate.py``, 2 CPU cores, 20 texts): estimate / measured time 0.96-1.25 over four
configurations on the default model (the eight core methods at their defaults: 1.25); see ``bench/README.md``.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Dict, Optional

import numpy as np

from .._rng import make_rng
from ..methods.registry import run_method
from ..progress import _seconds, in_notebook
from .faithfulness import FaithfulnessPlan, check_metrics, default_replacement, perturbation_rows, run_plans
from .plan import check_jobs, check_path, plan_evaluation, record_path

#: evaluate() with estimate=None prints the estimate only when a rough prior says the run takes longer than this
PRINT_ABOVE_S = 10.0
#: calibration runs shorter than this are timed twice (the faster kept)
REPEAT_BELOW_S = 20.0
#: the rough prior: seconds per (method, input) pair before anything is measured
PRIOR_PAIR_S = 0.1
GRADIENT_POINTS = {"saliency": lambda p: 1, "gradient_x_input": lambda p: 1,
                   "integrated_gradients": lambda p: int(p.get("n_steps", 50)),
                   "smoothgrad": lambda p: int(p.get("n_samples", 50)),
                   "gradient_shap": lambda p: int(p.get("n_samples", 50))}
#: partition SHAP's distinct model calls for d content tokens below its max_evals cap: about this times d^2
#: (measured: d = 5, 8, 12, 16, 20 -> 20, 60, 116, 204, 332 distinct strings; at most 2^d, at most max_evals)
SHAP_CALLS_PER_TOKEN_SQUARED = 0.85
_WARM: set = set()  # (adapter id, method) pairs already run once in this process by an estimate


@dataclass
class EvaluationEstimate:
    """The expected running time of one ``evaluate`` call and where it goes (seconds)."""

    seconds: float
    methods: Dict[str, float]
    metrics: float
    checks: float
    n_inputs: int
    n_metrics: int
    cached: int = 0
    calibration: Dict[str, float] = field(default_factory=dict)
    calibration_input: str = ""
    estimating_seconds: float = 0.0

    def line(self) -> str:
        """One line: the total, the costliest parts, and how it was measured."""
        parts = sorted(((s, m) for m, s in self.methods.items()), reverse=True)
        shown = ", ".join(f"{m} {_seconds(s)}" for s, m in parts[:4] if s > 0)
        more = f", metrics {_seconds(self.metrics)}" if self.metrics > 0 else ""
        more += f", checks {_seconds(self.checks)}" if self.checks > 0 else ""
        cached = f"; {self.cached} explanations already in the cache" if self.cached else ""
        what = f"{self.n_inputs} inputs x {len(self.methods)} methods x {self.n_metrics} metrics"
        return (f"evaluate: about {_seconds(self.seconds)} for {what} ({shown}{more}){cached}; estimated from one "
                f"timed run of each method on {self.calibration_input} (in {_seconds(self.estimating_seconds)})")

    def __str__(self) -> str:
        return self.line()

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.line())


def _units_text(adapter, enc, name: str, params: dict) -> float:
    """Model work of method ``name`` on one encoded text, in token-rows (see the module)."""
    n_all = len(enc.input_ids)
    d = len(enc.content_positions)
    if name in GRADIENT_POINTS:
        return GRADIENT_POINTS[name](params) * n_all
    if name == "occlusion":
        from ..methods.occlusion import window_keep

        window = max(1, min(int(params.get("window", 1)), d))
        keep = window_keep(d, window, max(1, int(params.get("stride", 1)))) if d else np.ones((0, 0), np.int8)
        return _rows_tokens(adapter, enc, keep, params.get("replacement"))
    if name == "lime":
        from ..methods.lime import lime_neighbourhood

        data, _ = lime_neighbourhood(d, int(params.get("num_samples", 1000)), make_rng(params.get("seed", 0)))
        return _rows_tokens(adapter, enc, data, params.get("replacement"))
    if name == "shap":
        max_evals = params.get("max_evals", 500) or 500
        calls = 2.0 ** min(d, 40)
        if params.get("algorithm", "partition") == "partition":
            calls = min(calls, float(max_evals), np.ceil(SHAP_CALLS_PER_TOKEN_SQUARED * d * d))
        return float(calls * n_all)
    return float(n_all)


def _rows_tokens(adapter, enc, keep: np.ndarray, replacement: Optional[str]) -> float:
    """Tokens over the distinct perturbed inputs ``keep`` gives (the adapter deduplicates them)."""
    if keep.size == 0:
        return 0.0
    unique = np.unique(keep, axis=0)
    replacement = adapter.check_replacement(replacement)
    if replacement != "remove":
        return float(len(unique) * len(enc.input_ids))
    return float(len(unique) * (len(enc.input_ids) - keep.shape[1]) + unique.sum())


def _metric_units(plan, n_content: int, enc=None) -> float:
    """Model work of the faithfulness metrics on one input: distinct rows (x their tokens, for a text)."""
    keep, _ = perturbation_rows(check_metrics(plan.faith), np.arange(n_content), n_content, plan.curve_points)
    if enc is None:
        return float(len(np.unique(keep, axis=0)))
    return _rows_tokens(plan.adapter, enc, keep, default_replacement(plan.adapter, plan.replacement))


def estimate_plan(plan: SimpleNamespace) -> EvaluationEstimate:
    """The ``EvaluationEstimate`` of a resolved ``evaluate`` plan (``plan.plan_evaluation``)."""
    started = time.perf_counter()
    adapter, inputs, names = plan.adapter, plan.inputs, plan.names
    text = adapter.modality == "text" and hasattr(adapter, "encode")
    encs = [adapter.encode(x, warn=False) for x in inputs] if text else None
    sizes = [len(e.input_ids) for e in encs] if text else [1] * len(inputs)
    cal = int(np.argsort(sizes, kind="stable")[len(sizes) // 2])
    x_cal = inputs[cal]
    todo = {name: [i for i in range(len(inputs)) if not _cached(record_path(plan, name, i))] for name in names}
    cached = sum(len(inputs) - len(v) for v in todo.values())
    jobs = check_jobs(plan)
    checked = {m for _, _, m in jobs}

    adapter.prepare(x_cal, plan.target)  # warms the model
    t0 = time.perf_counter()
    prep = adapter.prepare(x_cal, plan.target)
    fixed = time.perf_counter() - t0  # a method call's part that does not scale: preparing the input
    n_content = len(prep.positions)

    def units(name: str, i: int) -> float:
        params = plan.resolved[name]
        return _units_text(adapter, encs[i], name, params) if text else 1.0

    method_s: Dict[str, float] = {}
    per_input: Dict[str, np.ndarray] = {}
    calibration: Dict[str, float] = {}
    attr_cal = None
    for name in names:
        if not todo[name] and name not in checked:
            method_s[name] = 0.0
            continue
        if (id(adapter), name) not in _WARM:  # a method's first call in a process pays one-time costs (shap's
            # first explainer: about 10 s); pay them on a short input, untimed, so the timed run is a steady one
            short = " ".join(x_cal.split()[:3]) if text else x_cal
            run_method(adapter, name, short, plan.target, plan.per.get(name, {}))
            _WARM.add((id(adapter), name))
        attr, took = _timed(lambda: run_method(adapter, name, x_cal, plan.target, plan.per.get(name, {})))
        calibration[name] = took
        attr_cal = attr if attr_cal is None else attr_cal
        variable = max(took - fixed, 0.0)
        u_cal = max(units(name, cal), 1e-9)
        times = np.array([min(fixed, took) + variable * units(name, i) / u_cal for i in range(len(inputs))])
        per_input[name] = times
        method_s[name] = float(times[todo[name]].sum())

    metric_s = 0.0
    pending = sorted({i for v in todo.values() for i in v})
    if plan.faith and attr_cal is not None and pending:
        fplan = FaithfulnessPlan(adapter, attr_cal, plan.faith, plan.replacement, plan.ranking, None,
                                 plan.curve_points)
        _, took = _timed(lambda: run_plans(adapter, [fplan]))
        calibration["metrics"] = took
        u = [_metric_units(plan, len(e.content_positions), e) for e in encs] if text else \
            [_metric_units(plan, n_content)] * len(inputs)
        u_cal = max(u[cal], 1e-9)
        pairs = np.zeros(len(inputs))  # fresh explanations of each input: each is scored once
        for v in todo.values():
            pairs[v] += 1
        metric_s = float(sum(took * u[i] / u_cal * pairs[i] for i in pending))

    checks_s = 0.0
    jobs = [j for j in jobs if not _cached(check_path(plan, j[0], j[2], j[1]))]
    if jobs:
        steps = 1
        if any(j[0] == "sanity" for j in jobs):
            from .sanity import randomization_steps

            steps = len(randomization_steps(adapter.model)) + 1
        for check, i, name in jobs:
            runs = steps if check == "sanity" else len(plan.seeds)
            checks_s += runs * float(per_input[name][i]) if name in per_input else 0.0

    total = sum(method_s.values()) + metric_s + checks_s
    where = f"a {sizes[cal]}-token text" if text else f"{adapter.modality} input {cal}"
    return EvaluationEstimate(seconds=float(total), methods=method_s, metrics=metric_s, checks=checks_s,
                              n_inputs=len(inputs), n_metrics=len(plan.metric_names), cached=cached,
                              calibration=calibration, calibration_input=where,
                              estimating_seconds=time.perf_counter() - started)


def _timed(call, repeat_below: float = REPEAT_BELOW_S):
    """(result, seconds) of ``call()``; a call shorter than ``repeat_below`` is timed twice and the faster time
    kept, so that a burst of foreign load on a shared machine does not inflate the whole estimate."""
    t0 = time.perf_counter()
    out = call()
    took = time.perf_counter() - t0
    if took < repeat_below:
        t0 = time.perf_counter()
        call()
        took = min(took, time.perf_counter() - t0)
    return out, took


def _cached(path: Optional[str]) -> bool:
    return bool(path) and os.path.isfile(path)


def estimate_evaluation(model=None, texts=None, methods=None, metrics=None, **kwargs) -> EvaluationEstimate:
    """How long ``evaluate(model, texts, methods, metrics, **kwargs)`` would take on this machine, from one timed
    run of each method (and of the metrics) on the input of median length; nothing else is computed or cached."""
    return estimate_plan(plan_evaluation(model, texts, methods, metrics, **kwargs))


def announce(plan: SimpleNamespace, always: bool = False) -> Optional[EvaluationEstimate]:
    """Print the estimate (to the notebook's output, or stderr outside Jupyter) when ``always`` or when the rough
    prior (``PRIOR_PAIR_S`` per method and input) exceeds ``PRINT_ABOVE_S``; returns it, or None when skipped."""
    prior = PRIOR_PAIR_S * len(plan.inputs) * len(plan.names)
    if not always and prior < PRINT_ABOVE_S:
        return None
    est = estimate_plan(plan)
    stream = sys.stdout if in_notebook() else sys.stderr
    print(est.line(), file=stream, flush=True)
    return est


__all__ = ["estimate_evaluation", "estimate_plan", "announce", "EvaluationEstimate"]
