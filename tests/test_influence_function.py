"""Influence functions against leave-one-out retraining (convex toy), exact = CG, and TracIn over checkpoints
against captum's TracInCPFast."""
import numpy as np
import pytest
import torch

import xai_widgets as xw
from toy_bow_linear import bow_linear_adapter, corpus, counts, fit

L2 = 0.1


def _retrained_query_loss_change(X, y, xq, yq, l2, eps):
    """Actual change of the query's loss when each training point's weight 1 becomes 1 - eps in the mean
    training loss, retraining to the optimum (eps = 1: leave-one-out)."""
    def query_loss(weights):
        layer = torch.nn.Linear(X.shape[1], 2).double()
        with torch.no_grad():
            layer.weight.zero_()
            layer.bias.zero_()
        fit(layer, X, y, l2, weights)
        with torch.no_grad():
            return float(torch.nn.functional.cross_entropy(layer(xq), torch.tensor([yq])))

    full = query_loss(None)
    out = []
    for i in range(len(y)):
        w = np.ones(len(y))
        w[i] -= eps
        out.append(query_loss(w) - full)
    return np.array(out)


def test_influence_function_predicts_leave_one_out_on_a_convex_model():
    adapter = bow_linear_adapter()
    texts, labels = corpus(30, seed=4)
    X = counts(texts)
    fit(adapter.model.classifier, X, labels, L2)  # the head at the optimum of the damped training loss
    query = "great plot but slow cast"
    res = xw.influence(query, model=adapter, method="influence_function", k=30, train=(texts, labels),
                       layers="classifier", damping=L2)
    assert res.params["hessian"] == "exact" and res.diagnostics["parameters"] == 2 * 12 + 2
    assert res.diagnostics["relative_residual"] < 1e-8
    pred = adapter.labels.index(res.query_prediction)
    scores = np.zeros(30)
    for i, s in zip(res.indices, res.scores):
        scores[i] = s
    xq = counts([query])
    # leave-one-out retraining: Pearson r 0.984 measured (the first-order prediction underestimates the largest
    # effects of removing 1/30 of the data, slope 1.4, as Koh & Liang report for large removals)
    loo = _retrained_query_loss_change(X, labels, xq, pred, L2, eps=1.0)
    r = np.corrcoef(scores / 30, loo)[0, 1]
    assert r > 0.9, r
    # the derivative itself is exact: down-weighting by eps = 1e-3 changes the query loss by eps * score / n
    small = _retrained_query_loss_change(X, labels, xq, pred, L2, eps=1e-3)
    np.testing.assert_allclose(small / 1e-3, scores / 30, rtol=2e-3, atol=1e-5 * np.abs(scores).max())
    cg = xw.influence(query, model=adapter, method="influence_function", k=30, train=(texts, labels),
                      layers="classifier", damping=L2, hessian="cg")
    assert cg.params["hessian"] == "cg" and cg.diagnostics["cg_iterations"] > 0
    np.testing.assert_allclose(sorted(cg.scores), sorted(res.scores), rtol=1e-6, atol=1e-9)


def test_influence_function_on_pooler_and_classifier_exact_equals_cg():
    from tiny_models import tiny_classifier

    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    adapter = xw.load_model(model, tok, labels=["negative", "positive"])
    texts, labels = corpus(40, seed=1)
    for curvature, damping in (("gauss_newton", 0.01), ("hessian", 2.0)):  # this random model's Hessian < 0
        kw = dict(model=adapter, method="influence_function", k=40, train=(texts, labels), damping=damping,
                  curvature=curvature)
        exact = xw.influence("a fine cast", hessian="exact", **kw)
        cg = xw.influence("a fine cast", hessian="cg", **kw)
        assert exact.diagnostics["layers"] == ["bert.pooler.dense", "classifier"]
        assert exact.diagnostics["parameters"] == cg.diagnostics["parameters"]
        a = dict(zip(exact.indices, exact.scores))
        b = dict(zip(cg.indices, cg.scores))
        for i in a:
            assert np.isclose(a[i], b[i], rtol=1e-5, atol=1e-10 * max(map(abs, a.values()))), (curvature, i)
    with pytest.raises(ValueError, match="not positive definite.*gauss_newton"):
        xw.influence("a fine cast", model=adapter, method="influence_function", train=(texts, labels),
                     damping=0.01, curvature="hessian", hessian="exact")
    with pytest.raises(ValueError, match="damping"):
        xw.influence("a fine cast", model=adapter, method="tracin", damping=0.1, train=(texts, labels))
    with pytest.raises(ValueError, match="hessian must be"):
        xw.influence("a fine cast", model=adapter, method="influence_function", hessian="lissa",
                     train=(texts, labels))
    with pytest.raises(ValueError, match="curvature must be"):
        xw.influence("a fine cast", model=adapter, method="influence_function", curvature="fisher",
                     train=(texts, labels))
    with pytest.raises(ValueError, match="damping must be"):
        xw.influence("a fine cast", model=adapter, method="influence_function", damping=-1, train=(texts, labels))


