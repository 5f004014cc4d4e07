"""Influence functions (Koh & Liang, 2017) over the classifier's top layers.

The parameters theta are those of the covered layers (the classifier, and the pooler for BERT-style models; see
``features.py``), everything below them held fixed, so the training loss is a function of theta alone over the
cached representations. With H = (1/n) sum_i hess L(z_i) + damping * I at the model's weights,

    score_i = grad L(query)^T H^-1 grad L(z_i)

is, to first order, n times the increase of the query's loss when z_i is left out of training (minus Koh & Liang's
I_up,loss): positive scores are proponents, as for TracIn. ``s = H^-1 grad L(query)`` is solved once per query,
exactly (a Cholesky solve of the dense Hessian, when theta has at most ``EXACT_MAX`` entries) or by conjugate
gradients with Hessian-vector products by double backpropagation over all training representations at once; then
every score is the inner product of s with a factorised per-example gradient, so no per-example gradient is stored.

Curvature: ``"gauss_newton"`` (the default) uses the generalised Gauss-Newton matrix (1/n) sum_i J_i^T A_i J_i,
J_i the Jacobian of example i's logits in theta and A_i = diag(s_i) - s_i s_i^T the softmax Hessian: positive
semi-definite, so the damped system always has a solution, and for the classifier layer alone (logits linear in
theta) it is the Hessian itself. ``"hessian"`` uses the full Hessian: over the pooler it is indefinite for the default
model (CG meets negative curvature below damping 0.1), and the solver then stops with an error naming ``damping``.
Gauss-Newton products are closed-form matrix products over all n representations (milliseconds); Hessian products
use double backpropagation. The derivation assumes the weights minimise the damped training loss; a fine-tuned
network is near a minimum, not at it (Bae et al., 2022, read the result as a proximal Bregman response).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

from ..progress import Progress
from .features import TopFeatures

EXACT_MAX = 2000
HESSIAN_CHOICES = ("auto", "exact", "cg")
CURVATURES = ("gauss_newton", "hessian")


def _params(tf: TopFeatures) -> Dict[str, torch.Tensor]:
    out = {"W_c": tf.W_c}
    if tf.b_c is not None:
        out["b_c"] = tf.b_c
    if tf.h is not None:
        out["W_p"] = tf.W_p
        if tf.b_p is not None:
            out["b_p"] = tf.b_p
    return {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in out.items()}


def _mean_loss(theta: Dict[str, torch.Tensor], tf: TopFeatures, labels: np.ndarray) -> torch.Tensor:
    if "W_p" in theta:
        pre = torch.as_tensor(tf.h) @ theta["W_p"].T
        if "b_p" in theta:
            pre = pre + theta["b_p"]
        p = torch.tanh(pre)
    else:
        p = torch.as_tensor(tf.p)
    logits = p @ theta["W_c"].T
    if "b_c" in theta:
        logits = logits + theta["b_c"]
    return torch.nn.functional.cross_entropy(logits, torch.as_tensor(labels, dtype=torch.long))


def example_gradients_dot(s: Dict[str, np.ndarray], tf: TopFeatures, labels: np.ndarray) -> np.ndarray:
    """[n] inner products of s (a vector over theta) with each example's loss gradient, factorised."""
    d = tf.delta(labels)
    out = ((d @ s["W_c"]) * tf.p).sum(1)
    if "b_c" in s:
        out += d @ s["b_c"]
    if "W_p" in s:
        u = tf.u(d)
        out += ((u @ s["W_p"]) * tf.h).sum(1)
        if "b_p" in s:
            out += u @ s["b_p"]
    return out


def query_gradient(tf: TopFeatures, labels: np.ndarray) -> Dict[str, np.ndarray]:
    """The loss gradient of one example (tf holds one row) over theta, in closed form."""
    d = tf.delta(labels)[0]
    g = {"W_c": np.outer(d, tf.p[0])}
    if tf.b_c is not None:
        g["b_c"] = d
    if tf.h is not None:
        u = tf.u(d[None])[0]
        g["W_p"] = np.outer(u, tf.h[0])
        if tf.b_p is not None:
            g["b_p"] = u
    return g


