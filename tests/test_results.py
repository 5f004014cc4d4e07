"""The Attribution / Comparison result types: serialisation, word merging, tables, static plots, HTML."""
import json

import numpy as np
import pytest

import xai_widgets as xw
from xai_widgets.results import Attribution, Comparison


@pytest.fixture(scope="module")
def result(tiny_bert):
    return xw.explain("Unbelievably charming!", model=tiny_bert, method="integrated_gradients", target="all",
                      n_steps=16)


def test_json_round_trip_is_lossless(result):
    data = json.loads(json.dumps(result.to_json()))
    back = Attribution.from_json(data)
    np.testing.assert_allclose(back.scores, result.scores)
    assert back.tokens == result.tokens and back.targets == result.targets and back.special == result.special
    assert back.params == result.params and back.method_label == result.method_label


def test_merge_words_sums_word_pieces(result):
    assert len(result.tokens) > len(result.text.split()) + 2  # "Unbelievably" is split into pieces
    merged = result.merge_words()
    content = [t for t, s in zip(merged.tokens, merged.special) if not s]
    assert content == ["Unbelievably", "charming", "!"]
    np.testing.assert_allclose(merged.scores.sum(axis=1), result.scores.sum(axis=1), atol=1e-12)
    assert merged.params["merged_words"] is True


def test_to_pandas_has_one_column_per_target(result):
    df = result.to_pandas()
    assert list(df.columns[:3]) == ["position", "token", "special"]
    assert len(df) == len(result.tokens)
    for t in result.targets:
        assert f"score[{result.labels[t]}]" in df.columns


def test_scores_for_and_top_tokens(result):
    label = result.labels[result.targets[1]]
    np.testing.assert_array_equal(result.scores_for(label), result.scores[1])
    tops = result.top_tokens(2)
    assert len(tops) == 2 and abs(tops[0][1]) >= abs(tops[1][1])
    with pytest.raises(ValueError, match="unknown target"):
        result.scores_for("nope")


def test_scores_must_match_tokens():
    with pytest.raises(ValueError, match="expected \\(1 targets, 2 tokens\\)"):
        Attribution(text="a b", tokens=["a", "b"], scores=np.zeros((1, 3)), targets=[0], labels=["x", "y"],
                    probabilities=[0.5, 0.5], method="saliency")


def test_plot_draws_one_row_per_method(result, tiny_bert):
    import matplotlib

    matplotlib.use("Agg")
    ax = result.plot()
    assert [t.get_text() for t in ax.get_xticklabels()] == result.tokens
    other = xw.explain(result.text, model=tiny_bert, method="occlusion", target="all")
    ax2 = Comparison([result, other]).plot()
    assert len(ax2.get_yticklabels()) == 2


def test_comparison_requires_same_text(result, tiny_bert):
    other = xw.explain("something else", model=tiny_bert, method="occlusion")
    with pytest.raises(ValueError, match="same text"):
        Comparison([result, other])
    with pytest.raises(ValueError, match="at least one"):
        Comparison([])


def test_to_html_is_self_contained(result, tmp_path):
    path = tmp_path / "r.html"
    assert result.to_html(str(path)) == path  # writes the file, returns its path
    html = path.read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "charming" in html


def test_repr_is_informative(result):
    text = repr(result)
    assert "integrated_gradients" in text and "predicted=" in text


def test_plot_shows_dollar_signs_literally(tiny_bert, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    r = xw.explain("costs $5 or $10", model=tiny_bert, method="occlusion")
    ax = r.plot()
    ax.figure.savefig(tmp_path / "p.png")  # would raise a mathtext ParseException if "$" were parsed
    labels = ax.get_xticklabels()
    assert "$" in [t.get_text() for t in labels] and not any(t.get_parse_math() for t in labels)
