"""ImageHeatmap traits and validation, built on a tiny random CNN with a 32 x 32 image, and its offline page (no
browser needed; tests/browser/test_image_heatmap_browser.py drives the page)."""
import json
import re

import numpy as np
import pytest
import traitlets

import xai_widgets as xw
from xai_widgets import export
from xai_widgets.results.image_encoding import image_from_png
from xai_widgets.widgets import image_heatmap as ih
from xai_widgets.widgets.image_heatmap import ImageHeatmap

pytest.importorskip("torch")
from tiny_cnn import tiny_cnn, tiny_image  # noqa: E402

XSS = "<img src=x onerror=alert(1)>"
LABELS = ["cat", "dog", XSS]
BUNDLE = export.STATIC_DIR / "image_heatmap.js"
needs_bundle = pytest.mark.skipif(not BUNDLE.is_file(), reason="front end not built: cd js && npm ci && npm run build")
pytestmark = needs_bundle


@pytest.fixture(scope="module")
def cnn():
    return xw.load_model(tiny_cnn(), kind="image", labels=LABELS)


@pytest.fixture(scope="module")
def photo():
    return tiny_image(3)


@pytest.fixture(scope="module")
def single(cnn, photo):
    return xw.explain(photo, model=cnn, method="grad_cam")


@pytest.fixture(scope="module")
def comparison(cnn, photo):
    return xw.explain(photo, model=cnn, methods=["grad_cam", "integrated_gradients", "occlusion"], target="all",
                      n_steps=16)


def maps_close(w, results):
    """The page's maps (float16, each scaled to its max |value|) match the results' heat maps."""
    got = w.maps_array()
    want = np.concatenate([r.heatmap for r in results])
    assert got.shape == want.shape
    for g, m in zip(got, want):
        np.testing.assert_allclose(g, m, rtol=0, atol=np.abs(m).max() * 2.0 ** -11 + 1e-30)


# ------------------------------------------------------------------------------------------------ state
def test_state_of_one_attribution(single, photo):
    w = single.widget()
    assert isinstance(w, ImageHeatmap)
    assert (w.width, w.height, w.n_maps) == (32, 32, 1)
    assert w.image[:8] == b"\x89PNG\r\n\x1a\n"
    np.testing.assert_array_equal(image_from_png(w.image), photo)
    assert isinstance(w.maps, bytes) and len(w.maps) == 2 * 32 * 32  # float16: 2 bytes a pixel
    maps_close(w, [single])
    (r,) = w.results
    assert "heatmap" not in r and "image_png" not in r and "tokens" not in r  # the big parts travel as bytes
    assert r["method"] == "grad_cam" and r["signed"] is False
    assert r["targets"] == single.targets and r["labels"] == LABELS
    assert r["predicted"] == single.predicted
    assert r["patch_size"] == single.patch_size and r["n_cells"] == len(single.tokens)
    np.testing.assert_allclose(r["scores"], single.scores)
    assert r["map_offset"] == 0
    assert r["map_scales"] == pytest.approx([float(np.abs(single.heatmap[0]).max())])
    assert (w.method_index, w.target, w.view, w.opacity, w.theme, w.hovered) == (0, -1, "single", 0.6, "auto", -1)
    json.dumps(w.results, allow_nan=False)  # JSON-safe


def test_state_of_a_comparison_and_of_its_dicts(comparison):
    w = comparison.widget(view="grid", opacity=0.4)
    assert isinstance(w, ImageHeatmap)
    assert [r["method"] for r in w.results] == ["grad_cam", "integrated_gradients", "occlusion"]
    assert [r["signed"] for r in w.results] == [False, True, True]
    assert [r["map_offset"] for r in w.results] == [0, 3, 6]
    assert w.n_maps == 9 and (w.view, w.opacity) == ("grid", 0.4)
    maps_close(w, comparison)
    from_dicts = ImageHeatmap(comparison.to_json())
    assert from_dicts.maps == w.maps and from_dicts.image == w.image
    assert from_dicts.results == w.results


def test_non_finite_and_zero_maps(cnn, photo, single):
    from dataclasses import replace

    heat = single.heatmap.copy()
    heat[0, 0, :4] = np.nan
    zero = replace(single, heatmap=np.zeros_like(single.heatmap), method="zero")
    w = ImageHeatmap([replace(single, heatmap=heat), zero])
    a = w.maps_array()
    assert np.isnan(a[0, 0, :4]).all() and np.isfinite(a[0, 0, 4:]).all()
    assert w.results[1]["map_scales"] == [0.0] and not a[1].any()


# ------------------------------------------------------------------------------------------- validation
def test_target_by_label_or_index(comparison):
    w = ImageHeatmap(comparison, target=XSS)
    assert w.target == 2
    w.set_target("dog")
    assert w.target == 1
    w.target = 0
    w.set_target(None)
    assert w.target == -1
    with pytest.raises(ValueError, match="unknown target 'bird'"):
        w.set_target("bird")
    with pytest.raises(traitlets.TraitError, match="out of range"):
        w.target = 3
    with pytest.raises(ValueError, match="no result has scores for class 1"):
        ImageHeatmap(single_target(comparison), target=1)


def single_target(comparison):
    """The grad_cam result of the comparison cut down to its first class."""
    from dataclasses import replace

    r = comparison[0]
    return replace(r, targets=[0], scores=r.scores[:1], heatmap=r.heatmap[:1])


