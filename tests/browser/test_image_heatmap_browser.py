"""The image heat map widget in an offline page, driven in headless Debian chromium with every network request
blocked: the canvas holds the image with the map over it (the pixels Python's overlay computes), the hover
readout gives the pixel's value and its grid cell, the opacity slider repaints the canvas."""
import numpy as np
import pytest
from xw_pages import LOCAL_SCHEMES

from xai_widgets import export
from xai_widgets.results.image_encoding import overlay

pytest.importorskip("torch")
from tiny_cnn import tiny_cnn, tiny_image  # noqa: E402

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (export.STATIC_DIR / "image_heatmap.js").is_file(),
                                 reason="front end not built: cd js && npm ci && npm run build")]

XSS = "<img src=x onerror=alert(1)>"
LABELS = ["cat", "dog", XSS]
MODEL = "window.xaiWidgets.models[0]"
CANVAS = "canvas[data-role=canvas]"
PAINTED = f"{CANVAS}[data-painted='image+heat']"

PIXELS = """(i) => { const c = document.querySelectorAll("canvas[data-role=canvas]")[i];
    return Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data); }"""


@pytest.fixture(scope="module")
def comparison():
    import xai_widgets as xw

    cnn = xw.load_model(tiny_cnn(), kind="image", labels=LABELS)
    return xw.explain(tiny_image(3), model=cnn, methods=["grad_cam", "integrated_gradients", "occlusion"],
                      target="all", n_steps=16)


def rgba(page, panel=0):
    h, w = page.evaluate("(i) => { const c = document.querySelectorAll('canvas[data-role=canvas]')[i]; "
                         "return [c.height, c.width]; }", panel)
    return np.array(page.evaluate(PIXELS, panel), dtype=np.int16).reshape(h, w, 4)


def point(page, x, y, panel=0):
    """Viewport coordinates of the centre of image pixel (x, y) in panel `panel`."""
    canvas = page.locator(CANVAS).nth(panel)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    w, h = (int(v) for v in canvas.evaluate("c => [c.width, c.height]"))
    return box["x"] + (x + 0.5) * box["width"] / w, box["y"] + (y + 0.5) * box["height"] / h


def test_offline_page_paints_the_image_under_the_map(offline_page, open_export, comparison):
    page = offline_page
    open_export(page, comparison)
    page.wait_for_selector(PAINTED, timeout=5000)
    assert page.blocked == [] and all(u.startswith(LOCAL_SCHEMES) for u in page.requests), page.requests
    r = comparison[0]  # grad_cam, the first class
    got = rgba(page)
    assert (got[..., 3] == 255).all()  # the image is opaque under the map
    want = overlay(r.image, r.heatmap[0], signed=r.signed, alpha=0.6)  # the library's colour scale
    assert np.abs(got[..., :3] - want).max() <= 4
    assert np.abs(got[..., :3] - r.image).max() > 20  # and the map is visible
    assert page.locator("[data-role=predicted]").text_content() == r.predicted_label
    assert page.locator("[data-role=explained]").text_content() == r.labels[r.targets[0]]
    assert page.locator(".xw-prob").count() == 3
    assert not page.errors and not page.dialogs


