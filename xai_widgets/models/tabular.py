"""Adapter for tabular models: any object with ``predict_proba`` or ``predict`` (sklearn estimators and pipelines,
classification or regression), or a torch ``nn.Module`` on float features, with a background sample ``data``.

The features are the columns. A hidden feature is replaced by the background (``"background"``: the prediction is
averaged over the background rows, the interventional expectation KernelSHAP uses), or by the background's
``"mean"`` / ``"median"``, or by ``"zero"``. A torch module adds gradients with respect to the float features.

Nothing the user passed is changed: the estimator is only called, the data is copied once.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .base import Adapter, Prepared, is_torch_module

REPLACEMENTS = ("background", "mean", "median", "zero")
BASELINES = ("mean", "median", "zero")
TREE_MODULES = ("sklearn.tree", "sklearn.ensemble._forest", "sklearn.ensemble._gb",
                "sklearn.ensemble._hist_gradient_boosting", "xgboost", "lightgbm", "catboost")
SCALERS = ("StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler")
ROW_CHUNK = 65536


def _torch():
    return sys.modules.get("torch")


def steps_of(model) -> list:
    """A pipeline's steps (estimators), or [model]."""
    steps = getattr(model, "steps", None)
    if isinstance(steps, list) and steps and all(isinstance(s, tuple) and len(s) == 2 for s in steps):
        return [est for _, est in steps if est not in (None, "passthrough")]
    return [model]


def _column_names(data) -> Optional[List[str]]:
    cols = getattr(data, "columns", None)
    return [str(c) for c in cols] if cols is not None else None


def to_matrix(data, name: str, feature_names: Optional[Sequence[str]] = None) -> np.ndarray:
    """A float64 [n, F] copy of array-like data; columns reordered by name for a DataFrame when names are known.
    Non-numeric or non-finite entries are a ValueError naming the column."""
    if data is None:
        raise ValueError(f"{name} is missing: pass the rows (an array or DataFrame)")
    cols = _column_names(data)
    if cols is not None and feature_names is not None:
        missing = [f for f in feature_names if f not in cols]
        if missing:
            raise ValueError(f"{name} lacks the columns {missing}; the model's features are {list(feature_names)}")
        data = data[list(feature_names)]
        cols = list(feature_names)
    values = data.to_numpy() if hasattr(data, "to_numpy") else data
    try:
        arr = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raw = np.asarray(values, dtype=object)
        raw = raw.reshape(1, -1) if raw.ndim == 1 else raw
        names = cols or (list(feature_names) if feature_names is not None else [])
        for j in range(raw.shape[-1]):
            try:
                raw[:, j].astype(np.float64)
            except (TypeError, ValueError):
                col = names[j] if j < len(names) else f"column {j}"
                bad = next(v for v in raw[:, j] if not _is_number(v))
                raise ValueError(f"{name}: feature {col!r} holds {bad!r}, not a number; tabular models take "
                                 "numeric features (encode categories as numbers first, e.g. in a Pipeline)") from None
        raise
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (rows x features), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no rows")
    bad = ~np.isfinite(arr)
    if bad.any():
        j = int(np.argwhere(bad)[0][1])
        names = cols or list(feature_names or [])
        col = names[j] if j < len(names) else f"column {j}"
        raise ValueError(f"{name} holds NaN or infinite values (first in feature {col!r}); pass finite numbers "
                         "(impute missing values first)")
    return arr


def _is_number(v) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


class _Masked:
    """A row with some features to be replaced by each background row (averaged): the "background" replacement."""

    __slots__ = ("x", "keep")

    def __init__(self, x: np.ndarray, keep: np.ndarray):
        self.x, self.keep = x, keep

    def key(self) -> bytes:
        return b"m" + self.x.tobytes() + self.keep.tobytes()


