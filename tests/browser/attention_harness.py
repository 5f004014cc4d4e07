"""A harness page for the attention explorer in headless chromium, with a fake anywidget model whose custom
messages reach the Python widget: ``model.send(content)`` POSTs to a routed URL, answered by
``AttentionExplorer.answer`` with the float16 buffer as the body (the kernel's binary buffer). Nothing leaves the
machine: every URL under ``http://xw.local/`` is served by Playwright's router. Shared with bench/attention.py."""
from __future__ import annotations

import json
import time

BASE = "http://xw.local"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>attention harness</title></head>
<body style="margin:0;padding:12px;font-family:sans-serif"><div id="mount" style="width:%(width)dpx"></div>
<script type="module">
window.xw = { events: [], bytes: { state: 0, thumbs: 0, messages: 0 }, t0: performance.now() };
const el = document.getElementById("mount");
el.addEventListener("xw-drawn", (e) => window.xw.events.push(e.detail));
const stateResp = await fetch("/state.json");
const stateText = await stateResp.text();
window.xw.bytes.state = stateText.length;
const state = JSON.parse(stateText);
const thumbs = await (await fetch("/thumbs.bin")).arrayBuffer();
window.xw.bytes.thumbs = thumbs.byteLength;
state.thumbs = new DataView(thumbs);
const handlers = new Map();
const emit = (name, ...args) => (handlers.get(name) || []).slice().forEach((cb) => cb(...args));
const model = {
  get: (k) => state[k],
  set(k, v) { const old = state[k]; state[k] = v; if (old !== v) emit("change:" + k, model, v); },
  on(name, cb) { if (!handlers.has(name)) handlers.set(name, []); handlers.get(name).push(cb); },
  off(name, cb) { if (!name) return handlers.clear(); handlers.set(name, cb ? (handlers.get(name) || []).filter((f) => f !== cb) : []); },
  save_changes() {},
  async send(content) {
    const r = await fetch("/msg", { method: "POST", body: JSON.stringify(content) });
    const msg = JSON.parse(r.headers.get("x-xw-msg"));
    const buf = await r.arrayBuffer();
    window.xw.bytes.messages += buf.byteLength;
    emit("msg:custom", msg, buf.byteLength ? [new DataView(buf)] : []);
  },
};
window.xw.model = model;
const mod = await import("/attention_explorer.js");
window.xw.cleanup = mod.default.render({ model, el });
document.documentElement.dataset.xwReady = "1";
</script></body></html>"""


class Harness:
    """``Harness(page, widget).open()``; ``messages`` lists the requests the page sent to Python."""

    def __init__(self, page, widget, width: int = 900):
        from xai_widgets.widgets.attention_explorer import BUNDLE

        self.page, self.widget, self.width = page, widget, width
        self.bundle = BUNDLE.read_bytes()
        self.messages = []
        self.answer_seconds = 0.0
        page.route(f"{BASE}/**", self._serve)

    def state(self):
        st = self.widget.get_state()
        st.pop("thumbs", None)
        return {k: v for k, v in st.items() if not k.startswith("_") and k not in ("layout", "tabbable", "tooltip")}

    def _serve(self, route):
        path = route.request.url[len(BASE):].split("?")[0]
        if path in ("/", "/index.html"):
            route.fulfill(status=200, content_type="text/html", body=PAGE % {"width": self.width})
        elif path == "/attention_explorer.js":
            route.fulfill(status=200, content_type="text/javascript", body=self.bundle)
        elif path == "/state.json":
            route.fulfill(status=200, content_type="application/json", body=json.dumps(self.state()))
        elif path == "/thumbs.bin":
            route.fulfill(status=200, content_type="application/octet-stream", body=bytes(self.widget.thumbs))
        elif path == "/msg":
            content = json.loads(route.request.post_data)
            self.messages.append(content)
            t = time.perf_counter()
            reply, buffers = self.widget.answer(content)
            self.answer_seconds += time.perf_counter() - t
            route.fulfill(status=200, content_type="application/octet-stream",
                          headers={"x-xw-msg": json.dumps(reply), "access-control-expose-headers": "x-xw-msg"},
                          body=buffers[0] if buffers else b"")
        else:
            route.fulfill(status=404, body="not found")

    def open(self, wait_drawn: str = None, timeout: float = 10000):
        self.page.goto(f"{BASE}/")
        self.page.wait_for_selector("html[data-xw-ready]", timeout=timeout)
        if wait_drawn:
            self.wait_drawn(wait_drawn, timeout)
        return self

    def wait_drawn(self, key: str, timeout: float = 10000):
        self.page.wait_for_selector(f".xw-ae[data-drawn='{key}']", timeout=timeout)
