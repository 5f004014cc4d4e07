"""An allow-list HTML sanitizer for what a notebook stores as HTML (rendered markdown, ``text/html`` and
``image/svg+xml`` outputs) before it goes into an exported page.

Kept: text formatting, tables, lists, links (http, https, mailto, relative and ``#`` targets only), images from
``data:image/...`` URIs, ``<details>``, inline SVG and MathML, ``style`` attributes and ``<style>`` blocks without
``@import``, ``url(...)`` other than ``data:`` or ``expression(...)``. Dropped with their content: ``script``,
``iframe``, ``object``, ``embed``, ``template``, forms and anything else outside the list; dropped attributes:
event handlers (``on*``) and every attribute not on the list. Text is re-escaped, so entities stay entities.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import List, Optional, Tuple

_TEXT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr", "style",
}
_SVG_TAGS = {
    "svg", "g", "rect", "line", "polyline", "polygon", "path", "circle", "ellipse", "text", "tspan", "title", "desc",
    "defs", "lineargradient", "stop", "clippath", "use",
}
_MATH_TAGS = {
    "math", "mrow", "mi", "mo", "mn", "ms", "msub", "msup", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder",
    "munderover", "mtext", "mspace", "mtable", "mtr", "mtd", "mstyle", "semantics", "annotation", "menclose",
    "mpadded", "mphantom", "merror", "mfenced",
}
ALLOWED_TAGS = _TEXT_TAGS | _SVG_TAGS | _MATH_TAGS
DROP_WITH_CONTENT = {"script", "iframe", "object", "embed", "template", "noscript", "form", "textarea", "select",
                     "button", "input", "link", "meta", "base", "frame", "frameset", "applet", "audio", "video"}
VOID = {"br", "hr", "img", "col", "wbr"}

_GENERIC_ATTRS = {"class", "style", "title", "lang", "dir", "align", "valign", "colspan", "rowspan", "width",
                  "height", "scope", "open", "start", "reversed", "border", "cellpadding", "cellspacing", "role",
                  "aria-label", "aria-hidden", "alt", "href", "src", "name", "id"}
_SVG_ATTRS = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "d", "points", "fill", "stroke",
              "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity", "fill-opacity",
              "stroke-opacity", "transform", "viewbox", "preserveaspectratio", "xmlns", "text-anchor", "font-size",
              "font-family", "font-weight", "dominant-baseline", "dx", "dy", "offset", "stop-color", "stop-opacity",
              "gradientunits", "clip-path", "version", "xmlns:xlink", "shape-rendering"}
_MATH_ATTRS = {"display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent",
               "accentunder", "columnalign", "rowalign", "linethickness", "notation", "form", "largeop",
               "movablelimits", "symmetric", "minsize", "maxsize", "scriptlevel", "displaystyle", "depth",
               "voffset", "encoding", "columnspacing", "rowspacing", "columnlines", "rowlines", "frame"}
ALLOWED_ATTRS = _GENERIC_ATTRS | _SVG_ATTRS | _MATH_ATTRS

_SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|\./|\.\./|[\w\-./]+(?:#[\w\-.]*)?$)", re.I)
_SAFE_IMG = re.compile(r"^data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]+$", re.I)
_BAD_CSS = re.compile(r"@import|expression\s*\(|url\s*\(\s*(?![\"']?data:image/)|behavior\s*:|javascript:", re.I)


def _clean_css(css: str) -> Optional[str]:
    return None if _BAD_CSS.search(css) else css


def _clean_attr(tag: str, name: str, value: Optional[str]) -> Optional[str]:
    name = name.lower()
    if name.startswith("on") or name not in ALLOWED_ATTRS:
        return None
    value = "" if value is None else value
    if name == "href":
        return value if _SAFE_URL.match(value.strip()) else None
    if name == "src":
        return value if tag == "img" and _SAFE_IMG.match(value.strip()) else None
    if name == "style":
        return _clean_css(value)
    if name == "id":  # ids from foreign HTML could clash with the page's own
        return "nb-" + re.sub(r"[^\w\-]", "-", value)[:80]
    return value


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: List[str] = []
        self.stack: List[str] = []
        self.dropping = 0
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        tag = tag.lower()
        if self.dropping:
            if tag in DROP_WITH_CONTENT and tag not in VOID:
                self.dropping += 1
            return
        if tag in DROP_WITH_CONTENT:
            self.dropping = 1
            return
        if tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            clean = _clean_attr(tag, name, value)
            if clean is not None:
                kept.append(f' {name.lower()}="{html.escape(clean, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        tag = tag.lower()
        if tag not in VOID and self.stack and self.stack[-1] == tag and not self.dropping:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.dropping:
            if tag in DROP_WITH_CONTENT:
                self.dropping -= 1
            return
        if tag not in ALLOWED_TAGS or tag in VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self.out.append(f"</{top}>")
            if top == "style":
                self.in_style = False
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.in_style:
            clean = _clean_css(data)
            self.out.append((clean or "").replace("</", "<\\/"))
        else:
            self.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")


def sanitize_html(text: str) -> str:
    """``text`` with everything outside the allow-list removed (see the module docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"sanitize_html expects a str, got {type(text).__name__}")
    parser = _Sanitizer()
    parser.feed(text)
    parser.close()
    return "".join(parser.out)


__all__ = ["sanitize_html", "ALLOWED_TAGS", "ALLOWED_ATTRS"]
