"""Browser fixtures: one headless Debian chromium per session (driven by Playwright, never downloaded),
a fresh context per test, and a helper that exports items to an HTML file and opens it via file://."""
import os

import pytest
from xw_pages import CHROMIUM, CHROMIUM_ARGS, LOCAL_SCHEMES, result_dict

from xai_widgets import export
from xai_widgets.widgets import token_highlight as th


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (`make chromium`) or set XW_CHROMIUM")
    if not th.BUNDLE.is_file():
        pytest.skip("widget front end not built: run `cd js && npm ci && npm run build`")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1000, "height": 700})
        ctx = browser.new_context(**kwargs)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def offline_page(context_factory):
    """A page whose every request that is not file:, blob: or data: is aborted and recorded (``page.blocked``);
    ``page.requests`` lists every request, ``page.errors`` / ``page.dialogs`` what the page raised or opened."""
    ctx = context_factory()
    blocked, requests = [], []

    def guard(route):
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    ctx.route("**/*", guard)
    p = ctx.new_page()
    p.errors, p.dialogs, p.blocked, p.requests = [], [], blocked, requests
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    p.on("request", lambda r: requests.append(r.url))
    return p


@pytest.fixture
def page(context_factory):
    p = context_factory().new_page()
    p.errors = []
    p.dialogs = []
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    return p


@pytest.fixture
def open_export(tmp_path):
    """open_export(page, *items, title=...) -> path: writes the offline page, opens it, waits for the widgets."""

    def _open(page, *items, title="test page", wait=True):
        path = export.save_html(tmp_path / "page.html", *items, title=title)
        page.goto(path.as_uri())
        if wait:
            page.wait_for_selector("html[data-xw-ready]", timeout=5000)
            assert page.locator("[data-xw-error]").count() == 0, page.locator(".xw-error").all_text_contents()
            assert not getattr(page, "errors", []), page.errors
        return path

    return _open


@pytest.fixture
def make_result():
    return result_dict

