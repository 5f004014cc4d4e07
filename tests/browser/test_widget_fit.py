"""Fit and finish of the widgets in headless Debian chromium: the evaluation report of the widest kind (the eight
core methods, the six faithfulness and three plausibility metrics, sanity and stability checks) fits a 760 px page
with every column visible, scrolls inside its own box (sticky method column) on a narrower one, its curves have a
legend, and widgets follow a live theme switch (prefers-color-scheme, JupyterLab's body attribute)."""
import pytest

import xai_widgets as xw

pytestmark = pytest.mark.browser

TEXTS = ["the film is great but the plot is dull", "a boring film"]
RATIONALES = [[0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], None]


@pytest.fixture(scope="module")
def report():
    from toy_bow import bow_adapter

    res = xw.evaluate(bow_adapter(), TEXTS, rationales=RATIONALES, sanity_examples=1, stability_examples=1,
                      stability_seeds=(0, 1), method_params={"lime": {"num_samples": 50}, "shap": {"max_evals": 60}})
    assert len(res.methods) == 8 and len(res.metric_names) == 9, (res.methods, res.metric_names)
    return res, res.widget()


def _open(context_factory, open_export, widget, width, **ctx):
    page = context_factory(viewport={"width": width, "height": 900}, **ctx).new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    open_export(page, widget)
    return page


# Overflow of the root, of every box inside it that may scroll sideways, and of the page itself.
JS_OVERFLOW = """() => {
  const root = document.querySelector('.xw-er');
  const boxes = [...root.querySelectorAll('.xw-scroll, .xw-examples')].map((b) => ({
    what: (b.querySelector('table') || b).dataset.role || b.parentElement.dataset.role,
    scroll: b.scrollWidth, client: b.clientWidth }));
  return { root: [root.scrollWidth, root.clientWidth], page: [document.documentElement.scrollWidth, window.innerWidth],
           boxes };
}"""

# Each header of the summary table: inside the root's box and really on top at its centre (not clipped or hidden).
JS_HEADERS = """() => {
  const root = document.querySelector('.xw-er').getBoundingClientRect();
  return [...document.querySelectorAll('table[data-role=summary] thead th')].map((th) => {
    const r = th.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { key: th.dataset.metric, left: r.left, right: r.right, width: r.width, rootLeft: root.left,
             rootRight: root.right, onTop: Boolean(hit && th.contains(hit)) };
  });
}"""


def assert_report_fits(page, where: str = "at 760 px"):
    """No sideways overflow of the report, its boxes or the page; every summary header inside the report and on
    top at its centre. Returns the headers' keys."""
    m = page.evaluate(JS_OVERFLOW)
    assert m["root"][0] <= m["root"][1], m
    assert m["page"][0] <= m["page"][1], m
    for box in m["boxes"]:
        assert box["scroll"] <= box["client"], f"{box['what']} overflows its box {where}: {box}"
    headers = page.evaluate(JS_HEADERS)
    for h in headers:
        assert h["width"] > 0 and h["left"] >= h["rootLeft"] and h["right"] <= h["rootRight"], h
        assert h["onTop"], f"header {h['key']} is covered or clipped {where}: {h}"
    return [h["key"] for h in headers]


def test_evaluation_report_fits_760px_with_every_column_visible(context_factory, open_export, report):
    res, widget = report
    page = _open(context_factory, open_export, widget, 760)
    assert assert_report_fits(page) == ["method", *res.metric_names, "seconds"]
    assert page.locator("[data-role=method-row]").count() == 8
    assert not page.errors


def test_narrow_page_scrolls_inside_the_table_box_with_a_sticky_method_column(context_factory, open_export, report):
    _, widget = report
    page = _open(context_factory, open_export, widget, 480)
    m = page.evaluate(JS_OVERFLOW)
    assert m["root"][0] <= m["root"][1], m  # the widget itself never overflows: its table box scrolls
    assert m["page"][0] <= m["page"][1], m
    box = page.locator("table[data-role=summary]").locator("xpath=..")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    last = page.locator("table[data-role=summary] th[data-metric=seconds]")
    first = page.locator("table[data-role=summary] tbody th.xw-method").first
    box_rect = box.bounding_box()
    last_rect, first_rect = last.bounding_box(), first.bounding_box()
    assert last_rect["x"] + last_rect["width"] <= box_rect["x"] + box_rect["width"] + 1  # reachable
    assert abs(first_rect["x"] - box_rect["x"]) <= 1  # the method column stayed in view
    assert not page.errors