class TabularModel(Adapter):
    """``.model`` (the estimator or module as given), ``.data`` (the background sample, float64 copy),
    ``.feature_names``, ``.labels``, ``.task`` ("classification" or "regression")."""

    modality = "tabular"
    replacements = REPLACEMENTS
    default_replacement = "background"

    def __init__(self, model, data, feature_names: Optional[Sequence[str]] = None,
                 class_names: Optional[Sequence[str]] = None, name: Optional[str] = None, device=None,
                 max_background: int = 100):
        if model is None or not (is_torch_module(model) or callable(getattr(model, "predict_proba", None))
                                 or callable(getattr(model, "predict", None))):
            raise TypeError(f"a tabular model needs predict_proba or predict (an sklearn estimator or pipeline) or "
                            f"must be a torch nn.Module on float features; got {type(model).__name__}")
        if data is None:
            raise ValueError("a tabular model needs data=X_train: the background sample that hidden features are "
                             "replaced by and that SHAP and LIME sample from")
        self.model = model
        self.is_torch = is_torch_module(model)
        names = self._feature_names(model, data, feature_names)
        self.data = to_matrix(data, "data", names)
        self.data.setflags(write=False)
        if names is None:
            names = [f"x{i}" for i in range(self.data.shape[1])]
        if len(names) != self.data.shape[1]:
            raise ValueError(f"{len(names)} feature names for {self.data.shape[1]} columns of data")
        if len(set(names)) != len(names):
            raise ValueError(f"feature names must be unique; repeated: {sorted({n for n in names if names.count(n) > 1})}")
        self.feature_names = [str(n) for n in names]
        self._frame_columns = getattr(model, "feature_names_in_", None)
        self.name = name or type(model).__name__
        if self.is_torch:
            from .torch_utils import pick_device

            self.device = pick_device(device) if device is not None else next(
                (p.device for p in model.parameters()), pick_device("cpu"))
            if device is not None:
                model.to(self.device)
        else:
            self.device = None
        rng = np.random.RandomState(0)  # a fixed, local choice of background rows (no global RNG touched)
        if len(self.data) > max_background:
            self.background = self.data[np.sort(rng.choice(len(self.data), max_background, replace=False))]
        else:
            self.background = self.data
        self.background.setflags(write=False)
        first = self.predict_rows(self.data[:2], check=True)
        self._init_task(first, class_names)
        self.capabilities = frozenset(self._capabilities())

    # ------------------------------------------------------------------ set-up
    @staticmethod
    def _feature_names(model, data, given) -> Optional[List[str]]:
        """The features in the order the model takes them: the names it was fitted with (a DataFrame's columns
        are then matched by name, in any order), else the given names, else the data's columns."""
        fitted = getattr(model, "feature_names_in_", None)
        if fitted is not None:
            fitted = [str(n) for n in fitted]
            if given is not None and [str(n) for n in given] != fitted:
                raise ValueError(f"feature_names {list(given)} differ from the names the model was fitted with "
                                 f"{fitted}; leave feature_names out or pass them in the fitted order")
            return fitted
        if given is not None:
            return [str(n) for n in given]
        return _column_names(data)

    def _init_task(self, first: np.ndarray, class_names) -> None:
        est = self.model
        if self.is_torch:
            n_out = first.shape[1]
            self.task = "classification" if n_out > 1 else "regression"
            self.outputs = ("probability", "log_probability", "logit") if n_out > 1 else ("prediction",)
        elif callable(getattr(est, "predict_proba", None)):
            self.task = "classification"
            self.outputs = ("probability", "log_probability")
            n_out = first.shape[1]
        else:
            classes = getattr(est, "classes_", None)
            self.task = "classification" if classes is not None else "regression"
            self.outputs = ("probability",) if classes is not None else ("prediction",)
            n_out = len(classes) if classes is not None else first.shape[1]
        self.default_output = self.outputs[0]
        classes = getattr(steps_of(est)[-1], "classes_", None)
        if class_names is not None:
            labels = [str(c) for c in class_names]
        elif self.task == "classification" and classes is not None:
            labels = [str(c) for c in classes]
        elif self.task == "classification":
            labels = [f"class {i}" for i in range(n_out)]
        else:
            labels = ["prediction"] if n_out == 1 else [f"output {i}" for i in range(n_out)]
        if len(labels) != n_out:
            raise ValueError(f"{len(labels)} class names given but the model has {n_out} outputs")
        if len(set(labels)) != len(labels):
            raise ValueError(f"class names must be unique, got {labels}")
        self.labels = labels

    def _capabilities(self) -> set:
        caps = {"mask"}
        if self.task == "classification" and "log_probability" in self.outputs:
            caps.add("probabilities")
        if self.is_torch:
            caps |= {"gradients", "parameters"}
            return caps
        steps = steps_of(self.model)
        last = steps[-1]
        pre_ok = all(type(s).__name__ in SCALERS and not getattr(s, "clip", False) for s in steps[:-1])
        multiclass_gb = type(last).__name__ == "GradientBoostingClassifier" and len(self.labels) > 2
        if len(steps) == 1 and type(last).__module__.startswith(TREE_MODULES) and not multiclass_gb:
            caps.add("trees")  # (shap's TreeExplainer reads no multiclass sklearn GradientBoostingClassifier)
        if pre_ok and getattr(last, "coef_", None) is not None:
            caps.add("linear")
        if pre_ok and getattr(last, "feature_importances_", None) is not None:
            caps.add("impurity")
        return caps

    def missing(self, capability: str) -> str:
        kind = type(self.model).__name__
        return {
            "gradients": f"{kind} is not a torch module (gradients need autograd); wrap a torch nn.Module",
            "trees": f"{kind} is not a tree ensemble that TreeSHAP reads (sklearn trees and forests, gradient "
                     "boosting (binary or regression), XGBoost, LightGBM, CatBoost; not inside a Pipeline)",
            "linear": f"{kind} has no coef_ (a linear model, alone or after scalers in a Pipeline)",
            "impurity": f"{kind} has no feature_importances_",
            "probabilities": f"{kind} gives no class probabilities (a regressor, or no predict_proba)",
            "parameters": f"{kind} has no trainable parameters to re-initialise (not a torch module)",
            "attentions": f"{kind} is a tabular model: it has no attention",
        }.get(capability, "")

    # ------------------------------------------------------------------ prediction
    def frame(self, X: np.ndarray):
        """What the estimator is called with: a DataFrame when it was fitted on one (no name warnings)."""
        if self._frame_columns is not None:
            import pandas as pd

            return pd.DataFrame(X, columns=list(self._frame_columns))
        return X

    def predict_rows(self, X: np.ndarray, output: Optional[str] = None, check: bool = False) -> np.ndarray:
        """Outputs [n, C] for rows X (float64 [n, F]); ``output`` None gives probabilities / predictions."""
        try:
            if self.is_torch:
                return self._torch_predict(X, output)
            est = self.model
            if callable(getattr(est, "predict_proba", None)):
                p = np.asarray(est.predict_proba(self.frame(X)), dtype=np.float64)
                if output == "log_probability":
                    return np.log(np.clip(p, 1e-300, None))
                return p
            pred = np.asarray(est.predict(self.frame(X)))
            classes = getattr(est, "classes_", None)
            if classes is not None:  # a classifier without probabilities: its hard votes
                return (pred.reshape(-1, 1) == np.asarray(classes).reshape(1, -1)).astype(np.float64)
            return pred.astype(np.float64).reshape(len(X), -1)
        except Exception as exc:
            if not check:
                raise
            if type(exc).__name__ == "NotFittedError":
                raise ValueError(f"{type(self.model).__name__} is not fitted yet: call fit(X_train, y_train) "
                                 "before explaining it") from None
            raise ValueError(f"{type(self.model).__name__} could not predict the first rows of data "
                             f"({type(exc).__name__}: {exc}); data must have the columns the model was fitted on"
                             ) from exc

    def _torch_predict(self, X: np.ndarray, output: Optional[str]) -> np.ndarray:
        torch = _torch()
        from .torch_utils import eval_mode

        outs = []
        with torch.inference_mode(), eval_mode(self.model):
            for start in range(0, len(X), ROW_CHUNK):
                t = torch.tensor(X[start:start + ROW_CHUNK], dtype=self.dtype(), device=self.device)
                outs.append(self.transform(self.logits(t), output).double().cpu().numpy())
        return np.concatenate(outs) if outs else np.zeros((0, len(getattr(self, "labels", [0]))))

    def dtype(self):
        torch = _torch()
        p = next(self.model.parameters(), None)
        return p.dtype if p is not None and p.is_floating_point() else torch.float32

    def logits(self, t):
        out = self.model(t)
        out = out.logits if hasattr(out, "logits") else (out[0] if isinstance(out, (tuple, list)) else out)
        return out.reshape(len(t), -1)

    def transform(self, logits, output: Optional[str]):
        torch = _torch()
        if logits.shape[1] == 1 or output == "logit":
            return logits
        if output == "log_probability":
            return torch.log_softmax(logits, dim=-1)
        return torch.softmax(logits, dim=-1)

    def predict(self, X, output: Optional[str] = None) -> np.ndarray:
        """Outputs [n, classes] for rows (array-like, DataFrame) in ``output`` units (default: probabilities, or
        the prediction of a regressor)."""
        output = self.check_output(output)
        return self.predict_rows(to_matrix(X, "X", self.feature_names), output)

    def predict_items(self, items: Sequence[Any], output: str) -> np.ndarray:
        """Outputs for rows (1-D float arrays) and background-masked rows (averaged over the background rows),
        deduplicated and predicted in large batches."""
        n_cls = len(self.labels)
        keys: List[bytes] = []
        unique: Dict[bytes, Any] = {}
        for it in items:
            k = it.key() if isinstance(it, _Masked) else b"r" + np.asarray(it, dtype=np.float64).tobytes()
            keys.append(k)
            unique.setdefault(k, it)
        rows = [(k, np.asarray(v, dtype=np.float64)) for k, v in unique.items() if not isinstance(v, _Masked)]
        masked = [(k, v) for k, v in unique.items() if isinstance(v, _Masked)]
        results: Dict[bytes, np.ndarray] = {}
        if rows:
            out = self.predict_rows(np.stack([r for _, r in rows]), output)
            results.update({k: o for (k, _), o in zip(rows, out)})
        bg = self.background
        per = max(1, ROW_CHUNK // len(bg))
        for start in range(0, len(masked), per):
            chunk = masked[start:start + per]
            X = np.concatenate([np.where(m.keep[None, :], m.x[None, :], bg) for _, m in chunk])
            out = self.predict_rows(X, output).reshape(len(chunk), len(bg), -1).mean(axis=1)
            results.update({k: o for (k, _), o in zip(chunk, out)})
        return np.stack([results[k] for k in keys]) if keys else np.zeros((0, n_cls))

    def global_target(self, target) -> int:
        """The class a dataset-level explanation shows: the given one, else the second class of a binary
        classifier (the "positive" one), else the first."""
        if target is None:
            return 1 if self.task == "classification" and len(self.labels) == 2 else 0
        return self.resolve_targets(target, np.zeros(len(self.labels)))[0]

    def fill_values(self, replacement: str) -> np.ndarray:
        if replacement == "mean":
            return self.data.mean(axis=0)
        if replacement == "median":
            return np.median(self.data, axis=0)
        if replacement == "zero":
            return np.zeros(self.data.shape[1])
        raise ValueError(f"unknown replacement {replacement!r}; accepted: {list(REPLACEMENTS)}")

    # ------------------------------------------------------------------ linear models
    def linear_weights(self) -> Tuple[np.ndarray, np.ndarray]:
        """(W [k, F], b [k]) of the model's linear score in the raw feature space, scalers in a Pipeline folded
        in: score(x) = W x + b (the decision function: log-odds of a logistic regression, the prediction of a
        linear regression)."""
        steps = steps_of(self.model)
        last = steps[-1]
        W = np.atleast_2d(np.asarray(last.coef_, dtype=np.float64))
        b = np.atleast_1d(np.asarray(getattr(last, "intercept_", np.zeros(len(W))), dtype=np.float64))
        b = np.broadcast_to(b, (W.shape[0],)).copy()
        for s in reversed(steps[:-1]):  # z = a * x + c per feature  ->  W z + b = (W a) x + (W c + b)
            kind = type(s).__name__
            ones, zeros = np.ones(W.shape[1]), np.zeros(W.shape[1])
            if kind == "StandardScaler":
                scale = s.scale_ if s.with_std and s.scale_ is not None else ones
                mean = s.mean_ if s.with_mean and s.mean_ is not None else zeros
                a, c = 1.0 / scale, -mean / scale
            elif kind == "MinMaxScaler":
                a, c = s.scale_, s.min_
            elif kind == "MaxAbsScaler":
                a, c = 1.0 / s.scale_, np.zeros(W.shape[1])
            else:  # RobustScaler
                scale = s.scale_ if s.with_scaling and s.scale_ is not None else ones
                center = s.center_ if s.with_centering and s.center_ is not None else zeros
                a, c = 1.0 / scale, -center / scale
            b = W @ c + b
            W = W * a[None, :]
        return W, b

    # ------------------------------------------------------------------ the protocol's inputs
    def row(self, x) -> np.ndarray:
        """One input row as a float64 [F] copy: a 1-D array or list, a pandas Series (matched by name when its
        index holds the feature names) or a one-row DataFrame."""
        if isinstance(x, (str, bytes, dict)) or x is None or np.isscalar(x):
            raise TypeError(f"x must be one row of {len(self.feature_names)} features (a 1-D array, list, pandas "
                            f"Series or one-row DataFrame), got {type(x).__name__}")
        if hasattr(x, "to_numpy") and not hasattr(x, "columns"):  # a Series: matched by name when it has the names
            by_name = dict(zip((str(i) for i in x.index), x.to_numpy()))
            if len(by_name) == len(self.feature_names) and set(by_name) == set(self.feature_names):
                x = [by_name[f] for f in self.feature_names]
            elif all(isinstance(i, (int, np.integer)) for i in x.index):
                x = x.to_numpy()  # a positional Series (e.g. a row of a numpy-built frame)
            else:
                raise ValueError(f"x is a Series whose index {[str(i) for i in x.index]} does not name the model's "
                                 f"features {self.feature_names}")
        if hasattr(x, "columns") and len(x) != 1:
            raise ValueError(f"x must be one row; the DataFrame has {len(x)} rows (explain_global takes many)")
        arr = to_matrix(x, "x", self.feature_names if hasattr(x, "columns") else None)
        if arr.shape[0] != 1:
            raise ValueError(f"x must be one row, got shape {np.shape(x)}")
        if arr.shape[1] != len(self.feature_names):
            raise ValueError(f"x has {arr.shape[1]} features; the model takes {len(self.feature_names)}: "
                             f"{self.feature_names}")
        return arr[0]

    def prepare(self, x, target=None, output: Optional[str] = None) -> "TabularPrepared":
        started = time.perf_counter()
        row = self.row(x)
        output = self.check_output(output)
        return TabularPrepared(self, row, self.predict_rows(row[None, :])[0], target, output, started)

    def prepare_from(self, attribution) -> "TabularPrepared":
        if getattr(attribution, "layout", "tokens") != "table" or attribution.feature_values is None:
            raise ValueError(f"{self.name} is a tabular model; this attribution does not explain a table row")
        if list(attribution.tokens) != self.feature_names:
            raise ValueError(f"the attribution's features {attribution.tokens} are not this model's "
                             f"{self.feature_names}")
        row = self.row(attribution.feature_values)
        return TabularPrepared(self, row, attribution.probabilities, list(attribution.targets), None,
                               time.perf_counter())

    def _fingerprint_parts(self) -> List[bytes]:
        if self.is_torch:
            from .torch_utils import state_digest

            weights = state_digest(self.model)
        else:
            weights = hashlib.sha256(pickle.dumps(self.model, protocol=4)).digest()
        meta = repr((type(self.model).__name__, self.feature_names, self.labels, self.task)).encode()
        return [weights, meta, hashlib.sha256(self.background.tobytes()).digest()]

    def with_model(self, model, name: Optional[str] = None) -> "TabularModel":
        """The same adapter (data, feature names, labels) around another model, e.g. a randomized copy."""
        return TabularModel(model, self.data, feature_names=self.feature_names, class_names=self.labels,
                            name=name or self.name, max_background=len(self.background))

    def __repr__(self) -> str:
        return (f"TabularModel(name={self.name!r}, task={self.task!r}, features={len(self.feature_names)}, "
                f"labels={self.labels}, background={len(self.background)} of {len(self.data)} rows)")


class TabularPrepared(Prepared):
    """One row made ready for the methods: every column is a feature."""

    baseline_kinds = BASELINES
    default_baseline = "mean"
    default_baselines = ("background",)

    def __init__(self, adapter: TabularModel, row: np.ndarray, probabilities, target, output, started):
        self.started = started
        self.x = row
        self._init(adapter, probabilities, target, output)
        self.positions = list(range(len(row)))
        self.n_all = len(row)

    def perturb(self, keep: np.ndarray, replacement: str) -> List[Any]:
        keep = np.asarray(keep).astype(bool)
        if replacement == "background":
            return [_Masked(self.x, k.copy()) for k in keep]
        fill = self.adapter.fill_values(replacement)
        return list(np.where(keep, self.x[None, :], fill[None, :]))

    def reference(self) -> np.ndarray:
        if self.output in ("probability", "prediction"):
            return self.probabilities
        return self.adapter.predict_rows(self.x[None, :], self.output)[0]

    def layout(self) -> Dict[str, Any]:
        names = self.adapter.feature_names
        return {"layout": "table", "text": "", "tokens": list(names), "special": [False] * len(names),
                "space_before": [True] * len(names), "word_ids": list(range(len(names))), "offsets": [],
                "feature_values": [float(v) for v in self.x]}

    # ------------------------------------------------------------------ gradients (torch modules)
    def _tensor(self, a):
        torch = _torch()
        return torch.tensor(np.asarray(a), dtype=self.adapter.dtype(), device=self.adapter.device)

    def inputs(self):
        return self._tensor(self.x[None, :])

    def baseline(self, kind: str, several: bool = False):
        """[1, F] (the background's mean, median, or zeros), or with ``several`` also "background": [B, F], every
        background row (GradientSHAP's baseline set)."""
        if several and kind == "background":
            return self._tensor(self.adapter.background)
        if kind not in BASELINES:
            extra = " or 'background'" if several else ""
            raise ValueError(f"unknown baseline {kind!r}; accepted: {list(BASELINES)}{extra} (of the background data)")
        return self._tensor(self.adapter.fill_values(kind)[None, :])

    def forward(self, points, output: Optional[str] = None):
        from .torch_utils import eval_mode

        with eval_mode(self.adapter.model):
            return self.adapter.transform(self.adapter.logits(points), output or self.output)

    def chunk_size(self, internal_batch_size: Optional[int]) -> int:
        return int(internal_batch_size) if internal_batch_size is not None else 4096

    def feature_sum(self, per_dim) -> np.ndarray:
        return per_dim.double().cpu().numpy()

    def feature_norm(self, grads) -> np.ndarray:
        return grads.abs().double().cpu().numpy()

    def noise_sigma(self, noise_level: float):
        """Per-feature noise: ``noise_level`` times each feature's range over the background data."""
        span = self.adapter.data.max(axis=0) - self.adapter.data.min(axis=0)
        return self._tensor(float(noise_level) * span)


__all__ = ["TabularModel", "TabularPrepared", "to_matrix", "REPLACEMENTS"]
