"""``AttentionMaps``: the attention weights of every layer and head of one model on one text.

``maps.attentions[l, h, i, j]`` (float32) is the weight query token ``i`` ("from") gives key token ``j`` ("to")
in layer ``l``, head ``h``. Causal models have ``causal=True``: the upper triangle (j > i) is masked, not zero.
The explorer widget receives only tokens, statistics and small thumbnails at first; it fetches each head or
layer as float16 binary buffers when a view needs it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

from .._json import jsonable
from ..results.base import Result
from ..results.static_html import esc, many, table
from ..results.static_svg import heat_matrix_svg
from .rollout import rollout_matrix
from .stats import STAT_NAMES, head_statistics

_META = ("text", "tokens", "special", "causal", "model_name", "truncated", "n_truncated_tokens",
         "attn_implementation")


@dataclass(repr=False)
class AttentionMaps(Result):
    text: str
    tokens: List[str]
    attentions: np.ndarray
    special: List[bool] = field(default_factory=list)
    causal: bool = False
    model_name: str = ""
    truncated: bool = False
    n_truncated_tokens: int = 0
    attn_implementation: Optional[str] = None
    _stats: Optional[Dict[str, Any]] = field(default=None, repr=False)

    view = "attention_explorer"

    def __post_init__(self) -> None:
        self.attentions = np.ascontiguousarray(self.attentions, dtype=np.float32)
        if self.attentions.ndim != 4 or self.attentions.shape[-1] != self.attentions.shape[-2]:
            raise ValueError(f"attentions must be [layers, heads, n, n]; got {self.attentions.shape}")
        n = self.attentions.shape[-1]
        if len(self.tokens) != n:
            raise ValueError(f"{len(self.tokens)} tokens but attention maps of size {n}")
        self.tokens = [str(t) for t in self.tokens]
        self.special = [bool(s) for s in self.special] or [False] * n

    # ------------------------------------------------------------------ shape
    @property
    def n_layers(self) -> int:
        return int(self.attentions.shape[0])

    @property
    def n_heads(self) -> int:
        return int(self.attentions.shape[1])

    @property
    def n_tokens(self) -> int:
        return int(self.attentions.shape[-1])

    @property
    def shape(self) -> tuple:
        """(layers, heads, tokens, tokens)"""
        return tuple(int(x) for x in self.attentions.shape)

    def _check(self, layer: int, head: Optional[int] = None) -> int:
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)):
            raise TypeError(f"layer must be an int, got {type(layer).__name__}")
        if not -self.n_layers <= layer < self.n_layers:
            raise IndexError(f"layer {layer} out of range: the model has {self.n_layers} layers "
                             f"(0..{self.n_layers - 1})")
        if head is not None and not -self.n_heads <= head < self.n_heads:
            raise IndexError(f"head {head} out of range: each layer has {self.n_heads} heads (0..{self.n_heads - 1})")
        return int(layer) % self.n_layers

    def head(self, layer: int, head: Optional[int] = None) -> np.ndarray:
        """[n, n] weights of one head, or the mean over the layer's heads when ``head`` is None."""
        layer = self._check(layer, head)
        return self.attentions[layer].mean(axis=0) if head is None else self.attentions[layer, head]

    def layer(self, layer: int) -> np.ndarray:
        """[heads, n, n] weights of one layer."""
        return self.attentions[self._check(layer)]

    @property
    def mask(self) -> np.ndarray:
        """[n, n] bool: True where attention is possible (lower triangle with the diagonal for causal models)."""
        n = self.n_tokens
        return np.tril(np.ones((n, n), dtype=bool)) if self.causal else np.ones((n, n), dtype=bool)

    # ------------------------------------------------------------------ analysis
    def statistics(self) -> Dict[str, Any]:
        """Per-head statistics (see ``xai_widgets.attention.stats``): {name: [layers, heads]} and ``role``."""
        if self._stats is None:
            self._stats = head_statistics(self.attentions, self.special, self.causal)
        return self._stats

    @property
    def output_position(self) -> int:
        """The position whose row rollout / flow explain: [CLS] (0) for encoders, the last token for causal LMs."""
        return self.n_tokens - 1 if self.causal else 0

    def rollout(self, residual: float = 0.5) -> np.ndarray:
        """Attention rollout [n, n] (rows: output positions, columns: input tokens)."""
        return rollout_matrix(self.attentions, residual)

    def flow(self, position: Optional[int] = None, residual: float = 0.5, **kwargs) -> np.ndarray:
        """Attention-flow scores of the input tokens for ``position`` (default: ``output_position``)."""
        from .flow import flow_scores

        return flow_scores(self.attentions, self.output_position if position is None else position, residual, **kwargs)

    # ------------------------------------------------------------------ exports
    def to_pandas(self, layer: Optional[int] = None, head: Optional[int] = None):
        """Without arguments: one row per (layer, head) with the head statistics and role. With ``layer`` (and
        ``head``; None = mean of the layer's heads): one row per (from, to) token pair with its weight."""
        import pandas as pd

        if layer is None:
            st = self.statistics()
            rows = []
            for l in range(self.n_layers):
                for h in range(self.n_heads):
                    row = {"layer": l, "head": h}
                    row.update({k: float(st[k][l, h]) for k in STAT_NAMES})
                    row["role"] = st["role"][l][h]
                    rows.append(row)
            df = pd.DataFrame(rows)
        else:
            w = self.head(layer, head)
            n = self.n_tokens
            i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
            keep = self.mask.ravel()
            df = pd.DataFrame({"from_position": i.ravel()[keep], "to_position": j.ravel()[keep],
                               "from_token": np.asarray(self.tokens, dtype=object)[i.ravel()[keep]],
                               "to_token": np.asarray(self.tokens, dtype=object)[j.ravel()[keep]],
                               "weight": w.ravel()[keep].astype(np.float64)})
        df.attrs.update(text=self.text, model=self.model_name)
        return df

    def plot(self, layer: int = 0, head: Optional[int] = None, ax=None, cmap: str = "Blues"):
        """A static heatmap (matplotlib) of one head, or of the layer's head mean; masked cells are blank."""
        import matplotlib.pyplot as plt

        w = np.ma.masked_array(self.head(layer, head), mask=~self.mask)
        n = self.n_tokens
        if ax is None:
            size = min(12, max(4, 0.32 * n))
            _, ax = plt.subplots(figsize=(size + 1, size))
        im = ax.imshow(w, cmap=cmap, vmin=0, interpolation="nearest")
        if n <= 60:
            ax.set_xticks(range(n), self.tokens, rotation=90, fontsize=8)
            ax.set_yticks(range(n), self.tokens, fontsize=8)
        ax.set_xlabel("to (key)")
        ax.set_ylabel("from (query)")
        which = "mean of heads" if head is None else f"head {head}"
        ax.set_title(f"layer {self._check(layer)}, {which}", fontsize=10)
        ax.figure.colorbar(im, ax=ax, fraction=0.046)
        return ax

    def to_json(self) -> Dict[str, Any]:
        """Metadata and every weight as nested lists ([layers][heads][n][n]); ``save`` writes a compact .npz."""
        return jsonable({**{k: getattr(self, k) for k in _META}, "attentions": self.attentions})

    @classmethod
    def from_json(cls, data) -> "AttentionMaps":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        return cls(attentions=np.asarray(d["attentions"], dtype=np.float32), **{k: d[k] for k in _META if k in d})

    def save(self, path) -> None:
        """Write the maps to a compressed ``.npz`` file (float32 weights plus JSON metadata); see ``load``."""
        meta = {k: getattr(self, k) for k in _META}
        np.savez_compressed(path, attentions=self.attentions, meta=np.array(json.dumps(meta)))

    @classmethod
    def load(cls, path) -> "AttentionMaps":
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            return cls(attentions=data["attentions"], **meta)

    def to_html(self, path, title: Optional[str] = None, inline_layers="current"):
        """Offline HTML page with the explorer; the current layer's weights (``inline_layers="all"``: every
        layer) are inlined, so the matrix and head views work without a kernel. Returns the path."""
        from ..export import save_html

        return save_html(path, self.widget(inline_layers=inline_layers), title=title or self._title())

    def _title(self) -> str:
        return f"Attention: {self.text[:60]}"

    def _static_html(self) -> str:
        st = self.statistics()
        rows = [[l, h, st["role"][l][h], float(st["entropy_norm"][l, h]), float(st["to_first"][l, h])]
                for l in range(self.n_layers) for h in range(self.n_heads)]
        head = f"<p><b>{esc(self.model_name)}</b>: {self.n_layers} layers x {self.n_heads} heads on " \
               f"{self.n_tokens} tokens: {esc(' '.join(self.tokens))}</p>"
        last = self.n_layers - 1
        matrix = heat_matrix_svg(self.tokens, self.tokens, self.attentions[last].mean(axis=0),
                                 caption=f"layer {last}, mean over the {self.n_heads} heads (row: from, column: to)")
        return many([head, matrix, table(["layer", "head", "role", "entropy (norm.)", "to first token"], rows)])

    def __repr__(self) -> str:
        kind = "causal" if self.causal else "bidirectional"
        return (f"AttentionMaps(model={self.model_name!r}, layers={self.n_layers}, heads={self.n_heads}, "
                f"tokens={self.n_tokens}, {kind})")