class InverseHessian:
    """Solves (C + damping I) s = g, C the curvature of the mean training loss over theta (see the module)."""

    def __init__(self, tf: TopFeatures, labels: np.ndarray, damping: float, method: str = "auto",
                 curvature: str = "gauss_newton", tol: float = 1e-8, max_iter: int = 1000,
                 show_progress: Optional[bool] = None):
        if method not in HESSIAN_CHOICES:
            raise ValueError(f"hessian must be one of {list(HESSIAN_CHOICES)}; got {method!r}")
        if curvature not in CURVATURES:
            raise ValueError(f"curvature must be one of {list(CURVATURES)}; got {curvature!r}")
        self.tf, self.curvature = tf, curvature
        self.theta = _params(tf)
        self.names = list(self.theta)
        self.shapes = [tuple(self.theta[k].shape) for k in self.names]
        self.size = sum(int(np.prod(sh)) for sh in self.shapes)
        self.damping, self.tol, self.max_iter = float(damping), float(tol), int(max_iter)
        self.method = ("exact" if self.size <= EXACT_MAX else "cg") if method == "auto" else method
        if self.method == "exact" and self.size > 4 * EXACT_MAX:
            raise ValueError(f"hessian='exact' over {self.size} parameters would need a {self.size}^2 matrix; use "
                             f"hessian='cg' or layers='classifier'")
        self.iterations: List[int] = []
        self.residuals: List[float] = []
        if curvature == "gauss_newton":
            self._gn_setup(labels)
        else:
            with torch.enable_grad():  # also under a caller's no_grad / inference_mode
                loss = _mean_loss(self.theta, tf, labels)
                self.grad = torch.autograd.grad(loss, [self.theta[k] for k in self.names], create_graph=True)
                self.flat_grad = torch.cat([g.reshape(-1) for g in self.grad])
        if self.method == "exact":
            eye = torch.eye(self.size, dtype=torch.float64)
            starts = range(0, self.size, 256)
            with Progress(total=len(starts), desc=f"influence: the {self.size}x{self.size} {curvature} matrix",
                          unit="blocks", show=show_progress) as bar:
                blocks = []
                for i in starts:
                    blocks.append(self._curvature_product(eye[i: i + 256].T).T)
                    bar.update()
            H = torch.cat(blocks)
            H = 0.5 * (H + H.T) + self.damping * eye
            try:
                self.chol = torch.linalg.cholesky(H)
            except RuntimeError:
                low = float(torch.linalg.eigvalsh(H)[0])
                raise ValueError(f"the damped {curvature} matrix is not positive definite (smallest eigenvalue "
                                 f"{low:.3g}); raise damping above {self.damping - low:.3g} or use "
                                 f"curvature='gauss_newton'") from None

    # -------------------------------------------------------------- curvature products, v: [size, m]
    def _gn_setup(self, labels):
        tf = self.tf
        z = tf.logits - tf.logits.max(1, keepdims=True)
        s = np.exp(z)
        self.s = torch.as_tensor(s / s.sum(1, keepdims=True))
        self.P = torch.as_tensor(tf.p)
        self.Hf = None if tf.h is None else torch.as_tensor(tf.h)
        self.Wc = torch.as_tensor(tf.W_c)
        self.dtanh = None if tf.h is None else 1.0 - self.P ** 2

    def _gn_product(self, v: torch.Tensor) -> torch.Tensor:
        """(1/n) sum_i J_i^T A_i J_i v for m directions at once, in closed form."""
        parts = self._split(v)  # name -> [m, *shape]
        n = self.P.shape[0]
        dl = torch.einsum("mcp,np->mnc", parts["W_c"], self.P)
        if "b_c" in parts:
            dl = dl + parts["b_c"][:, None, :]
        if "W_p" in parts:
            dpre = torch.einsum("mkh,nh->mnk", parts["W_p"], self.Hf)
            if "b_p" in parts:
                dpre = dpre + parts["b_p"][:, None, :]
            dl = dl + torch.einsum("ck,mnk->mnc", self.Wc, dpre * self.dtanh)
        r = self.s * dl - self.s * (self.s * dl).sum(-1, keepdim=True)  # A_i (J_i v)
        out = {"W_c": torch.einsum("mnc,np->mcp", r, self.P) / n}
        if "b_c" in parts:
            out["b_c"] = r.sum(1) / n
        if "W_p" in parts:
            u = torch.einsum("mnc,ck->mnk", r, self.Wc) * self.dtanh
            out["W_p"] = torch.einsum("mnk,nh->mkh", u, self.Hf) / n
            if "b_p" in parts:
                out["b_p"] = u.sum(1) / n
        return torch.cat([out[k].reshape(v.shape[1], -1) for k in self.names], 1).T

    def _split(self, v: torch.Tensor) -> Dict[str, torch.Tensor]:
        out, i = {}, 0
        for k, sh in zip(self.names, self.shapes):
            size = int(np.prod(sh))
            out[k] = v[i: i + size].T.reshape((v.shape[1],) + sh)
            i += size
        return out

    def _curvature_product(self, v: torch.Tensor) -> torch.Tensor:
        if self.curvature == "gauss_newton":
            return self._gn_product(v)
        with torch.enable_grad():
            hv = torch.autograd.grad(self.flat_grad, [self.theta[k] for k in self.names],
                                     grad_outputs=v.T.contiguous(), retain_graph=True, is_grads_batched=True)
        return torch.cat([h.reshape(v.shape[1], -1) for h in hv], 1).T

    def hvp(self, v: torch.Tensor) -> torch.Tensor:
        return self._curvature_product(v[:, None])[:, 0] + self.damping * v

    def flatten(self, g: Dict[str, np.ndarray]) -> torch.Tensor:
        return torch.cat([torch.as_tensor(np.asarray(g[k], dtype=np.float64)).reshape(-1) for k in self.names])

    def unflatten(self, x: torch.Tensor) -> Dict[str, np.ndarray]:
        out, i = {}, 0
        for k, sh in zip(self.names, self.shapes):
            n = int(np.prod(sh))
            out[k] = x[i: i + n].reshape(sh).numpy()
            i += n
        return out

    def solve(self, g: Dict[str, np.ndarray], show_progress: Optional[bool] = None) -> Dict[str, np.ndarray]:
        """s = (C + damping I)^-1 g: a Cholesky solve, or conjugate gradients under a progress bar that counts the
        iterations and shows the relative residual against ``tol``."""
        b = self.flatten(g)
        if self.method == "exact":
            x = torch.cholesky_solve(b[:, None], self.chol)[:, 0]
            self.iterations.append(0)
            self.residuals.append(float(torch.linalg.norm(self.hvp(x) - b) / max(float(torch.linalg.norm(b)), 1e-300)))
            return self.unflatten(x)
        bn = max(float(torch.linalg.norm(b)), 1e-300)
        with Progress(desc=f"influence: conjugate gradients over {self.size} parameters", unit="iterations",
                      show=show_progress) as bar:
            x, it, rr = self._cg(b, bn, bar)
        self.iterations.append(it)
        self.residuals.append(float(np.sqrt(rr)) / bn)
        return self.unflatten(x)

    def _cg(self, b, bn, bar):
        """Conjugate gradients from 0 for b (norm bn), one ``bar`` step per iteration; (x, iterations, final r.r)."""
        x = torch.zeros_like(b)
        r = b.clone()
        p = r.clone()
        rr = float(r @ r)
        it = 0
        for it in range(1, self.max_iter + 1):
            Ap = self.hvp(p)
            curv = float(p @ Ap)
            if curv <= 0:
                raise ValueError(f"conjugate gradients met a direction of non-positive curvature "
                                 f"({curv / float(p @ p):.3g}) in the damped {self.curvature} matrix of {self.size} "
                                 f"parameters; raise damping (now {self.damping:g}) or use curvature='gauss_newton'")
            a = rr / curv
            x += a * p
            r -= a * Ap
            rr_new = float(r @ r)
            if bar.active:
                bar.note(f"residual {np.sqrt(rr_new) / bn:.1e} (tol {self.tol:.0e})")
            bar.update()
            if np.sqrt(rr_new) / bn < self.tol:
                rr = rr_new
                break
            p = r + (rr_new / rr) * p
            rr = rr_new
        return x, it, rr


def influence_function_scores(train: TopFeatures, y_train: np.ndarray, query: TopFeatures, y_query: np.ndarray,
                              inverse: InverseHessian, show_progress: Optional[bool] = None
                              ) -> Tuple[np.ndarray, Dict[str, np.ndarray]]:
    """[n_train] scores grad L(query)^T H^-1 grad L(z_i), and s = H^-1 grad L(query)."""
    s = inverse.solve(query_gradient(query, y_query), show_progress)
    return example_gradients_dot(s, train, y_train), s


__all__ = ["InverseHessian", "influence_function_scores", "example_gradients_dot", "query_gradient",
           "HESSIAN_CHOICES", "CURVATURES", "EXACT_MAX"]