def test_traits_are_validated_with_clear_errors(comparison):
    w = ImageHeatmap(comparison)
    for bad in (1.5, -0.1, float("nan"), float("inf")):
        with pytest.raises(traitlets.TraitError, match=r"opacity must be a number in \[0, 1\]"):
            w.opacity = bad
    w.opacity = 0
    w.opacity = 1
    assert w.opacity == 1.0
    with pytest.raises(traitlets.TraitError):
        w.opacity = "0.5"
    with pytest.raises(traitlets.TraitError, match="method_index 3 out of range for 3 results"):
        w.method_index = 3
    w.method_index = 2
    with pytest.raises(traitlets.TraitError, match="view must be one of"):
        w.view = "mosaic"
    with pytest.raises(traitlets.TraitError, match="theme must be one of"):
        w.theme = "solarized"
    with pytest.raises(traitlets.TraitError, match="hovered must be -1 or a grid cell index"):
        w.hovered = w.n_cells
    with pytest.raises(ValueError, match=r"opacity must be a number in \[0, 1\], got 2"):
        ImageHeatmap(comparison, opacity=2)
    with pytest.raises(ValueError, match="method_index 5 out of range"):
        ImageHeatmap(comparison, method_index=5)
    with pytest.raises(ValueError, match="view must be one of"):
        ImageHeatmap(comparison, view="tiles")
    with pytest.raises(ValueError, match="theme must be one of"):
        ImageHeatmap(comparison, theme="neon")


def test_inputs_that_are_not_image_attributions_are_refused(comparison, cnn):
    from dataclasses import replace

    text = xw.Attribution(text="a b", tokens=["a", "b"], scores=[[0.1, 0.2]], targets=[0], labels=["x"],
                          probabilities=[1.0], method="saliency")
    with pytest.raises(ValueError, match="layout 'tokens'.*token_highlight"):
        ImageHeatmap(text)
    with pytest.raises(ValueError, match="ImageHeatmap shows image attributions"):
        ImageHeatmap(text.to_json())
    with pytest.raises(ValueError, match="no results to show"):
        ImageHeatmap([])
    other = xw.explain(tiny_image(5), model=cnn, method="grad_cam")
    with pytest.raises(ValueError, match="same image"):
        ImageHeatmap([comparison[0], other])
    with pytest.raises(ValueError, match="cells"):
        ImageHeatmap(replace(comparison[0], patch_size=5))
    with pytest.raises(TypeError, match="expected an image Attribution"):
        ImageHeatmap(42)


def test_hovered_cell_and_set_results(comparison, single):
    w = ImageHeatmap(comparison, target="dog")
    assert w.hovered_cell is None
    cols = -(-w.width // w.results[0]["patch_size"])
    w.hovered = cols + 3  # row 1, column 3
    cell = w.hovered_cell
    assert (cell["row"], cell["col"]) == (1, 3)
    for r in comparison:
        assert cell["scores"][r.method] == pytest.approx(r.scores_for("dog")[cols + 3])
    w.opacity, w.view = 0.25, "grid"
    w.set_results(single)
    assert (w.method_index, w.target, w.hovered, w.n_maps) == (0, -1, -1, 1)
    assert (w.opacity, w.view) == (0.25, "grid")  # display settings stay
    assert [r["method"] for r in w.results] == ["grad_cam"]
    assert "ImageHeatmap(methods=['grad_cam']" in repr(w)


def test_widget_code_does_not_import_torch():
    text = open(ih.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(import|from)\s+(torch|transformers)\b", text, re.M)


# ----------------------------------------------------------------------------------------------- export
def _states(page):
    return [json.loads(s) for s in re.findall(r'<script type="application/json" id="xw-state-\d+">(.*?)</script>',
                                               page, re.S)]


def test_offline_page_has_no_url_to_fetch(tmp_path, single, comparison):
    import base64

    path = xw.save_html(tmp_path / "page.html", single, comparison, title="images")
    page = path.read_text(encoding="utf-8")
    assert page.count('id="xw-bundle-image_heatmap"') == 1  # one bundle for two widgets
    assert page.count('class="xw-mount"') == 2
    assert "http://" not in page and "https://" not in page
    head = page.split("<noscript>")[0]
    assert "<img" not in head and XSS not in head  # the label only as escaped JSON
    s1, s2 = _states(page)
    assert base64.b64decode(s1["image"]) == single.widget().image  # bytes traits written as base64
    assert base64.b64decode(s2["maps"]) == comparison.widget().maps
    assert s2["n_maps"] == 9 and s2["hovered"] == -1
    assert s2["results"][0]["labels"][2] == XSS
    noscript = page.split("<noscript>")[1].split("</noscript>")[0]
    assert "data:image/png;base64," in noscript  # the static view: the image and its overlay
    assert "&lt;img src=x onerror=alert(1)&gt;" in noscript
    out = single.to_html(tmp_path / "one.html")
    text = out.read_text(encoding="utf-8")
    assert 'data-widget="image_heatmap"' in text and "https://" not in text


def test_static_fallback_in_the_mimebundle(single):
    data, _ = ImageHeatmap(single)._repr_mimebundle_()
    assert data["text/html"] == single._static_html()
    assert "data:image/png;base64," in data["text/html"]
    from_dict = ImageHeatmap(single.to_json())._static_html()
    assert "data:image/png;base64," in from_dict and "Grad" in from_dict
