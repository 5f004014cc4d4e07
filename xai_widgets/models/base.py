"""The adapter protocol: what every model wrapper says about itself and how methods talk to it.

An adapter has a ``modality`` ("text", "tabular", "image"), a set of ``capabilities`` (see ``CAPABILITIES``), class
``labels``, the output kinds it can explain (``outputs``; ``default_output``), the ways it can hide a feature
(``replacements``; ``default_replacement``) and a ``fingerprint()`` of its weights and input layout.

``adapter.prepare(x, target, output)`` turns one input into a ``Prepared`` object: the input, the model's outputs
on it, the resolved targets, and the two interfaces methods use:

- masks: ``prep.positions`` are the features a method may hide (a text's content tokens, every column of a row);
  ``prep.perturb(keep, replacement)`` gives model inputs with the features where ``keep == 0`` hidden, and
  ``adapter.predict_items(items, output)`` scores any number of them in batches;
- gradients (adapters with the ``gradients`` capability): ``prep.inputs()`` is the differentiable input
  representation [1, ...] (token embeddings, float features), ``prep.forward(points)`` the model's outputs on a
  batch of such points, ``prep.feature_sum`` / ``prep.feature_norm`` fold per-dimension values to one per feature.

``prep.layout()`` gives the fields that tell a result how to show the features (tokens or a table row).
"""
from __future__ import annotations

import hashlib
import sys
import time
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

import numpy as np

#: what an adapter can offer; methods declare which of these they need
CAPABILITIES = {
    "mask": "hide or replace a set of input features and predict",
    "gradients": "gradients of the outputs with respect to an input representation",
    "attentions": "attention weights of every layer and head",
    "probabilities": "class probabilities (a classifier)",
    "trees": "a tree ensemble that TreeSHAP can read",
    "linear": "the coefficients of a linear model",
    "impurity": "impurity-based feature importances (feature_importances_)",
    "parameters": "trainable parameters that can be re-initialised (sanity checks)",
}


def is_torch_module(obj) -> bool:
    """True for a torch ``nn.Module`` (without importing torch: such an object cannot exist before torch is)."""
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(obj, torch.nn.Module)


class Adapter:
    """Base class of the model adapters (``TextClassifier``, ``CausalLM``, ``TabularModel``)."""

    modality: str = ""
    name: str = ""
    labels: List[str]
    capabilities: FrozenSet[str] = frozenset()
    outputs: Tuple[str, ...] = ("probability",)
    default_output: str = "probability"
    replacements: Tuple[str, ...] = ()
    default_replacement: str = ""

    def has(self, capability: str) -> bool:
        return capability in self.capabilities

    def check_output(self, output: Optional[str]) -> str:
        """``output`` (None: the default) when this model can explain it; ValueError naming the accepted ones."""
        if output is None:
            return self.default_output
        if output not in self.outputs:
            raise ValueError(f"unknown output {output!r}; accepted: {list(self.outputs)}")
        return output

    def check_replacement(self, replacement: Optional[str]) -> str:
        if replacement is None:
            return self.default_replacement
        if replacement not in self.replacements:
            raise ValueError(f"unknown replacement {replacement!r}; accepted: {list(self.replacements)}")
        return replacement

    # ------------------------------------------------------------------ to be provided
    def prepare(self, x, target=None, output: Optional[str] = None) -> "Prepared":
        raise NotImplementedError

    def prepare_from(self, attribution) -> "Prepared":
        """The ``Prepared`` input an attribution was computed on (checked against it), for evaluation."""
        raise NotImplementedError

    def predict_items(self, items: Sequence[Any], output: str) -> np.ndarray:
        raise NotImplementedError

    def _fingerprint_parts(self) -> List[bytes]:
        raise NotImplementedError

    def fingerprint(self) -> str:
        """A hash of everything that decides this model's outputs: its weights (or fitted state), its tokenizer or
        feature layout, its labels. Two models that differ in any weight have different fingerprints."""
        h = hashlib.blake2b(digest_size=16)
        h.update(type(self).__name__.encode())
        for part in self._fingerprint_parts():
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()

    # ------------------------------------------------------------------ targets
    def resolve_targets(self, target, probabilities: np.ndarray) -> List[int]:
        """``None`` -> predicted class; an int index; a label name; ``"all"`` (predicted first); or a list."""
        if target is None:
            return [int(np.argmax(probabilities))]
        if isinstance(target, str) and target == "all":  # the predicted class first, then the others
            top = int(np.argmax(probabilities))
            return [top] + [i for i in range(len(self.labels)) if i != top]
        items = list(target) if isinstance(target, (list, tuple)) else [target]
        if not items:
            raise ValueError(f"target list is empty; accepted: None, 'all', an index 0..{len(self.labels) - 1} "
                             f"or a label in {self.labels}")
        out: List[int] = []
        for t in items:
            if isinstance(t, (bool, np.bool_)):
                raise TypeError(f"target {t!r} is a bool; pass a class index or a label in {self.labels}")
            if isinstance(t, (int, np.integer)):
                if not 0 <= int(t) < len(self.labels):
                    raise ValueError(f"target index {t} is out of range; the model has {len(self.labels)} "
                                     f"outputs: {dict(enumerate(self.labels))}")
                idx = int(t)
            elif isinstance(t, str):
                matches = [i for i, lab in enumerate(self.labels) if lab == t] or \
                          [i for i, lab in enumerate(self.labels) if lab.lower() == t.lower()]
                if not matches:
                    raise ValueError(f"unknown target {t!r}; labels are {self.labels} (or pass an index 0.."
                                     f"{len(self.labels) - 1}, None for the predicted class, or 'all')")
                idx = matches[0]
            else:
                raise TypeError(f"target must be None, an int, a label str, 'all' or a list; got {type(t).__name__}")
            if idx not in out:
                out.append(idx)
        return out