def test_gauss_newton_product_equals_jacobian_form_and_hessian_for_the_last_layer():
    """The closed-form Gauss-Newton product equals (1/n) sum J^T A J with J from autograd; over the classifier
    alone (logits linear in theta) it equals the Hessian."""
    from tiny_models import tiny_classifier
    from xai_widgets.examples.features import top_features
    from xai_widgets.examples.influence_function import InverseHessian, _params

    model, tok = tiny_classifier("bert", seed=5, num_labels=3)
    adapter = xw.load_model(model, tok, labels=["a", "b", "c"])
    texts, _ = corpus(12, seed=2)
    labels = np.arange(12) % 3
    tf = top_features(adapter, texts)
    inv = InverseHessian(tf, labels, damping=1.0, method="cg")
    theta = _params(tf)
    names = list(theta)

    def logits_of(flat):
        parts, i = {}, 0
        for k in names:
            n = theta[k].numel()
            parts[k] = flat[i: i + n].reshape(theta[k].shape)
            i += n
        p = torch.tanh(torch.as_tensor(tf.h) @ parts["W_p"].T + parts["b_p"])
        return p @ parts["W_c"].T + parts["b_c"]

    flat = torch.cat([theta[k].detach().reshape(-1) for k in names])
    J = torch.autograd.functional.jacobian(logits_of, flat)  # [n, C, size]
    s = torch.softmax(logits_of(flat), -1)
    A = torch.diag_embed(s) - s[:, :, None] * s[:, None, :]
    G = torch.einsum("ncp,ncd,ndq->pq", J, A, J) / len(texts)
    v = torch.randn(flat.numel(), 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    np.testing.assert_allclose(inv._gn_product(v).numpy(), (G @ v).numpy(), rtol=1e-5, atol=1e-9)  # float32 model

    head = top_features(adapter, texts, layers="classifier")
    gn = InverseHessian(head, labels, damping=0.5, method="exact")
    hs = InverseHessian(head, labels, damping=0.5, method="exact", curvature="hessian")
    np.testing.assert_allclose(gn.chol.numpy(), hs.chol.numpy(), rtol=1e-8, atol=1e-12)


def test_tracin_over_checkpoints_equals_captum_tracincp_fast(tmp_path):
    from captum.influence import TracInCPFast

    adapter = bow_linear_adapter(bias=False, seed=2)
    texts, labels = corpus(24, seed=7)
    X = counts(texts).float()
    layer = adapter.model.classifier
    paths, lrs = [], [0.5, 0.2, 0.05]
    opt = torch.optim.SGD(layer.parameters(), lr=0.5)
    for c, lr in enumerate(lrs):  # three checkpoints of a short training run
        for group in opt.param_groups:
            group["lr"] = lr
        for _ in range(5):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(layer(X), torch.tensor(labels)).backward()
            opt.step()
        path = tmp_path / f"ck{c}.pt"
        torch.save({"classifier.weight": layer.weight.detach().clone(), "lr": lr}, path)
        paths.append(str(path))
    before = {k: v.clone() for k, v in adapter.model.state_dict().items()}
    pairs = [(torch.load(p, weights_only=True), lr) for p, lr in zip(paths, lrs)]
    states = [({"classifier.weight": s["classifier.weight"]}, lr) for s, lr in pairs]
    query = "great film but a dull slow plot"
    ours = xw.influence(query, model=adapter, method="tracin", k=24, train=(texts, labels), layers="classifier",
                        checkpoints=states)
    assert [c["lr"] for c in ours.diagnostics["checkpoints"]] == lrs
    assert all(torch.equal(v, adapter.model.state_dict()[k]) for k, v in before.items())  # the model is untouched

    ids = [adapter.encode(t).input_ids for t in texts]
    width = max(map(len, ids))
    pad = adapter.pad_id
    data = torch.utils.data.TensorDataset(torch.tensor([s + [pad] * (width - len(s)) for s in ids]),
                                          torch.tensor(labels))

    class Wrapped(torch.nn.Module):  # captum calls model(*inputs) and needs a tensor out
        def __init__(self, inner):
            super().__init__()
            self.inner = inner
            self.classifier = inner.classifier

        def forward(self, input_ids):
            return self.inner(input_ids=input_ids).logits

    wrapped = Wrapped(adapter.model)

    def load(model, path):
        state = torch.load(path, weights_only=True)
        model.classifier.weight.data.copy_(state["classifier.weight"])
        return state["lr"]

    tracin = TracInCPFast(wrapped, wrapped.classifier, data, paths, checkpoints_load_func=load,
                          loss_fn=torch.nn.CrossEntropyLoss(reduction="sum"), batch_size=8)
    q_ids = adapter.encode(query).input_ids
    pred = adapter.labels.index(ours.query_prediction)
    ref = tracin.influence((torch.tensor([q_ids]), torch.tensor([pred])), k=None)[0].numpy()
    got = np.zeros(24)
    for i, s in zip(ours.indices, ours.scores):
        got[i] = s
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-6 * np.abs(ref).max())


