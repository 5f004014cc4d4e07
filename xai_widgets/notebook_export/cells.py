"""A notebook's cells as HTML: markdown (with its formulas as MathML), code (highlighted), and outputs in the order
a reader expects (widget, then HTML, images, plain text). Everything that was HTML in the notebook passes through
``sanitize_html``; everything that was text is escaped."""
from __future__ import annotations

import base64
import html
import re
from typing import Any, Callable, Dict, List, Optional

from .sanitize import sanitize_html

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_MATH_BLOCK = re.compile(r"\$\$(.+?)\$\$", re.S)
_MATH_INLINE = re.compile(r"(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])")


def joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else ("" if value is None else str(value))


def _math_html(tex: str, display: bool) -> str:
    """MathML for ``tex`` (latex2mathml), or the TeX source in a ``<code>`` where it cannot be converted."""
    try:
        from latex2mathml.converter import convert

        return convert(tex.strip(), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - an unknown macro shows its source instead of breaking the page
        cls = "xw-math-block" if display else "xw-math"
        return f'<code class="{cls}">{html.escape(tex)}</code>'


def markdown_html(source: str) -> str:
    """Markdown to sanitized HTML; ``$...$`` and ``$$...$$`` become MathML before the markdown parser sees them."""
    import mistune

    formulas: List[str] = []

    def stash(html_text: str) -> str:
        formulas.append(sanitize_html(html_text))
        return f"XWMATH{len(formulas) - 1}XW"

    fenced = re.split(r"(```.*?```|`[^`\n]+`)", source, flags=re.S)  # no math inside code
    parts = []
    for k, part in enumerate(fenced):
        if k % 2:
            parts.append(part)
            continue
        part = _MATH_BLOCK.sub(lambda m: stash(_math_html(m.group(1), True)), part)
        part = _MATH_INLINE.sub(lambda m: stash(_math_html(m.group(1), False)), part)
        parts.append(part)
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
    out = sanitize_html(render("".join(parts)))
    return re.sub(r"XWMATH(\d+)XW", lambda m: formulas[int(m.group(1))], out)


def code_html(source: str) -> str:
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        return highlight(source, PythonLexer(), HtmlFormatter(nowrap=True))
    except Exception:  # noqa: BLE001 - plain text when pygments is missing
        return html.escape(source)


def code_css() -> str:
    try:
        from pygments.formatters import HtmlFormatter

        light = HtmlFormatter(style="default").get_style_defs(".xw-code")
        dark = HtmlFormatter(style="monokai").get_style_defs(".xw-code")
        return f"{light}\n@media (prefers-color-scheme: dark) {{ {dark} }}"
    except Exception:  # noqa: BLE001
        return ""


def _pre(text: str, cls: str) -> str:
    return f'<pre class="{cls}">{html.escape(_ANSI.sub("", text))}</pre>'


def output_html(out: Dict[str, Any], widget: Callable[[str, str], Optional[str]]) -> str:
    """One output. ``widget(model_id, fallback_html)`` returns the mount for a widget with stored state (or None)."""
    kind = out.get("output_type")
    if kind == "stream":
        return _pre(joined(out.get("text")), f"xw-stream xw-{out.get('name', 'stdout')}")
    if kind == "error":
        return _pre("\n".join(out.get("traceback") or [f"{out.get('ename')}: {out.get('evalue')}"]), "xw-error-out")
    data = out.get("data", {})
    fallback = sanitize_html(joined(data["text/html"])) if "text/html" in data else ""
    if WIDGET_VIEW in data:
        mounted = widget(str(data[WIDGET_VIEW].get("model_id", "")), fallback)
        if mounted:
            return mounted
    if fallback:
        return f'<div class="xw-html">{fallback}</div>'
    for mime in ("image/png", "image/jpeg", "image/gif"):
        if mime in data:
            payload = re.sub(r"\s", "", joined(data[mime]))
            base64.b64decode(payload, validate=True)  # a broken image is an error, not a silent blank
            return f'<img class="xw-image" alt="output image" src="data:{mime};base64,{payload}">'
    if "image/svg+xml" in data:
        return f'<div class="xw-svg">{sanitize_html(joined(data["image/svg+xml"]))}</div>'
    if "text/markdown" in data:
        return f'<div class="xw-markdown">{markdown_html(joined(data["text/markdown"]))}</div>'
    if "text/plain" in data:
        return _pre(joined(data["text/plain"]), "xw-plain")
    return ""


def cell_html(cell: Dict[str, Any], widget: Callable[[str, str], Optional[str]], show_code: bool = True) -> str:
    kind = cell.get("cell_type")
    source = joined(cell.get("source"))
    if kind == "markdown":
        return f'<section class="xw-md">{markdown_html(source)}</section>'
    if kind == "raw":
        return ""
    outputs = "".join(output_html(o, widget) for o in cell.get("outputs", []))
    count = cell.get("execution_count")
    prompt = f'<div class="xw-prompt">[{count if count is not None else " "}]</div>'
    code = (f'<div class="xw-in">{prompt}<pre class="xw-code">{code_html(source)}</pre></div>'
            if show_code and source.strip() else "")
    out = f'<div class="xw-out">{outputs}</div>' if outputs else ""
    return f'<section class="xw-cell">{code}{out}</section>' if code or out else ""


__all__ = ["cell_html", "code_css", "markdown_html", "output_html", "WIDGET_VIEW"]