class Prepared:
    """One input made ready for the methods (see the module docstring). Subclasses fill the modality's parts."""

    adapter: Adapter
    targets: List[int]
    probabilities: np.ndarray
    output: str
    started: float
    #: features a method may hide, as positions in the full feature list (``n_all`` long)
    positions: List[int]
    n_all: int
    #: gradient baselines: the kinds ``baseline(kind)`` accepts, the default one, and GradientSHAP's default set
    baseline_kinds: Tuple[str, ...] = ()
    default_baseline: str = ""
    default_baselines: Tuple[str, ...] = ()

    def _init(self, adapter: Adapter, probabilities: np.ndarray, target, output: Optional[str]) -> None:
        self.adapter = adapter
        self.started = getattr(self, "started", None) or time.perf_counter()
        self.output = adapter.check_output(output)
        self.probabilities = np.asarray(probabilities, dtype=np.float64)
        self.targets = adapter.resolve_targets(target, self.probabilities)

    # ------------------------------------------------------------------ masks
    def perturb(self, keep: np.ndarray, replacement: str) -> List[Any]:
        raise NotImplementedError

    def predict_keep(self, keep: np.ndarray, replacement: Optional[str] = None,
                     output: Optional[str] = None) -> np.ndarray:
        """Outputs [n, classes] with the features where ``keep[j, c] == 0`` hidden (``keep``: [n, len(positions)])."""
        replacement = self.adapter.check_replacement(replacement)
        return self.adapter.predict_items(self.perturb(np.asarray(keep), replacement), output or self.output)

    def reference(self) -> np.ndarray:
        """The model outputs (in ``output`` units) on the full input, for every class."""
        raise NotImplementedError

    def layout(self) -> Dict[str, Any]:
        raise NotImplementedError

    def result_fields(self, scores: np.ndarray) -> Dict[str, Any]:
        """The fields of a result holding ``scores`` (what ``feature_sum`` returned): the layout and the scores;
        an image also keeps the per-pixel map."""
        return {**self.layout(), "scores": scores}

    # ------------------------------------------------------------------ gradients
    def inputs(self):
        raise NotImplementedError

    def baseline(self, kind: str, several: bool = False):
        """The baseline input [1, ...] of one kind (with ``several``, a kind may stand for a set [B, ...])."""
        raise NotImplementedError

    def forward(self, points):
        raise NotImplementedError

    def chunk_size(self, internal_batch_size: Optional[int]) -> int:
        raise NotImplementedError

    def feature_sum(self, per_dim) -> np.ndarray:
        """[T, *input shape] -> [T, n_all]: one score per feature."""
        raise NotImplementedError

    def feature_norm(self, grads) -> np.ndarray:
        raise NotImplementedError

    def noise_sigma(self, noise_level: float):
        raise NotImplementedError


__all__ = ["Adapter", "Prepared", "CAPABILITIES", "is_torch_module"]
