"""The shape of the package: data flows one way (no module imports a higher layer, not even inside a function, and
no import cycle), ``import xai_widgets`` stays light, and the registry is the one place methods are checked."""
import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import xai_widgets as xw

PACKAGE = Path(xw.__file__).resolve().parent

#: lowest first; a module may import its own layer (without cycles) and the layers below
LAYERS = [
    ["xai_widgets._files", "xai_widgets._json", "xai_widgets._rng", "xai_widgets._version", "xai_widgets.errors", "xai_widgets.progress",
     "xai_widgets.registry", "xai_widgets.views"],
    ["xai_widgets.data", "xai_widgets.models", "xai_widgets.results", "xai_widgets.export",
     "xai_widgets.notebook_export"],
    ["xai_widgets.attention"],
    ["xai_widgets.methods", "xai_widgets.concepts", "xai_widgets.examples", "xai_widgets.attacks"],
    ["xai_widgets.evaluation"],
    ["xai_widgets.widgets"],
    ["xai_widgets.api", "xai_widgets.demo", "xai_widgets"],
]


def layer_of(module: str) -> int:
    best, depth = None, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and p.count(".") > depth:
                best, depth = i, p.count(".")
    assert best is not None, f"{module} is in no layer; add it to LAYERS"
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path):
    """Every xai_widgets module imported anywhere in the file (top level and inside functions)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "xai_widgets")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "xai_widgets":
                continue
            for a in node.names:  # "from . import export" imports the module xai_widgets.export
                sub = f"{target}.{a.name}"
                if (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists() or \
                        (PACKAGE.parent / Path(*sub.split(".")) / "__init__.py").exists():
                    found.add(sub)
                else:
                    found.add(target)
    found.discard(name)
    return found


def graph():
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_no_module_imports_a_higher_layer():
    upward = [(m, t) for m, targets in graph().items() for t in targets if layer_of(t) > layer_of(m)]
    assert upward == [], "upward imports: " + ", ".join(f"{m} -> {t}" for m, t in upward)


def test_there_is_no_import_cycle():
    g = graph()
    index, low, stack, on, cycles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in g:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in g:
        if v not in index:
            visit(v)
    assert cycles == []


def test_import_is_light():
    code = ("import sys, xai_widgets as xw\n"
            "heavy = lambda names: ','.join(m for m in names if m in sys.modules)\n"
            "print(heavy(('lime', 'shap', 'sklearn', 'scipy', 'matplotlib', 'torch', 'transformers', 'pandas')))\n"
            "for name in xw.__all__: getattr(xw, name)\n"
            "xw.available_methods(); xw.get_method('tree_shap'); xw.get_method('lime')\n"
            "print(heavy(('lime', 'shap', 'sklearn', 'scipy', 'matplotlib')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    after_import, after_use = out.split("\n")[:2]
    assert after_import == ""  # import xai_widgets: nothing heavy at all
    assert after_use == ""  # every public name and the registry: still none of the method libraries


def test_a_new_method_is_one_registration(tiny_bert):
    from xai_widgets.methods import register
    from xai_widgets.methods.base import finish, prepare
    from xai_widgets.methods.registry import METHODS

    @register("test_constant", "Constant", kind="perturbation", signed=True, modalities=("text", "tabular"),
              needs=("mask",))
    def constant(adapter, x, target=None, output=None, value=1.0):
        prep = prepare(adapter, x, target, output)
        return finish(prep, np.full((len(prep.targets), prep.n_all), float(value)), "test_constant", {"value": value})

    try:
        r = xw.explain("a good film", model=tiny_bert, method="test_constant", value=2.0)
        assert r.method == "test_constant" and (r.scores == 2.0).all()
        assert "test_constant" in xw.available_methods(tiny_bert)
        ev = xw.evaluate(tiny_bert, ["a good film"], methods=["test_constant"])  # evaluation applies at once
        assert ev.summary().index.tolist() == ["test_constant"]
        with pytest.raises(TypeError, match=r"unknown parameter\(s\) \['size'\]"):
            xw.explain("a good film", model=tiny_bert, method="test_constant", size=3)
    finally:
        METHODS._items.pop("test_constant")


def test_capability_errors_name_what_is_missing_and_what_works():
    from tiny_causal import tiny_causal

    lm = xw.load_model(*tiny_causal("gpt2"))
    with pytest.raises(xw.CapabilityError, match=r"needs gradients.*attention_flow or attention_rollout"):
        xw.explain("hello there", model=lm, method="integrated_gradients")
    spec = xw.get_method("tree_shap")
    assert spec.scopes == ("local", "global") and spec.modalities() == ("tabular",)


def test_save_html_takes_every_result_type(tiny_bert, tmp_path):
    from toy_bow import bow_adapter

    bow = bow_adapter()
    a = xw.explain("the film is great", model=bow, method="occlusion")
    c = xw.explain("the film is great", model=bow, methods=["occlusion", "gradient_x_input"])
    maps = xw.attention("a good film", model=tiny_bert)
    ev = xw.evaluate(bow, ["the film is great", "a boring film"], methods=["occlusion"])
    path = xw.save_html(tmp_path / "all.html", a, c, maps, ev, title="all")
    html = path.read_text(encoding="utf-8")
    assert html.count('class="xw-mount"') == 4
    for bundle in ("token_highlight", "attention_explorer", "evaluation_report"):
        assert f'id="xw-bundle-{bundle}"' in html
    for result in (a, c, maps, ev):  # every result: to_html(path) writes and returns the path
        out = result.to_html(tmp_path / f"{type(result).__name__}.html")
        assert out.is_file() and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        bundle = result._repr_mimebundle_()
        assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(bundle)
        assert "<script" not in bundle["text/html"]


def test_results_round_trip_through_json(tiny_bert):
    from toy_bow import bow_adapter

    bow = bow_adapter()
    c = xw.explain("the film is great", model=bow, methods=["occlusion", "gradient_x_input"])
    back = xw.Comparison.from_json(c.to_json())
    np.testing.assert_array_equal(back[1].scores, c[1].scores)
    maps = xw.attention("a good film", model=tiny_bert)
    np.testing.assert_allclose(xw.AttentionMaps.from_json(maps.to_json()).attentions, maps.attentions)
    ev = xw.evaluate(bow, ["the film is great"], methods=["occlusion"])
    again = xw.EvaluationResult.from_json(ev.to_json())
    assert again.summary().equals(ev.summary())


def test_explain_still_takes_text_by_name(tiny_bert):
    a = xw.explain(text="a good film", model=tiny_bert, method="occlusion")
    b = xw.explain("a good film", model=tiny_bert, method="occlusion")
    np.testing.assert_array_equal(a.scores, b.scores)
    with pytest.raises(TypeError, match="pass the input once"):
        xw.explain("a", text="b", model=tiny_bert)


def test_a_new_metric_is_one_registration():
    from toy_bow import bow_adapter

    from xai_widgets.evaluation import faithfulness
    from xai_widgets.evaluation.metric import METRICS, PerturbationMetric, register_metric

    register_metric(PerturbationMetric("test_top1_drop", "Drop when the top feature is hidden", "faithfulness", True,
                                       ("model", "attribution"), "p(y|x) - p(y|x without r_1)", bins=(0.0,)))
    try:
        bow = bow_adapter()
        ev = xw.evaluate(bow, ["the film is great", "a boring film"], methods=["occlusion"])
        assert "test_top1_drop \u2191" in ev.summary().columns  # run by default, arrow from its declaration
        a = xw.explain("the film is great", model=bow, method="occlusion")
        one = faithfulness(bow, a, metrics=["test_top1_drop", "comprehensiveness"]).values
        assert one["test_top1_drop"] > 0
    finally:
        METRICS._items.pop("test_top1_drop")


#: the ipywidgets / anywidget members a widget of ours is meant to override
OVERRIDABLE = {"__init__", "__init_subclass__", "__repr__", "_repr_mimebundle_", "_esm", "_css"}


def test_no_widget_shadows_a_member_of_ipywidgets_or_anywidget():
    """A widget's own method named like one of the framework's (``_handle_msg`` is the comm handler of ipywidgets)
    silently replaces it: every message from the page is then lost in a real kernel while direct Python calls work."""
    import importlib
    import pkgutil

    import anywidget

    from xai_widgets.widgets.base import XaiWidget

    for info in pkgutil.iter_modules([str(PACKAGE / "widgets")]):
        importlib.import_module(f"xai_widgets.widgets.{info.name}")
    import traitlets

    framework = set()
    for cls in anywidget.AnyWidget.__mro__:
        framework |= set(vars(cls))
    framework -= set(vars(type("Bare", (traitlets.HasTraits,), {})))  # what traitlets' metaclass sets on every class
    seen, todo = [], [XaiWidget]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    assert len(seen) > 8, seen
    bad = {f"{c.__module__}.{c.__name__}.{name}" for c in seen for name in vars(c)
           if name in framework and name not in OVERRIDABLE and not name.startswith("__")}
    assert not bad, f"these shadow a member of ipywidgets/anywidget: {sorted(bad)}"
