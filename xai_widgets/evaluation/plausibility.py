"""Plausibility: agreement of an attribution with human rationales (a 0/1 mask over the tokens).

With the content tokens (no [CLS]/[SEP]) in order, gold mask g, scores s and a hard rationale h = the top k tokens
by score (k = |g| by default, as ERASER does when the model gives no hard rationale):

- token_f1 = 2 P R / (P + R), P = |h n g| / |h|, R = |h n g| / |g|                     (higher is better)
- iou_f1 (ERASER): h and g as spans (maximal runs of consecutive selected tokens); a span matches when its
  intersection over union with some span of the other side is >= 0.5; P = matched predicted spans / predicted
  spans, R = matched gold spans / gold spans, F1 of those                                (higher is better)
- auprc: area under the precision-recall curve of s against g (sklearn ``precision_recall_curve`` + ``auc``,
  as ERASER and ferret compute it)                                                        (higher is better)
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .faithfulness import rank_tokens
from .metric import RationaleMetric, get_metric, register_metric

_NEEDS = ("attribution", "rationale")


def content_rationale(attribution, rationale: Sequence) -> np.ndarray:
    """The rationale as a 0/1 array over the content tokens. Accepts a mask over all tokens or over the content
    tokens only."""
    r = np.asarray(rationale, dtype=float).ravel()
    content = [i for i, s in enumerate(attribution.special) if not s]
    if len(r) == len(attribution.tokens):
        r = r[content]
    elif len(r) != len(content):
        raise ValueError(f"rationale has {len(r)} entries; expected {len(attribution.tokens)} (one per token) or "
                         f"{len(content)} (one per content token)")
    if not np.all(np.isin(r, (0, 1))):
        raise ValueError("rationale must be a 0/1 (or boolean) mask")
    return r.astype(int)


def spans(mask: Sequence[int]) -> List[Tuple[int, int]]:
    """Maximal runs of ones as half-open (start, end) pairs."""
    out, start = [], None
    for i, v in enumerate(list(mask) + [0]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            out.append((start, i))
            start = None
    return out


def _iou(a: Tuple[int, int], b: Tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def hard_rationale(scores: np.ndarray, k: int, ranking: str = "signed") -> np.ndarray:
    mask = np.zeros(len(scores), dtype=int)
    mask[rank_tokens(scores, ranking)[:k]] = 1
    return mask


def token_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = int(np.sum((pred == 1) & (gold == 1)))
    p = tp / max(1, int(pred.sum()))
    r = tp / max(1, int(gold.sum()))
    return _f1(p, r)


def iou_f1(pred: np.ndarray, gold: np.ndarray, threshold: float = 0.5) -> float:
    ps, gs = spans(pred), spans(gold)
    if not ps or not gs:
        return 0.0
    p = sum(max(_iou(a, b) for b in gs) >= threshold for a in ps) / len(ps)
    r = sum(max(_iou(b, a) for a in ps) >= threshold for b in gs) / len(gs)
    return _f1(p, r)


def auprc(scores: np.ndarray, gold: np.ndarray) -> float:
    from sklearn.metrics import auc, precision_recall_curve

    if gold.sum() == 0:
        return float("nan")
    precision, recall, _ = precision_recall_curve(gold, scores)
    return float(auc(recall, precision))


TOKEN_F1 = register_metric(RationaleMetric(
    "token_f1", "Token F1", "plausibility", True, _NEEDS, "2PR/(P+R) of the top-k tokens against the rationale",
    range=(0.0, 1.0), compute=lambda pred, gold, scores: token_f1(pred, gold)))
IOU_F1 = register_metric(RationaleMetric(
    "iou_f1", "IOU F1", "plausibility", True, _NEEDS, "F1 of spans matched at IOU >= 0.5", range=(0.0, 1.0),
    compute=lambda pred, gold, scores: iou_f1(pred, gold)))
AUPRC = register_metric(RationaleMetric(
    "auprc", "AUPRC", "plausibility", True, _NEEDS,
    "area under the precision-recall curve of the scores against the rationale", range=(0.0, 1.0),
    compute=lambda pred, gold, scores: auprc(scores, gold)))
PLAUSIBILITY_METRICS = ["token_f1", "iou_f1", "auprc"]


def plausibility(attribution, rationale: Sequence, metrics: Optional[Sequence[str]] = None, k: Optional[int] = None,
                 ranking: str = "signed", target=None) -> Dict[str, float]:
    """Token F1, IOU F1 and AUPRC of ``attribution`` against a human ``rationale`` (0/1 per token or per content
    token). ``k``: size of the hard rationale (default: the number of rationale tokens)."""
    objs = [get_metric(m) for m in (PLAUSIBILITY_METRICS if metrics is None else metrics)]
    bad = [m.name for m in objs if "rationale" not in m.needs]
    if bad:
        raise ValueError(f"{bad} are not plausibility metrics; accepted: {PLAUSIBILITY_METRICS}")
    gold = content_rationale(attribution, rationale)
    content = [i for i, s in enumerate(attribution.special) if not s]
    scores = attribution.scores_for(target)[content]
    key = np.abs(scores) if ranking == "absolute" else scores
    pred = hard_rationale(scores, int(gold.sum()) if k is None else int(k), ranking)
    return {m.name: float(m.compute(pred, gold, key)) for m in objs}
