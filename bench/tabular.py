"""Tabular benchmarks, each a ratio to its peer measured in the same run.

    .venv/bin/python bench/tabular.py [--rows 10000] [--eval-rows 200] [--rounds 5] [--threads 1]

1. TreeSHAP over a dataset: ``xw.explain_global(tab, X, method="tree_shap")`` against ``shap.TreeExplainer(model)(X)``
   driven directly, on a random forest (100 trees, depth 6) over ``--rows`` rows of ``make_friedman1`` (10 features).
   Both build their explainer inside the timed call; both check additivity. Target: within 1.1x (our layer adds no
   real cost).
2. Faithfulness of tabular explanations: the six metrics of ``xai_widgets.evaluation`` for ``--eval-rows`` rows x 5
   methods (saliency, gradient x input, integrated gradients, KernelSHAP, occlusion) of a torch MLP, features hidden
   by the 100 background rows. Ours: ``FaithfulnessPlan`` + ``run_plans`` (every perturbed input of all the rows in
   one deduplicated, batched prediction). Peer: the same perturbed inputs, one model call per perturbed row (that
   call averages over the background rows, as a hand-written loop would). Equal values checked. Target: >= 5x.
   The same comparison for a random forest (20 rows x TreeSHAP, KernelSHAP, LIME, occlusion) is printed for
   information: there every sklearn call costs milliseconds of overhead, so batching matters far more.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _timing as T  # noqa: E402


def forest_data(rows: int):
    from sklearn.datasets import make_friedman1
    from sklearn.ensemble import RandomForestRegressor

    X, y = make_friedman1(n_samples=rows + 1000, n_features=10, noise=0.5, random_state=0)
    rf = RandomForestRegressor(n_estimators=100, max_depth=6, random_state=0, n_jobs=1).fit(X[:1000], y[:1000])
    return rf, X[:1000], X[1000:], y[1000:]


def mlp(X, y):
    import torch

    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
    opt = torch.optim.Adam(net.parameters(), 1e-2)
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor((y - y.mean()) / y.std(), dtype=torch.float32)
    for _ in range(300):
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(Xt)[:, 0], yt).backward()
        opt.step()
    return net.eval()


def naive_scores(adapter, plans, call):
    """The peer: one model call per perturbed row (background rows averaged inside the call)."""
    bg = adapter.background
    out = []
    for plan in plans:
        x = plan.prep.x
        preds = np.array([call(np.where(k.astype(bool)[None, :], x[None, :], bg)).mean() for k in plan.keep])
        out.append(plan.finish(preds[:, None]).values)
    return out


def faithfulness_case(title, adapter, rows, methods, params, call, rounds, budget):
    import xai_widgets as xw
    from xai_widgets.evaluation.faithfulness import FAITHFULNESS_METRICS, FaithfulnessPlan, run_plans

    attrs = [xw.explain(r, model=adapter, method=m, **params.get(m, {})) for r in rows for m in methods]
    plans = [FaithfulnessPlan(adapter, a, FAITHFULNESS_METRICS, curve_points=11) for a in attrs]
    ours = [r.values for r in run_plans(adapter, plans)]
    theirs = naive_scores(adapter, plans, call)
    diff = max(abs(a[k] - b[k]) for a, b in zip(ours, theirs) for k in a)
    n_inputs = sum(len(p.keep) for p in plans)
    n_unique = sum(p.keep.shape[0] for p in plans)
    times = T.interleaved({"ours": lambda: run_plans(adapter, plans),
                           "one call per perturbed row": lambda: naive_scores(adapter, plans, call)},
                          rounds=rounds, budget_s=budget)
    med = {k: T.median(v) for k, v in times.items()}
    print(f"\n{title}: {len(rows)} rows x {len(methods)} methods = {len(attrs)} attributions, {n_inputs} perturbed "
          f"inputs x {len(adapter.background)} background rows; max |ours - peer| = {diff:.1e}")
    print(T.table(["variant", "median", "min-max", "ratio peer / ours"],
                  [[k, T.ms(med[k]), T.spread(v), f"{med['one call per perturbed row'] / med[k]:.1f}"]
                   for k, v in times.items()]))
    return med["one call per perturbed row"] / med["ours"], diff, n_unique


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--eval-rows", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--budget", type=float, default=240.0)
    T.add_thread_arg(ap)
    args = ap.parse_args()
    T.apply_threads(args)
    import shap
    import torch

    import xai_widgets as xw

    print("machine:", T.machine())
    rf, X_train, X, y = forest_data(args.rows)
    tab = xw.load_model(rf, data=X_train)

    def ours():  # builds its explainer inside the call, as the peer does
        return xw.explain_global(tab, X, method="tree_shap")

    def direct():
        return shap.TreeExplainer(rf)(X)

    a, b = ours(), direct()
    diff = float(np.abs(a.values - b.values).max())
    times = T.interleaved({"ours: explain_global(tree_shap)": ours, "shap.TreeExplainer(model)(X)": direct},
                          rounds=args.rounds, budget_s=args.budget)
    med = {k: T.median(v) for k, v in times.items()}
    ratio = med["ours: explain_global(tree_shap)"] / med["shap.TreeExplainer(model)(X)"]
    print(f"\nTreeSHAP over {len(X)} rows x 10 features (random forest, 100 trees, depth 6); max |ours - shap| = "
          f"{diff:.1e}")
    print(T.table(["variant", "median", "min-max"], [[k, T.ms(med[k]), T.spread(v)] for k, v in times.items()]))
    print(f"ratio ours / shap = {ratio:.3f} (target <= 1.1: {'yes' if ratio <= 1.1 else 'NO'})")

    rows = X[: args.eval_rows]
    net = mlp(X_train, rf.predict(X_train))
    tabnet = xw.load_model(net, data=X_train)

    def call_net(batch):
        with torch.inference_mode():
            return net(torch.tensor(batch, dtype=torch.float32)).numpy()

    r1, d1, _ = faithfulness_case(
        "Faithfulness, torch MLP", tabnet, rows,
        ["saliency", "gradient_x_input", "integrated_gradients", "kernel_shap", "occlusion"],
        {"kernel_shap": {"n_samples": 200}}, call_net, args.rounds, args.budget)
    print(f"ratio peer / ours = {r1:.1f} (target >= 5: {'yes' if r1 >= 5 else 'NO'})")
    r2, d2, _ = faithfulness_case(
        "Faithfulness, random forest (for information)", tab, rows[:20],
        ["tree_shap", "kernel_shap", "lime", "occlusion"],
        {"kernel_shap": {"n_samples": 200}, "lime": {"num_samples": 500}}, rf.predict, 3,
        args.budget)
    print(f"ratio peer / ours = {r2:.1f}")


if __name__ == "__main__":
    main()
