"""Image adapter and image methods: numbers against captum, completeness, the default model, bad inputs."""
import os
import warnings

import numpy as np
import pytest
import torch

import xai_widgets as xw
from tiny_cnn import LABELS, tiny_cnn, tiny_image


@pytest.fixture(scope="module")
def cnn():
    return xw.load_model(tiny_cnn(), kind="image", labels=LABELS)


def _x(adapter, img):
    return adapter.to_tensor(img)[None]


def test_grad_cam_equals_captum_layer_grad_cam(cnn):
    from captum.attr import LayerAttribution, LayerGradCam

    img = tiny_image()
    layer = cnn.model.features[3]
    for target in (0, 2):
        ours = xw.explain(img, model=cnn, method="grad_cam", layer="features.3", target=target)
        ref = LayerGradCam(cnn.model, layer).attribute(_x(cnn, img), target=target, relu_attributions=True)
        ref = LayerAttribution.interpolate(ref, (32, 32), interpolate_mode="bilinear")[0, 0].detach().numpy()
        assert ours.heatmap.shape == (1, 32, 32)
        np.testing.assert_allclose(ours.heatmap[0], ref, rtol=1e-4, atol=1e-6)
        # the per-cell scores are the heat map summed over each grid cell
        assert np.isclose(ours.scores.sum(), ours.heatmap.sum(), rtol=1e-5)
    # default layer: the last Conv2d; passing the module itself works too
    a = xw.explain(img, model=cnn, method="grad_cam", target=0)
    b = xw.explain(img, model=cnn, method="grad_cam", target=0, layer=layer)
    assert a.params["layer"] == b.params["layer"] == "features.3"
    np.testing.assert_allclose(a.heatmap, b.heatmap)


def test_hires_cam_and_grad_cam_plus_plus_by_hand(cnn):
    img = tiny_image(1)
    x = _x(cnn, img)
    store = {}
    h = cnn.model.features[3].register_forward_hook(lambda m, i, o: store.update(a=o))
    y = cnn.model(x)
    h.remove()
    a = store["a"]
    (g,) = torch.autograd.grad(y[0, 1], a)
    a, g = a[0].detach(), g[0]
    up = lambda m: torch.nn.functional.interpolate(m[None, None], (32, 32), mode="bilinear",  # noqa: E731
                                                   align_corners=False)[0, 0].numpy()
    hires = up(torch.relu((g * a).sum(0)))
    np.testing.assert_allclose(xw.explain(img, model=cnn, method="hires_cam", target=1).heatmap[0], hires,
                               rtol=1e-4, atol=1e-6)
    g2, g3 = g ** 2, g ** 3
    denom = 2 * g2 + a.sum((1, 2), keepdim=True) * g3
    aij = torch.where(g != 0, g2 / torch.where(denom != 0, denom, torch.ones_like(denom)), torch.zeros_like(g))
    w = (aij * torch.relu(g)).sum((1, 2))
    pp = up(torch.relu((w[:, None, None] * a).sum(0)))
    np.testing.assert_allclose(xw.explain(img, model=cnn, method="grad_cam_plus_plus", target=1).heatmap[0], pp,
                               rtol=1e-4, atol=1e-6)


def test_image_ig_equals_captum_and_completeness(cnn):
    from captum.attr import IntegratedGradients

    img = tiny_image(2)
    ours = xw.explain(img, model=cnn, method="integrated_gradients", n_steps=50, target=0)
    x = _x(cnn, img)
    ref = IntegratedGradients(lambda t: torch.softmax(cnn.model(t), -1)).attribute(
        x, baselines=torch.zeros_like(x), target=0, n_steps=50, method="gausslegendre")
    np.testing.assert_allclose(ours.heatmap[0], ref[0].sum(0).detach().numpy(), rtol=1e-3, atol=1e-7)
    for baseline in ("black", "blurred", "uniform"):
        r = xw.explain(img, model=cnn, method="integrated_gradients", n_steps=300, baseline=baseline, target=0)
        assert r.diagnostics["relative_delta"][0] < 0.01, (baseline, r.diagnostics)


def test_other_pixel_methods_and_occlusion(cnn):
    img = tiny_image(3)
    for m in ("saliency", "smoothgrad", "gradient_x_input", "gradient_shap"):
        r = xw.explain(img, model=cnn, method=m)
        assert r.layout == "image" and r.heatmap.shape == (1, 32, 32) and np.isfinite(r.heatmap).all()
    occ = xw.explain(img, model=cnn, method="occlusion", window=8, stride=4, replacement="black", target=1)
    # by hand: the drop when the top-left 8 x 8 square is black is the top-left pixel's only window
    x = _x(cnn, img)
    x2 = x.clone()
    x2[:, :, :8, :8] = cnn.to_tensor(np.zeros_like(img))[None][:, :, :8, :8]
    with torch.no_grad():
        p = torch.softmax(cnn.model(torch.cat([x, x2])), -1)[:, 1]
    assert np.isclose(occ.heatmap[0, 0, 0], float(p[0] - p[1]), atol=1e-5)
    with pytest.raises(ValueError, match="stride"):
        xw.explain(img, model=cnn, method="occlusion", window=4, stride=8)