def test_hover_reads_the_pixel_and_outlines_its_cell(offline_page, open_export, comparison):
    page = offline_page
    open_export(page, comparison)
    page.select_option("select[data-role=method]", label=comparison[1].method_label)
    page.wait_for_selector(PAINTED)
    r = comparison[1]
    x, y = 21, 9
    page.mouse.move(*point(page, x, y))
    readout = page.locator("[data-role=readout]")
    text = readout.locator("[data-role=pixel]").text_content()
    assert text.startswith(f"pixel (x {x}, y {y}): ")
    assert float(text.split(": ")[1]) == pytest.approx(float(r.heatmap[0, y, x]), rel=5e-3, abs=1e-3 * float(np.abs(r.heatmap[0]).max()))
    p = r.patch_size
    cols = -(-r.image.shape[1] // p)
    row, col = y // p, x // p
    cell = readout.locator("[data-role=cell]").text_content()
    assert cell.startswith(f"cell ({row}, {col}): summed ")
    assert float(cell.split("summed ")[1].split(",")[0]) == pytest.approx(r.scores[0, row * cols + col], rel=5e-3)
    assert page.evaluate(f"{MODEL}.get('hovered')") == row * cols + col
    outline = page.locator("[data-role=cell-outline]")
    assert outline.is_visible()
    ob, cb = outline.bounding_box(), page.locator(CANVAS).bounding_box()
    scale = cb["width"] / r.image.shape[1]
    assert ob["x"] == pytest.approx(cb["x"] + col * p * scale, abs=1)
    assert ob["y"] == pytest.approx(cb["y"] + row * p * scale, abs=1)
    assert ob["width"] == pytest.approx(p * scale, abs=1)
    page.mouse.move(0, 0)
    assert outline.is_hidden()
    assert page.evaluate(f"{MODEL}.get('hovered')") == -1
    assert "point at the image" in readout.text_content()


def test_opacity_slider_repaints_the_canvas(offline_page, open_export, comparison):
    page = offline_page
    open_export(page, comparison)
    page.wait_for_selector(PAINTED)
    image = comparison[0].image
    before = rgba(page)
    slider = page.locator("input[data-role=opacity]")
    box = slider.bounding_box()
    page.mouse.click(box["x"] + 1, box["y"] + box["height"] / 2)  # the left end: no map
    assert page.evaluate(f"{MODEL}.get('opacity')") == 0
    assert page.locator("[data-role=opacity-value]").text_content() == "0%"
    bare = rgba(page)
    assert np.abs(bare[..., :3] - image).max() <= 1  # the PNG, decoded losslessly
    slider.focus()
    page.keyboard.press("End")
    assert page.evaluate(f"{MODEL}.get('opacity')") == 1
    full = rgba(page)
    changed = lambda a, b: int((np.abs(a[..., :3] - b[..., :3]).max(axis=-1) > 0).sum())  # noqa: E731
    assert changed(full, before) > 100 and changed(full, bare) > 100
    # stronger where the map is strong: the distance from the bare image grows with the opacity
    assert np.abs(full - bare).sum() > np.abs(before - bare).sum() > 0
    assert page.locator(CANVAS).get_attribute("data-opacity") == "1"


def test_grid_view_class_switch_and_inert_labels(offline_page, open_export, comparison):
    page = offline_page
    open_export(page, comparison)
    page.click("[data-role=view-toggle]")
    page.wait_for_function("document.querySelectorAll(\"canvas[data-painted='image+heat']\").length === 3")
    assert page.locator("[data-role=panel-title]").all_text_contents() == [r.method_label for r in comparison]
    options = page.locator("select[data-role=target] option").all_text_contents()
    assert options == [LABELS[t] for t in comparison[0].targets]
    page.select_option("select[data-role=target]", label=XSS)
    assert page.evaluate(f"{MODEL}.get('target')") == 2
    assert page.locator("[data-role=explained]").text_content() == XSS
    page.wait_for_function("document.querySelectorAll(\"canvas[data-painted='image+heat']\").length === 3")
    for k, r in enumerate(comparison):  # every panel shows its own map of the chosen class
        want = overlay(r.image, r.heatmap_for(XSS), signed=r.signed, alpha=0.6)
        assert np.abs(rgba(page, k)[..., :3] - want).max() <= 4, r.method
    page.mouse.move(*point(page, 3, 4, panel=2))
    readouts = page.locator("[data-role=readout] [data-role=pixel]").all_text_contents()
    assert readouts and all(t.startswith("pixel (x 3, y 4): ") for t in readouts) and len(readouts) == 3
    assert page.locator("[data-role=cell-outline]:visible").count() == 3
    assert page.locator("img").count() == 0  # the class name stayed text
    assert not page.dialogs and not page.errors


def test_noscript_fallback_shows_the_overlay(context_factory, open_export, comparison):
    page = context_factory(java_script_enabled=False).new_page()
    open_export(page, comparison[0], wait=False)
    imgs = page.locator("noscript img, img")
    assert imgs.count() == 2
    assert all(src.startswith("data:image/png;base64,") for src in imgs.evaluate_all("els => els.map(e => e.src)"))