def test_checkpoint_errors():
    adapter = bow_linear_adapter()
    texts, labels = corpus(10, seed=0)
    kw = dict(model=adapter, method="tracin", train=(texts, labels), layers="classifier")
    with pytest.raises(FileNotFoundError, match="no checkpoint file"):
        xw.influence("great", checkpoints=[("/nonexistent.pt", 0.1)], **kw)
    with pytest.raises(ValueError, match="learning rate"):
        xw.influence("great", checkpoints=[({}, 0)], **kw)
    with pytest.raises(ValueError, match="not parameters"):
        xw.influence("great", checkpoints=[({"head.weight": torch.zeros(2, 12)}, 0.1)], **kw)
    with pytest.raises(ValueError, match="shape"):
        xw.influence("great", checkpoints=[({"classifier.weight": torch.zeros(3, 12)}, 0.1)], **kw)
    with pytest.raises(TypeError, match="checkpoints must be"):
        xw.influence("great", checkpoints="all", **kw)


def test_default_model_tracin_sums_its_saved_checkpoints():
    from xai_widgets.data import rotten_tomatoes_split
    from xai_widgets.models.default import checkpoints, model_card

    rows = checkpoints()
    card = model_card()
    assert [r["step"] for r in rows] == [113, 227, 340] and rows[-1]["path"] is None
    assert [r["lr"] for r in rows] == [r["lr"] for r in card["checkpoints"]]
    assert rows[0]["lr"] > rows[1]["lr"] > rows[2]["lr"] > 0  # linear decay after the warm-up
    df = rotten_tomatoes_split()[0].iloc[:40]
    train = (list(df["text"]), df["label"].to_numpy())
    query = "a gorgeous, witty film"
    auto = xw.influence(query, k=40, train=train)
    assert [c["lr"] for c in auto.diagnostics["checkpoints"]] == [r["lr"] for r in rows]
    explicit = [(r["path"], r["lr"]) for r in rows[:-1]]
    parts = [xw.influence(query, k=40, train=train, checkpoints=[c]) for c in explicit]
    final = xw.influence(query, k=40, train=train, checkpoints="final")
    total = np.zeros(40)
    for res, lr in zip(parts + [final], [1.0, 1.0, rows[-1]["lr"]]):
        for i, s in zip(res.indices[:40], res.scores[:40]):
            total[i] += lr * s
    got = np.zeros(40)
    for i, s in zip(auto.indices[:40], auto.scores[:40]):
        got[i] = s
    np.testing.assert_allclose(got, total, rtol=1e-9, atol=1e-15)
