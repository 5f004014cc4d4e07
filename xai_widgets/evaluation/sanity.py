"""Sanity check: cascading model-parameter randomization (Adebayo et al., 2018, "Sanity checks for saliency maps").

The model is deep-copied (the user's model is never touched), then re-initialised cumulatively from the top:
the classification head (with the pooler), then the encoder layers from the last down to the first, then the
embeddings. After each step the attribution is recomputed for the same class on the same text and compared with
the original by Spearman rank correlation over the content tokens, of the signed scores and of |scores|.

A method whose explanation stays rank-correlated with the original once the whole model is random does not
depend on what the model learned: it is flagged (``passed = False``) when |rho(|a|, |a_random|)| >= threshold
(0.5 by default) at the last step. Lower correlation is better.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Tuple, Union

import numpy as np
import torch

from ..errors import CapabilityError
from ..methods.registry import get_method, run_method
from ..models import resolve_model
from .agreement import _corr
from .metric import Metric, register_metric

RANDOMIZATION = register_metric(Metric(
    "randomization_spearman", "Spearman rho to the original after full randomization", "sanity", False,
    ("model", "method"), "rho(|a(x; theta)|, |a(x; theta_random)|)", range=(-1.0, 1.0), scope="method"))


def randomization_steps(model: torch.nn.Module) -> List[Tuple[str, List[torch.nn.Module]]]:
    """(name, modules) from the top of the model down: head (+ pooler), layer N-1, ..., layer 0, embeddings."""
    base = getattr(model, "base_model", None)
    if base is None or base is model:
        children = [(n, m) for n, m in model.named_children() if any(True for _ in m.parameters())]
        return [(n, [m]) for n, m in reversed(children)]
    head = [m for _, m in model.named_children() if m is not base and any(True for _ in m.parameters())]
    lists = [m for m in base.modules() if isinstance(m, torch.nn.ModuleList)]
    layers = max(lists, key=len) if lists else torch.nn.ModuleList()
    embeddings = getattr(base, "embeddings", None)
    if embeddings is None:
        embeddings = model.get_input_embeddings()
    inside = set()
    for m in [layers, embeddings]:
        inside.update(id(x) for x in m.modules())
    rest = [m for m in base.children() if id(m) not in inside and not any(id(x) in inside for x in m.modules())
            and any(True for _ in m.parameters())]
    steps = [("head", head + rest)]
    steps += [(f"layer {i}", [layers[i]]) for i in reversed(range(len(layers)))]
    steps.append(("embeddings", [embeddings]))
    return [(n, ms) for n, ms in steps if ms]


def reinitialize(modules, std: float, generator: torch.Generator) -> None:
    """Fresh random parameters: matrices ~ N(0, std^2), biases 0, norm weights 1 (the transformers init)."""
    with torch.no_grad():
        for module in modules:
            for name, p in module.named_parameters():
                if p.dim() >= 2:
                    p.copy_(torch.randn(p.shape, generator=generator, dtype=p.dtype).to(p.device) * std)
                elif name.endswith("bias"):
                    p.zero_()
                else:
                    p.fill_(1.0)


def parameter_checksum(model: torch.nn.Module) -> float:
    """A float summary of every parameter (sum of |p| weighted by position), for before/after checks."""
    total = 0.0
    with torch.no_grad():
        for k, p in enumerate(model.parameters()):
            total += float(p.detach().double().abs().sum()) * (1 + k * 1e-3)
    return total


@dataclass
class SanityResult:
    method: str
    steps: List[str]
    spearman: List[float]
    spearman_abs: List[float]
    threshold: float
    attributions: List[Any] = field(default_factory=list)

    @property
    def final(self) -> float:
        return self.spearman_abs[-1]

    @property
    def passed(self) -> bool:
        return not (np.isfinite(self.final) and abs(self.final) >= self.threshold)

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame({"method": self.method, "step": range(1, len(self.steps) + 1),
                             "randomized_through": self.steps, "spearman": self.spearman,
                             "spearman_abs": self.spearman_abs})

    def __repr__(self) -> str:
        return (f"SanityResult(method={self.method!r}, final |rho|={self.final:.3f}, "
                f"{'passed' if self.passed else 'FLAGGED: attributions barely change on a random model'})")


def _content(attr, target: int) -> np.ndarray:
    if attr.layout == "table":
        return attr.scores_for(target)
    return attr.scores_for(target)[[i for i, s in enumerate(attr.special) if not s]]


def cascading_randomization(model, text: str, method: Union[str, Callable] = "integrated_gradients", target=None,
                            threshold: float = 0.5, seed: int = 0, std: Optional[float] = None,
                            **params) -> SanityResult:
    """Adebayo et al.'s cascading randomization for one method on one text; see the module docstring.

    ``method``: a registered method name, or a callable ``f(adapter, text, target) -> Attribution``.
    ``target``: the explained class (default: the predicted class of the original model, kept fixed)."""
    adapter = resolve_model(model)
    if not adapter.has("parameters"):
        raise CapabilityError(f"cascading randomization re-initialises the model's parameters; {adapter!r} has none "
                              f"to re-initialise: {adapter.missing('parameters')}")
    if callable(method):
        run, name = (lambda a, t: method(a, text, t)), getattr(method, "__name__", "custom")
    else:
        name = get_method(method).name
        run = lambda a, t: run_method(a, name, text, t, dict(params))  # noqa: E731
    original = run(adapter, target)
    cls = original.targets[0]
    clone = copy.deepcopy(adapter.model)
    clone.eval()
    twin = adapter.with_model(clone, name=f"{adapter.name} (randomized)")
    if std is None:
        std = float(getattr(getattr(clone, "config", None), "initializer_range", 0.02) or 0.02)
    gen = torch.Generator().manual_seed(int(seed))
    base = _content(original, cls)
    names, rho, rho_abs, attrs = [], [], [], []
    for step, modules in randomization_steps(clone):
        reinitialize(modules, std, gen)
        r = run(twin, cls)
        s = _content(r, cls)
        names.append(step)
        rho.append(_corr("spearman", base, s))
        rho_abs.append(_corr("spearman", np.abs(base), np.abs(s)))
        attrs.append(r)
    return SanityResult(name, names, rho, rho_abs, float(threshold), [original] + attrs)