def test_json_round_trip_and_static_view(cnn):
    r = xw.explain(tiny_image(), model=cnn, method="grad_cam", target="all")
    back = xw.Attribution.from_json(r.to_json())
    np.testing.assert_array_equal(back.image, r.image)
    np.testing.assert_allclose(back.heatmap, r.heatmap)
    html = xw.explain(tiny_image(), model=cnn, method="grad_cam", target=2)._static_html()
    assert "data:image/png;base64," in html and "<b>" not in html and "&lt;b&gt;bird" in html
    assert r.to_pandas().shape[0] == len(r.tokens)


def test_evaluation_of_image_explanations(cnn):
    ev = xw.evaluate(cnn, X=[tiny_image(0), tiny_image(1)], methods=["grad_cam", "saliency"], show_progress=False)
    df = ev.to_pandas()
    assert set(df["method"]) == {"grad_cam", "saliency"} and df["value"].notna().all()


def test_bad_images_and_layers(cnn, tmp_path):
    from PIL import Image

    img = tiny_image()
    with pytest.raises(ValueError, match="grayscale"):
        xw.explain(img[..., 0], model=cnn, method="saliency")
    with pytest.raises(ValueError, match="RGBA"):
        xw.explain(np.dstack([img, img[..., :1]]), model=cnn, method="saliency")
    with pytest.raises(ValueError, match="mode 'L'"):
        xw.explain(Image.fromarray(img[..., 0]), model=cnn, method="saliency")
    with pytest.raises(ValueError, match="uint8"):
        xw.explain(img.astype(np.float32), model=cnn, method="saliency")
    with pytest.raises(ValueError, match="image_size"):
        xw.explain(tiny_image(size=40), model=cnn, method="saliency")
    with pytest.raises(ValueError, match="does not exist"):
        xw.explain(str(tmp_path / "missing.png"), model=cnn, method="saliency")
    with pytest.raises(ValueError, match="no module named 'features.9'"):
        xw.explain(img, model=cnn, method="grad_cam", layer="features.9")
    with pytest.raises(ValueError, match="convolutional"):
        xw.explain(img, model=cnn, method="grad_cam", layer="head")
    path = tmp_path / "x.png"
    Image.fromarray(img).save(path)
    a = xw.explain(str(path), model=cnn, method="saliency")
    b = xw.explain(img, model=cnn, method="saliency")
    np.testing.assert_allclose(a.heatmap, b.heatmap)
    # image_size resizes; the user's array is not changed
    resized = xw.load_model(tiny_cnn(), kind="image", labels=LABELS, image_size=32)
    big = tiny_image(size=64)
    before = big.copy()
    r = xw.explain(big, model=resized, method="grad_cam")
    assert r.image.shape == (32, 32, 3) and np.array_equal(big, before)
    with pytest.raises(ValueError, match="preprocess= and image_size= are for image models"):
        xw.load_model(tiny_cnn(), image_size=32)


def test_sample_images_and_default_model_top1():
    ims = xw.sample_images()
    assert set(ims) == {"grace_hopper", "china", "flower"} and all(a.dtype == np.uint8 for a in ims.values())
    model = xw.load_image_model()
    assert len(model.labels) == 1000
    p = model.predict_proba(ims["grace_hopper"])[0]
    assert model.labels[int(p.argmax())] == "military uniform"
    r = xw.explain(ims["grace_hopper"], model=model, method="grad_cam")
    assert r.predicted_label == "military uniform" and r.heatmap.shape == (1, 224, 224)
    assert r.params["layer"] == "_conv_head"


def test_mask_methods_on_image_cells(cnn):
    img = tiny_image(4)
    ks = xw.explain(img, model=cnn, method="kernel_shap", n_samples=300, target=0, replacement="black")
    # efficiency: the cell scores add up to f(x) - f(all cells black)
    assert np.isclose(ks.scores.sum(), ks.diagnostics["f_input"][0] - ks.diagnostics["f_empty"][0], atol=1e-6)
    assert ks.heatmap.shape == (1, 32, 32)
    li = xw.explain(img, model=cnn, method="lime", num_samples=200, seed=1)
    assert li.scores.shape == (1, len(li.tokens)) and np.isfinite(li.heatmap).all()
