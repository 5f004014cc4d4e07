"""Shared helpers of the browser tests: chromium settings, a hand-made result, selectors and colour reading."""
import os

CHROMIUM = os.environ.get("XW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = ("file:", "blob:", "data:")

TOKENS = ["[CLS]", "This", "movie", "is", "amaz", "ing", "<img src=x onerror=alert(1)>", "!", "[SEP]"]
SCORES = [0.05, 0.1, -0.3, 0.0, 0.8, 0.6, -0.05, 0.15, 0.2]


def result_dict(method="integrated_gradients", label="Integrated Gradients", **over):
    """A hand-made result as Attribution.to_json() writes it (no model needed)."""
    d = {
        "method": method, "method_label": label, "text": "This movie is amazing <img src=x onerror=alert(1)>!",
        "tokens": TOKENS, "special": [t in ("[CLS]", "[SEP]") for t in TOKENS],
        "word_start": [True, True, True, True, True, False, True, False, True],
        "targets": [1, 0], "scores": [SCORES, [-v for v in SCORES]], "signed": True,
        "labels": ["negative", "positive"], "probabilities": [0.02, 0.98], "predicted": 1,
        "truncated": False, "n_truncated_tokens": 0, "max_length": 512, "params": {}, "diagnostics": {},
        "model_name": "hand-made",
    }
    d.update(over)
    return d


def token(i, row=0, mount=0):
    """Selector of token i in row `row` (method) of widget number `mount` on the page."""
    return f".xw-mount >> nth={mount} >> [data-role=row] >> nth={row} >> .xw-token[data-token-index='{i}']"


def rgb(page, selector):
    """Computed background colour of the first match as [r, g, b]."""
    text = page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")
    return [int(float(x)) for x in text[text.index("(") + 1:text.index(")")].replace(",", " ").split()[:3]]


def is_blue(c):
    return c[2] > c[0] + 40


def is_red(c):
    return c[0] > c[2] + 40
