"""Training checkpoints for TracIn (Pruthi et al., 2020): the weights it sums over, each with its step size.

``checkpoints=None``: the embedded default model uses the checkpoints its build saved (the ends of the first and
second third of its one epoch, and the final weights, each weighted by the mean learning rate of its third); any
other model uses its final weights (step size 1). ``"final"`` forces the final weights. A list gives a user's own
checkpoints: pairs ``(weights, learning_rate)`` where weights is a state dict or the path of a ``.safetensors`` /
``.pt`` file holding one (a partial state dict, e.g. the trainable parameters only, is completed by the model's
current values). The checkpoints are loaded into a copy of the model; the user's model is never modified.
"""
from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Mapping
from typing import List, Tuple

import numpy as np
import torch

from ..models import is_default


def _load_state(weights, where: str) -> Mapping:
    if isinstance(weights, (str, os.PathLike)):
        path = os.fspath(weights)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{where}: no checkpoint file at {path!r}")
        if path.endswith(".safetensors"):
            from safetensors.torch import load_file

            return load_file(path)
        state = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(state, Mapping):
            raise TypeError(f"{where}: {path!r} holds a {type(state).__name__}, not a state dict")
        return state
    if isinstance(weights, Mapping):
        return weights
    raise TypeError(f"{where}: weights must be a state dict or the path of a .safetensors/.pt file; got "
                    f"{type(weights).__name__}")


def with_weights(adapter, state: Mapping, where: str):
    """A copy of the adapter whose model holds ``state`` (names must all exist in the model)."""
    own = dict(adapter.model.state_dict())
    unknown = [k for k in state if k not in own]
    if unknown:
        raise ValueError(f"{where}: {len(unknown)} names are not parameters of {type(adapter.model).__name__}, e.g. "
                         f"{unknown[:3]}")
    for k, v in state.items():
        if tuple(v.shape) != tuple(own[k].shape):
            raise ValueError(f"{where}: {k} has shape {tuple(v.shape)}, the model's has {tuple(own[k].shape)}")
    model = copy.deepcopy(adapter.model)
    model.load_state_dict(state, strict=False)
    return adapter.with_model(model)


def resolve_checkpoints(adapter, checkpoints) -> List[Tuple[object, float, str]]:
    """[(adapter at that checkpoint, step size, name)], the final weights being ``adapter`` itself."""
    if checkpoints == "final":
        return [(adapter, 1.0, "final")]
    if checkpoints is None:
        if not is_default(adapter):
            return [(adapter, 1.0, "final")]
        from ..models.default import checkpoints as saved, default_model_dir

        rows = saved(default_model_dir())
        if not rows:
            warnings.warn("the cached default model has no training checkpoints (it was built before they were "
                          "saved), so TracIn uses the final weights only; "
                          "xai_widgets.models.default.ensure_default_model(rebuild=True) rebuilds it with them",
                          stacklevel=3)
            return [(adapter, 1.0, "final")]
        out = []
        for row in rows:
            if row["path"] is None:
                out.append((adapter, float(row["lr"]), f"step {row['step']} (final)"))
            else:
                out.append((_Lazy(adapter, row["path"]), float(row["lr"]), f"step {row['step']}"))
        return out
    if isinstance(checkpoints, (str, bytes)) or not isinstance(checkpoints, (list, tuple)) or not checkpoints:
        raise TypeError("checkpoints must be None (the model's own), 'final' or a non-empty list of "
                        f"(weights, learning_rate) pairs; got {checkpoints!r}")
    out = []
    for i, item in enumerate(checkpoints):
        where = f"checkpoints[{i}]"
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise TypeError(f"{where} must be a pair (weights, learning_rate); got {type(item).__name__}")
        weights, lr = item
        if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not np.isfinite(lr) or lr <= 0:
            raise ValueError(f"{where}: the learning rate must be a positive finite number; got {lr!r}")
        if isinstance(weights, (str, os.PathLike)) and not os.path.isfile(weights):
            raise FileNotFoundError(f"{where}: no checkpoint file at {os.fspath(weights)!r}")
        if not isinstance(weights, (str, os.PathLike, Mapping)):
            raise TypeError(f"{where}: weights must be a state dict or the path of a .safetensors/.pt file; got "
                            f"{type(weights).__name__}")
        out.append((_Lazy(adapter, weights, where), float(lr), where))
    return out


class _Lazy:
    """A checkpoint loaded only when its representations are not cached."""

    def __init__(self, adapter, weights, where: str = "checkpoint"):
        self.base, self.weights, self.where = adapter, weights, where

    @property
    def key(self):
        w = self.weights
        if isinstance(w, (str, os.PathLike)):
            st = os.stat(w)
            return ("file", os.path.abspath(os.fspath(w)), st.st_mtime_ns, st.st_size)
        return ("state", tuple((k, v.data_ptr(), v._version) for k, v in w.items()))

    def load(self):
        key = (id(self.base), self.key)
        if key not in _LOADED:
            if len(_LOADED) >= 3:  # the default model's two saved checkpoints, and one spare
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[key] = with_weights(self.base, _load_state(self.weights, self.where), self.where)
        return _LOADED[key]


_LOADED: dict = {}


__all__ = ["resolve_checkpoints", "with_weights"]