def test_curves_legend_names_each_method_in_its_line_colour(context_factory, open_export, report):
    res, widget = report
    page = _open(context_factory, open_export, widget, 760)
    pairs = page.evaluate("""() => [...document.querySelectorAll('[data-role=curve-legend] [data-method]')].map((li) => {
      const line = document.querySelector(`[data-role=curve-deletion] polyline[data-method="${li.dataset.method}"]`);
      const probe = document.createElement('span');
      probe.style.color = line.getAttribute('stroke');
      document.body.append(probe);
      const stroke = getComputedStyle(probe).color;
      probe.remove();
      return { method: li.dataset.method, text: li.textContent,
               swatch: getComputedStyle(li.querySelector('.xw-legend-line')).backgroundColor, stroke };
    })""")
    assert [p["method"] for p in pairs] == list(res.methods)
    labels = {m["name"]: m["label"] for m in widget.methods}
    assert [p["text"] for p in pairs] == [labels[m] for m in res.methods]
    for p in pairs:
        assert p["swatch"] == p["stroke"], p
    assert len({p["swatch"] for p in pairs}) == len(pairs)  # distinguishable
    assert page.locator("[data-role=curve-legend]").is_visible()


JS_THEME = """() => {
  const root = document.querySelector('.xw-er');
  return { resolved: root.getAttribute('data-resolved-theme'), bg: getComputedStyle(root).backgroundColor,
           lime: document.querySelector('[data-role=curve-deletion] polyline[data-method=lime]').getAttribute('stroke'),
           cell: getComputedStyle(document.querySelector('[data-role=agreement] tbody td')).backgroundColor };
}"""


def test_live_switch_to_dark_with_prefers_color_scheme(context_factory, open_export, report):
    _, widget = report
    page = _open(context_factory, open_export, widget, 760, color_scheme="light")
    before = page.evaluate(JS_THEME)
    assert before["resolved"] == "light"
    page.emulate_media(color_scheme="dark")
    page.wait_for_selector(".xw-er[data-resolved-theme=dark]", timeout=3000)
    after = page.evaluate(JS_THEME)
    assert after["bg"] != before["bg"]
    assert after["lime"] != before["lime"]  # a colour computed in JS (the black line) was repainted
    assert after["cell"] != before["cell"]
    page.emulate_media(color_scheme="light")
    page.wait_for_selector(".xw-er[data-resolved-theme=light]", timeout=3000)
    assert page.evaluate(JS_THEME)["lime"] == before["lime"]
    assert not page.errors


def test_live_switch_like_jupyterlab_body_attribute(context_factory, open_export, report, make_result):
    """JupyterLab switches theme by changing body's data-jp-theme-light and the --jp-* variables; the token view
    (JS-computed token colours) and the report both repaint without re-running anything."""
    _, widget = report
    page = context_factory(viewport={"width": 760, "height": 900}, color_scheme="light").new_page()
    open_export(page, widget, make_result())
    page.add_style_tag(content="body[data-jp-theme-light='false'] { --jp-layout-color0: #111111; "
                               "--jp-ui-font-color0: #eeeeee; --jp-layout-color2: #222222; --jp-border-color1: #444444; }")
    token = ".xw-th .xw-token[data-token-index='4']"
    before = page.eval_on_selector(token, "el => el.style.backgroundColor")
    page.evaluate("document.body.setAttribute('data-jp-theme-light', 'false')")
    page.wait_for_selector(".xw-er[data-resolved-theme=dark]", timeout=3000)
    page.wait_for_selector(".xw-th[data-resolved-theme=dark]", timeout=3000)
    assert page.eval_on_selector(token, "el => el.style.backgroundColor") != before
    assert page.eval_on_selector(".xw-er", "el => getComputedStyle(el).backgroundColor") == "rgb(17, 17, 17)"
