"""The Markdown dialect of ivpsite: CommonMark with tables, strikethrough, footnotes and
heading anchors; raw HTML off, so nothing an editor types becomes markup by itself.

Parsing and rendering are separate calls: validation parses once (and checks links and
headings on the tokens), rendering later turns the same tokens into HTML.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def slugify(text: str) -> str:
    """Heading text to an anchor id: ASCII, lowercase, hyphens ('Zorg & Veiligheid' -> 'zorg-veiligheid')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "kop"


def _validate_link(url: str) -> bool:
    # Stricter than markdown-it's default: only known-safe schemes or scheme-less URLs.
    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or url.strip().lower().startswith(_SAFE_SCHEMES)


def _make() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify)
    md.validateLink = _validate_link
    return md


_MD = _make()
# Goals and actions are rendered inline without validation of their own, so their parser
# has no images at all: nothing in them can make a page load a file from another host.
_INLINE = _make().disable("image")


def parse(text: str) -> list[Token]:
    return _MD.parse(text, {})


def links(tokens: list[Token]) -> Iterator[tuple[Token, str, int]]:
    """Every link and image in the tokens, as (token, attribute name, line index in body)."""
    for block in tokens:
        for child in block.children or ():
            if not child.attrs:  # text and most inline tokens: nothing to look up
                continue
            for attr in ("href", "src"):
                if child.attrGet(attr) is not None:
                    yield child, attr, (block.map[0] if block.map else 0)


_LINKISH = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|<)([a-zA-Z][a-zA-Z0-9+.-]*:[^\s)>]*)")


def refused_links(tokens: list[Token]) -> Iterator[tuple[str, int]]:
    """Targets written as a link, autolink or reference that the parser refused for their
    scheme (javascript:, file:, data: ...) and so left as plain text: (target, line index)."""
    for block in tokens:
        for child in block.children or ():
            if child.type == "text":
                for match in _LINKISH.finditer(child.content):
                    if not _validate_link(match.group(1)):
                        yield match.group(1), (block.map[0] if block.map else 0)


def headings(tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """Every heading as (level, line index in body, id)."""
    for token in tokens:
        if token.type == "heading_open":
            yield int(token.tag[1]), (token.map[0] if token.map else 0), str(token.attrGet("id"))


def render(tokens: list[Token], rewrite: Callable[[Token, str], None]) -> str:
    """HTML for parsed tokens; `rewrite(token, attr)` may change internal link targets first."""
    for token, attr, _ in links(tokens):
        rewrite(token, attr)
    return _MD.renderer.render(tokens, _MD.options, {})


def render_inline(text: str) -> str:
    """A one-paragraph Markdown string (a goal, an action) as inline HTML."""
    return _INLINE.renderInline(text)


def resolve(path: str, target: str) -> str | None:
    """A relative link written in content file `path`, as a content path (keeping any
    #fragment), or None when it climbs out of the content folder."""
    link, _, fragment = target.partition("#")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return None
    return joined + (f"#{fragment}" if fragment else "")
