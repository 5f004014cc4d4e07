"""Attention flow (Abnar & Zuidema 2020): the maximum flow from each input token to one output position in the
layered graph whose edge capacities are the residual-augmented, head-averaged attention weights.

Nodes: ``(layer, token)`` for layer 0 (the inputs) .. L (the output of the last layer). An edge goes from
``(l, j)`` to ``(l + 1, i)`` with capacity ``Â_l[i, j]``. The score of input token ``j`` is the max-flow value
from ``(0, j)`` to ``(L, position)``; scores are then normalised to sum to 1 (as in the authors' code).

Max flow is a small Dinic implementation in pure Python (no networkx needed). One flow per input token over
``(L + 1) * n`` nodes and ``L * n^2`` edges makes it slow for long inputs: ``MAX_FLOW_TOKENS`` (64) is the
default limit; longer inputs raise ``ValueError`` (pass ``max_tokens=`` to go further, or use rollout).
"""
from __future__ import annotations

import sys
from collections import deque
from typing import List, Sequence, Tuple

import numpy as np

from .rollout import residual_augmented

MAX_FLOW_TOKENS = 64


class FlowNetwork:
    """A directed graph with capacities; ``max_flow(s, t)`` by Dinic's algorithm (BFS levels + blocking DFS)."""

    def __init__(self, n_nodes: int):
        self.n = n_nodes
        self.to: List[int] = []
        self.cap: List[float] = []
        self.adj: List[List[int]] = [[] for _ in range(n_nodes)]

    def add_edge(self, u: int, v: int, capacity: float) -> None:
        self.adj[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(float(capacity))
        self.adj[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0.0)

    def max_flow(self, s: int, t: int, eps: float = 1e-12) -> float:
        if s == t:
            raise ValueError("source and sink must differ")
        cap = list(self.cap)  # residual capacities; the graph can be reused for other (s, t) pairs
        to, adj = self.to, self.adj
        total = 0.0
        while True:
            level = [-1] * self.n
            level[s] = 0
            queue = deque([s])
            while queue:
                u = queue.popleft()
                for e in adj[u]:
                    if cap[e] > eps and level[to[e]] < 0:
                        level[to[e]] = level[u] + 1
                        queue.append(to[e])
            if level[t] < 0:
                return total
            it = [0] * self.n

            def dfs(u: int, pushed: float) -> float:
                if u == t:
                    return pushed
                edges = adj[u]
                while it[u] < len(edges):
                    e = edges[it[u]]
                    v = to[e]
                    if cap[e] > eps and level[v] == level[u] + 1:
                        got = dfs(v, min(pushed, cap[e]))
                        if got > eps:
                            cap[e] -= got
                            cap[e ^ 1] += got
                            return got
                    it[u] += 1
                return 0.0

            while True:
                pushed = dfs(s, float("inf"))
                if pushed <= eps:
                    break
                total += pushed


def max_flow(n_nodes: int, edges: Sequence[Tuple[int, int, float]], source: int, sink: int) -> float:
    """Max-flow value of a graph given as (u, v, capacity) edges."""
    net = FlowNetwork(n_nodes)
    for u, v, c in edges:
        net.add_edge(u, v, c)
    return net.max_flow(source, sink)


def attention_graph(att: np.ndarray, residual: float = 0.5, eps: float = 1e-9) -> FlowNetwork:
    """The layered graph of residual-augmented attention; node id of (layer, token) is ``layer * n + token``."""
    aug = residual_augmented(att, residual)
    L, n, _ = aug.shape
    net = FlowNetwork((L + 1) * n)
    for l in range(L):
        for i in range(n):
            for j in range(n):
                if aug[l, i, j] > eps:
                    net.add_edge(l * n + j, (l + 1) * n + i, aug[l, i, j])
    return net


def flow_scores(att: np.ndarray, position: int = 0, residual: float = 0.5, max_tokens: int = MAX_FLOW_TOKENS,
                normalize: bool = True) -> np.ndarray:
    """Attention-flow score of every input token for the output ``position`` (0: [CLS]; -1: last token)."""
    a = np.asarray(att)
    L, n = a.shape[0], a.shape[-1]
    if n > max_tokens:
        raise ValueError(f"attention flow on {n} tokens is too slow in pure Python (one max-flow per token over "
                         f"{L * n * n} edges); the limit is max_tokens={max_tokens}. Shorten the text, raise "
                         "max_tokens (minutes for a few hundred tokens), or use attention_rollout")
    pos = position % n
    net = attention_graph(a, residual)
    sink = L * n + pos
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, net.n + 500))  # the blocking-flow DFS recurses along one augmenting path
    try:
        scores = np.array([net.max_flow(j, sink) for j in range(n)], dtype=np.float64)
    finally:
        sys.setrecursionlimit(limit)
    if normalize and scores.sum() > 0:
        scores = scores / scores.sum()
    return scores
