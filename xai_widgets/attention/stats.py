"""Per-head statistics of attention maps, so a teacher can point at "positional" and "separator" heads.

For each layer and head, averaged over the query (from) tokens:
- ``entropy``: mean row entropy in bits (0: every token looks at one token; log2(n): uniform);
  ``entropy_norm``: divided by the largest possible value of each row (log2 of the number of visible tokens).
- ``to_first``: attention to position 0 ([CLS] for BERT-like models, BOS / the first token for causal models).
- ``to_special``: attention to the other special tokens ([SEP], </s>, EOS).
- ``to_self``: attention to the token itself (the diagonal).
- ``to_prev``: attention to the previous token (i -> i - 1); ``to_next``: to the next one (i -> i + 1).
``role`` names the dominant pattern when one share is above ``threshold`` (default 0.5): "previous token",
"next token", "self", "first token ([CLS]/BOS)", "separator", else "broad" (entropy_norm > 0.8) or "mixed".
"""
from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np

STAT_NAMES = ("entropy", "entropy_norm", "to_first", "to_special", "to_self", "to_prev", "to_next")


def head_statistics(att: np.ndarray, special: Sequence[bool], causal: bool = False,
                    threshold: float = 0.5) -> Dict[str, object]:
    """``att`` [L, H, n, n] -> {name: [L, H] array} for STAT_NAMES plus ``role`` ([L][H] strings)."""
    att = np.asarray(att)
    L, H, n, _ = att.shape
    ent_rows = np.empty((L, H, n))
    for l in range(L):  # one layer at a time: bounded memory at 512 tokens
        p = np.clip(att[l].astype(np.float64), 0, None)
        with np.errstate(divide="ignore", invalid="ignore"):
            ent_rows[l] = -(np.where(p > 0, p * np.log2(p), 0.0)).sum(-1)
    visible = np.arange(1, n + 1) if causal else np.full(n, n)
    max_ent = np.log2(np.maximum(visible, 1)).astype(np.float64)
    norm_rows = np.where(max_ent > 0, ent_rows / np.where(max_ent > 0, max_ent, 1), 0.0)
    # rows with a single visible token (the first one of a causal model) carry no information: leave them out
    rows = np.flatnonzero(max_ent > 0) if (max_ent > 0).any() else np.arange(n)
    sp = np.asarray(list(special) or [False] * n, dtype=bool)
    others = sp.copy()
    others[0] = False
    idx = np.arange(n)
    out: Dict[str, object] = {
        "entropy": ent_rows[..., rows].mean(-1),
        "entropy_norm": norm_rows[..., rows].mean(-1),
        "to_first": att[..., rows, 0].mean(-1),
        "to_special": (att[..., :, others].sum(-1, dtype=np.float64)[..., rows].mean(-1) if others.any()
                       else np.zeros((L, H))),
        "to_self": att[..., idx, idx][..., rows].mean(-1),
    }
    prev_rows = rows[rows >= 1]
    out["to_prev"] = att[..., prev_rows, prev_rows - 1].mean(-1) if len(prev_rows) else np.zeros((L, H))
    next_rows = rows[rows < n - 1]
    out["to_next"] = att[..., next_rows, next_rows + 1].mean(-1) if len(next_rows) else np.zeros((L, H))
    out["role"] = head_roles(out, threshold)
    return out


def head_roles(stats: Dict[str, np.ndarray], threshold: float = 0.5) -> List[List[str]]:
    names = [("to_prev", "previous token"), ("to_next", "next token"), ("to_self", "self"),
             ("to_first", "first token ([CLS]/BOS)"), ("to_special", "separator")]
    L, H = np.shape(stats["entropy"])
    roles = []
    for l in range(L):
        row = []
        for h in range(H):
            best, label = max(((float(stats[k][l, h]), lab) for k, lab in names), key=lambda x: x[0])
            if best >= threshold:
                row.append(label)
            elif float(stats["entropy_norm"][l, h]) > 0.8:
                row.append("broad")
            else:
                row.append("mixed")
        roles.append(row)
    return roles
