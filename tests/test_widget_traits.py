"""The widget traits a user (or the page) may set refuse what they cannot show, with a message naming the trait:
bools where an index or a number is meant, indices out of range, unknown choices, an unknown attribution method."""
import math
import warnings

import pytest
import traitlets

import xai_widgets as xw
from method_subjects import method_subjects


@pytest.fixture(scope="module")
def widgets():
    warnings.simplefilter("ignore")
    s = method_subjects()
    text, sentence = s["text"][0][0], s["text"][1]
    tabs, X, y = s["global"]
    image, picture = s["image"][0][0], s["image"][1]
    return {
        "TokenHighlight": xw.explain(sentence, model=text, methods=["saliency", "occlusion"]).widget(),
        "FeatureImportance": xw.explain(s["tabular"][1], model=tabs[0], method="saliency").widget(),
        "FeatureImportance-global": xw.explain_global(tabs[1], X, y, method="permutation_importance").widget(),
        "ImageHeatmap": xw.explain(picture, model=image, method="saliency").widget(),
        "AttentionExplorer": xw.attention(sentence, model=text).widget(),
        "WhatIf": xw.what_if(sentence, model=text),
    }


BAD = {
    "TokenHighlight": {"method_index": [True, 2, -1], "hovered": [-5, 10 ** 6, True], "view": ["bogus"],
                       "theme": ["neon", 3]},
    "FeatureImportance": {"target": [-5, 99, True], "hovered": [-5, 99, True], "hovered_row": [3],
                          "max_features": [0, True], "mode": ["bogus"], "chart": ["pie"], "view": ["bogus"]},
    "FeatureImportance-global": {"hovered": [-5, 99], "hovered_row": [-5, 10 ** 6, True], "mode": ["bogus"],
                                 "chart": ["waterfall"]},
    "ImageHeatmap": {"opacity": [True, 1.5, -0.1, math.nan], "hovered": [True, -5, 10 ** 6], "target": [99],
                     "view": ["bogus"]},
    "AttentionExplorer": {"layer": [True, 99, -1], "head": [True, 99, -2], "view": ["bogus"]},  # head -1: the mean
    "WhatIf": {"method": ["bogus", "permutation_importance"], "text": [5, None], "theme": ["neon"]},
}
CASES = [(w, t, v) for w, traits in BAD.items() for t, values in traits.items() for v in values]


@pytest.mark.parametrize("name,trait,value", CASES, ids=[f"{w}.{t}={v!r}" for w, t, v in CASES])
def test_a_bad_trait_value_is_refused_and_named(widgets, name, trait, value):
    w = widgets[name]
    before = getattr(w, trait)
    with pytest.raises((traitlets.TraitError, ValueError, TypeError)) as info:
        setattr(w, trait, value)
    assert trait in str(info.value), str(info.value)
    assert getattr(w, trait) == before or (isinstance(before, float) and math.isnan(before))


def test_good_values_still_work(widgets):
    th = widgets["TokenHighlight"]
    th.method_index, th.hovered = 1, 2
    assert th.hovered_token is not None
    th.hovered = -1
    fi = widgets["FeatureImportance-global"]
    fi.hovered = 0
    fi.hovered = -1
    widgets["ImageHeatmap"].opacity = 0.25
    widgets["WhatIf"].method = "saliency"
    assert widgets["WhatIf"].method == "saliency"
