"""The Markdown dialect of ivpsite: CommonMark with tables, strikethrough, footnotes and
heading anchors; raw HTML off, so nothing an editor types becomes markup by itself.

Bodies (sections, free pages) are rendered by markdown-it-pyrs, markdown-it in Rust: about
twenty times faster than markdown-it-py, whose parsing was the largest share of a national
build. `parse` returns plain data read off that HTML (links, heading levels, paragraph
text), enough to tell whether a body is sound. Only a body with a problem is walked as a
syntax tree (`locate`), for the line of each problem. Internal link targets stay as
written in the HTML; `render` maps them to page addresses once the site's URLs are known.
Goals and actions, one-line strings, are rendered inline by markdown-it-py
(`render_inline`), which takes ivpsite's own link check.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it_pyrs import MarkdownIt as RustMarkdownIt

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def slugify(text: str) -> str:
    """Heading text to an anchor id: ASCII, lowercase, hyphens ('Zorg & Veiligheid' -> 'zorg-veiligheid')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "kop"


def safe_link(url: str) -> bool:
    """Only known-safe schemes, or none: stricter than markdown-it's own check."""
    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or url.strip().lower().startswith(_SAFE_SCHEMES)


# CommonMark's rules without html_block and html_inline, plus tables, strikethrough and
# footnotes. markdown-it-pyrs leaves javascript:, vbscript:, file: and data: links as text
# itself; a link with any other scheme that `safe_link` refuses is a validation problem, so
# it never reaches a page either.
_BODY = RustMarkdownIt("zero").enable_many([
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline",
    "table", "strikethrough", "footnote"])


@dataclass(frozen=True)
class Body:
    """A rendered Markdown body and what later stages read from it."""

    html: str  # heading ids set; link targets as written (see `render`)
    links: list[tuple[str, str]] = field(default_factory=list)  # (target, 'href' | 'src')
    levels: list[int] = field(default_factory=list)  # heading levels, in order
    paragraphs: list[str] = field(default_factory=list)  # plain text, whitespace collapsed
    maybe_refused: bool = False  # the text may hold a link the parser refused: see `locate`


_TAG = re.compile(r"<[^>]*>")
_TARGET = re.compile(r'<(?:a href|img src)="([^"]*)"')
_LEVEL = re.compile(r"<h([1-6])[ >]")
_LINKISH = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|<)([a-zA-Z][a-zA-Z0-9+.-]*:[^\s)>]*)")


def parse(text: str) -> Body:
    markup = _heading_ids(_BODY.render(text))
    links = [(html.unescape(m.group(1)), "href" if m.group(0)[1] == "a" else "src")
             for m in _TARGET.finditer(markup)]
    # Everything a text node can hold, entities decoded and escapes dropped: a superset of
    # the text a refused link can stay behind in, so `locate` runs only when it might find one.
    plain = html.unescape(text.replace("\\", "")) if "&" in text or "\\" in text else text
    maybe_refused = any(not safe_link(m.group(1)) for m in _LINKISH.finditer(plain))
    return Body(markup, links, [int(level) for level in _LEVEL.findall(markup)],
                _paragraphs(markup), maybe_refused)


_PARAGRAPH = re.compile(
    # A paragraph, or the text of a tight list item (which has no <p>) up to a nested block;
    # written as unrolled loops, several times faster than lazy matching.
    r"<p>([^<]*(?:<(?!/p>)[^<]*)*)</p>"
    r"|<li>(?!\n|<p>)([^<\n]*(?:(?:<(?!/li>)|\n(?!<(?:ul|ol|pre|blockquote|h[1-6]|table|hr|p)[ >/]))[^<\n]*)*)")
_NOT_TEXT = re.compile(r'<sup class="footnote-ref">.*?</sup>|<a href="#fnref[^"]*" class="footnote-backref">.*?</a>'
                       r"|<img [^>]*>")


def _paragraphs(markup: str) -> list[str]:
    """Paragraph text as a reader sees it, without images, footnote marks and back links."""
    found = []
    for match in _PARAGRAPH.finditer(markup):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if "<" in inner:
            inner = _TAG.sub("", _NOT_TEXT.sub("", inner))
        text = " ".join((html.unescape(inner) if "&" in inner else inner).split())
        if text:
            found.append(text)
    return found


@dataclass(frozen=True)
class Located:
    """Links, refused links and headings of a body with their line index in the body."""

    links: list[tuple[str, str, int]] = field(default_factory=list)  # (target, attr, line)
    refused: list[tuple[str, int]] = field(default_factory=list)  # (target, line)
    headings: list[tuple[int, int]] = field(default_factory=list)  # (level, line)


def locate(text: str) -> Located:
    """Walk the syntax tree of a body for exact lines (only for a body with a problem)."""
    encoded = text.encode("utf-8")  # the tree's source map counts bytes

    def line(node) -> int:  # noqa: ANN001 - a markdown_it_pyrs Node
        return encoded.count(b"\n", 0, node.srcmap[0]) if node.srcmap else 0

    located = Located()
    _walk(_BODY.tree(text), located, line)
    return located


def _walk(node, located: Located, line: Callable) -> None:  # noqa: ANN001
    run: list[str] = []  # adjacent text, entities included, as one string: what a reader sees
    first = None
    for child in [*node.children, None]:
        if child is not None and child.name in ("text", "text_special"):
            first = first or child
            run.append(child.meta["content"])
            continue
        for match in _LINKISH.finditer("".join(run)):  # left as text for its scheme
            if not safe_link(match.group(1)):
                located.refused.append((match.group(1), line(first)))
        run, first = [], None
        if child is None or child.name == "code_inline":  # code is text, never a link
            continue
        if child.name in ("link", "image", "autolink"):
            target = child.meta["url"]
            if safe_link(target):
                located.links.append((target, "src" if child.name == "image" else "href", line(child)))
            else:  # a scheme markdown-it accepts and ivpsite does not (https:host, ftp:)
                located.refused.append((target, line(child)))
        elif child.name in ("heading", "lheading"):
            located.headings.append((child.meta["level"], line(child)))
        _walk(child, located, line)


_HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.DOTALL)


def _heading_ids(markup: str) -> str:
    """Give h2-h4 an id from their text, unique within the body (-1, -2 ... on repeats)."""
    seen: set[str] = set()

    def with_id(match: re.Match[str]) -> str:
        base = slug = slugify(html.unescape(_TAG.sub("", match.group(2))))
        number = 0
        while slug in seen:
            number += 1
            slug = f"{base}-{number}"
        seen.add(slug)
        return f'<h{match.group(1)} id="{slug}">{match.group(2)}</h{match.group(1)}>'

    return _HEADING.sub(with_id, markup)


_HREF = re.compile(r'<a href="([^"]*)"')


def render(body: Body, rewrite: Callable[[str], str]) -> str:
    """The body's HTML with every link target passed through `rewrite` (internal links
    become page addresses). Raw HTML is off, so every `<a href="` is the renderer's own."""
    return _HREF.sub(lambda m: f'<a href="{_escape(rewrite(html.unescape(m.group(1))))}"', body.html)


def _escape(value: str) -> str:  # as markdown-it escapes attribute values
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# Goals and actions are rendered inline without validation of their own, so their parser
# has no images at all (nothing in them can make a page load a file from another host) and
# refuses every link scheme but http(s), mailto and tel.
_INLINE = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_INLINE.enable(["table", "strikethrough"]).disable("image")
_INLINE.validateLink = safe_link


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
