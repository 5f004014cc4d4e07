"""Occlusion (Zeiler & Fergus, 2014) over a sliding window of features: hide ``window`` consecutive features
(a text's content tokens, replaced by [MASK]/[PAD]/[UNK] or removed; a row's columns, replaced by the background
values), move by ``stride``, and give each feature the mean output drop f(x) - f(x with the window hidden) over
the windows that cover it. [CLS]/[SEP] are never hidden. With the tabular default (window 1, "background") a
feature's score is f(x) - E_b[f(x with feature i taken from background row b)]."""
from __future__ import annotations

import numpy as np

from .base import check_positive_int, finish, prepare
from .registry import register


def check_window(window, stride, uncovered: str):
    window = check_positive_int("window", window)
    stride = check_positive_int("stride", stride)
    if stride > window:
        raise ValueError(f"stride ({stride}) must be <= window ({window}): a larger stride leaves {uncovered} "
                         "unscored")
    return window, stride


def window_keep(n: int, window: int, stride: int) -> np.ndarray:
    """[windows, n] keep masks: row r hides the ``window`` features from the r-th start (every ``stride``-th
    position, and the last window so that the last features are always covered). ``window <= n``."""
    starts = list(range(0, n - window + 1, stride))
    if starts[-1] != n - window:
        starts.append(n - window)
    keep = np.ones((len(starts), n), dtype=np.int8)
    for r, s in enumerate(starts):
        keep[r, s: s + window] = 0
    return keep


@register("occlusion", "Occlusion", kind="perturbation", signed=True, modalities=("text", "tabular"),
          needs=("mask",))
def occlusion(adapter, x, target=None, output=None, window=1, stride=1, replacement=None):
    window, stride = check_window(window, stride, "features that no window covers")
    replacement = adapter.check_replacement(replacement)
    prep = prepare(adapter, x, target, output)
    content = prep.positions
    n = len(content)
    window = min(window, n)
    keep = window_keep(n, window, stride)
    outs = prep.predict_keep(keep, replacement)
    ref = prep.reference()
    drops = ref[None, :] - outs  # [windows, classes]
    cover = (1 - keep).astype(float)  # [windows, n]
    counts = cover.sum(axis=0)
    scores = np.zeros((len(prep.targets), prep.n_all))
    for k, t in enumerate(prep.targets):
        scores[k, content] = (cover * drops[:, t: t + 1]).sum(axis=0) / counts
    params = {"window": window, "stride": stride, "replacement": replacement}
    return finish(prep, scores, "occlusion", params, {"n_evaluations": len(keep) + 1})


@register("occlusion", "Occlusion", kind="perturbation", signed=True, modalities=("image",), needs=("mask",))
def occlusion_image(adapter, x, target=None, output=None, window=16, stride=8, replacement=None,
                    internal_batch_size=None):
    """Occlusion on pixels: a ``window`` x ``window`` square (pixels) slid by ``stride`` over the image and
    replaced by the baseline image ("blurred" by default; "black", "uniform", "mean"); each pixel gets the mean
    output drop of the squares covering it (the last row and column of squares are aligned to the image's edge,
    so every pixel is covered)."""
    from .base import outputs_at

    window, stride = check_window(window, stride, "pixels that no square covers")
    replacement = adapter.check_replacement(replacement)
    prep = prepare(adapter, x, target, output)
    H, W = prep.size
    if window > min(H, W):
        raise ValueError(f"window ({window} px) is larger than the image ({H} x {W} px)")

    def starts(n):
        s = list(range(0, n - window + 1, stride))
        return s if s[-1] == n - window else s + [n - window]

    squares = [(r, c) for r in starts(H) for c in starts(W)]
    x0, rep = prep.inputs(), prep.baseline(replacement)
    size = prep.chunk_size(None if internal_batch_size is None
                           else check_positive_int("internal_batch_size", internal_batch_size))
    outs = []
    for s in range(0, len(squares), size):
        batch = x0.repeat(min(size, len(squares) - s), 1, 1, 1)
        for j, (r, c) in enumerate(squares[s: s + size]):
            batch[j, :, r: r + window, c: c + window] = rep[0, :, r: r + window, c: c + window]
        outs.append(outputs_at(prep, batch))
    outs = np.concatenate(outs)
    drops = prep.reference()[None, :] - outs  # [squares, classes]
    total = np.zeros((len(prep.targets), H, W))
    counts = np.zeros((H, W))
    for j, (r, c) in enumerate(squares):
        counts[r: r + window, c: c + window] += 1
        total[:, r: r + window, c: c + window] += drops[j, prep.targets][:, None, None]
    params = {"window": window, "stride": stride, "replacement": replacement}
    return finish(prep, total / counts, "occlusion", params, {"n_evaluations": len(squares) + 1})
