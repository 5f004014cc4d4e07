import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("XAI_WIDGETS_PROGRESS", "0")

from tiny_models import tiny_classifier  # noqa: E402


@pytest.fixture(scope="session", params=["bert", "distilbert", "roberta"])
def tiny_adapter(request):
    from xai_widgets import load_model

    model, tok = tiny_classifier(request.param)
    return load_model(model, tok)


@pytest.fixture(scope="session")
def tiny_bert():
    from xai_widgets import load_model

    model, tok = tiny_classifier("bert")
    return load_model(model, tok)


@pytest.fixture(scope="session")
def default_adapter():
    from xai_widgets.api import resolve_model

    return resolve_model(None)
