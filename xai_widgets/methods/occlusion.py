"""Occlusion (Zeiler & Fergus, 2014) over a sliding token window: hide ``window`` consecutive content tokens
(replace by [MASK]/[PAD]/[UNK] or remove them), move by ``stride``, and give each token the mean output drop
f(x) - f(x with the window hidden) over the windows that cover it. [CLS]/[SEP] are never hidden."""
from __future__ import annotations

import numpy as np

from ..registry import register
from .base import check_positive_int, check_replacement, finish, perturbed_ids, prepare


@register("occlusion", "Occlusion", kind="perturbation", signed=True)
def occlusion(adapter, text, target=None, output="probability", window=1, stride=1, replacement="mask"):
    window = check_positive_int("window", window)
    stride = check_positive_int("stride", stride)
    check_replacement(replacement)
    prep = prepare(adapter, text, target, output)
    content = prep.enc.content_positions
    n = len(content)
    window = min(window, n)
    starts = list(range(0, n - window + 1, stride))
    if starts[-1] != n - window:  # the last tokens are always covered
        starts.append(n - window)
    keep = np.ones((len(starts), n), dtype=np.int8)
    for r, s in enumerate(starts):
        keep[r, s: s + window] = 0
    outs = adapter.predict_ids(perturbed_ids(prep.enc, keep, replacement, adapter), output=output)
    ref = prep.reference()
    drops = ref[None, :] - outs  # [windows, classes]
    cover = (1 - keep).astype(float)  # [windows, n]
    counts = cover.sum(axis=0)
    scores = np.zeros((len(prep.targets), len(prep.ids)))
    for k, t in enumerate(prep.targets):
        scores[k, content] = (cover * drops[:, t: t + 1]).sum(axis=0) / counts
    params = {"window": window, "stride": stride, "replacement": replacement}
    return finish(prep, scores, "occlusion", params, {"n_evaluations": len(starts) + 1})
