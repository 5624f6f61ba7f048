"""The Markdown dialect of ivpsite: CommonMark with tables, strikethrough, footnotes and
heading anchors, by markdown-it-py and mdit-py-plugins. Raw HTML is off, so nothing an editor
types becomes markup by itself, and only http(s), mailto and tel links (or relative ones)
become links.

All Markdown of the content takes this one path: bodies (sections, free pages) through
`parse`, the fields a page shows inline (goals, actions, ...) through `parse_inline`, which
also names any block syntax such a field holds. Each parse walks its tokens once: it reads
off what validation needs (links, refused links, headings, with their lines; the paragraphs
as plain text), gives h2-h4 their ids and renders the HTML, after which the tokens are
dropped. Internal link targets stay as written in the HTML; `render` maps them to page
addresses once the site's URLs are known.

The limits of content.py are checked before anything is parsed deeply, by scans of the
text that cost no more than reading it: container markers on one line, emphasis and
brackets still open in a paragraph, the size of each table and the number of reference
definitions. markdown-it's own `maxNesting` bounds whatever gets past them, and the walk
counts the real nesting.
"""

from __future__ import annotations

import html
import posixpath
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from . import parallel
from .content import MARKDOWN_DEPTH, REFERENCES, TABLE_CELLS, TABLE_COLUMNS, forbidden_character

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def slugify(text: str) -> str:
    """Heading text to an anchor id: ASCII, lowercase, hyphens ('Zorg & Veiligheid' -> 'zorg-veiligheid')."""
    ascii_text = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or "kop"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def safe_link(url: str) -> bool:
    """Only known-safe schemes, or none: stricter than markdown-it's own check."""
    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or url.strip().lower().startswith(_SAFE_SCHEMES)


# CommonMark without raw HTML, plus tables, strikethrough and footnotes. A link or image whose
# scheme `safe_link` refuses stays text (validation finds it there and refuses the content).
# A list or blockquote level is two of markdown-it's levels (<ul><li>); its bound lies beyond
# MARKDOWN_DEPTH, so the walk sees any content deeper than the limit before markdown-it cuts.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "xhtmlOut": False,
                                "maxNesting": 2 * MARKDOWN_DEPTH.value + 4})
_MD.disable(["html_block", "html_inline"]).enable(["table", "strikethrough"]).use(footnote_plugin)
_MD.validateLink = safe_link  # type: ignore[method-assign]

Refusal = tuple[str, int, int, dict[str, object]]  # (message key, line index, column or 0, values)


@dataclass(frozen=True)
class Body:
    """Rendered Markdown and what validation and later stages read from it. Lines are
    indices into the text (0 is its first line)."""

    html: str  # heading ids set; link targets as written (see `render`)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (target, 'href' | 'src', line)
    refused: list[tuple[str, int]] = field(default_factory=list)  # (target, line): left as text for its scheme
    headings: list[tuple[int, int]] = field(default_factory=list)  # (level, line)
    paragraphs: list[str] = field(default_factory=list)  # plain text, whitespace collapsed
    refusals: list[Refusal] = field(default_factory=list)  # limits and characters; see content.py
    block: str | None = None  # `parse_inline` only: the block syntax found, in Dutch ('een lijst')


def parse(text: str) -> Body:
    """A body (section, free page). A body past a limit is not parsed: its `refusals` say why."""
    refusals = _characters(text)
    stop = _past_a_limit(text)
    if stop is not None:
        return Body("", refusals=[*refusals, stop])
    env: dict = {}
    tokens = _MD.parse(text, env)
    found = _Walk(_maybe_refused(text))
    found.walk(tokens)
    return Body(_MD.renderer.render(tokens, _MD.options, env), found.links, found.refused,
                found.headings, found.paragraphs, [*refusals, *found.refusals])


def parse_all(texts: list[str]) -> list[Body]:
    """`parse` of each text, in order; spread over the machine's cores when they are many."""
    return parallel.spread(_parse_chunk, texts, worth_it=sum(map(len, texts)) >= parallel.TEXT_WORTH_A_WORKER)


def _parse_chunk(texts: list[str]) -> list[Body]:  # module level: a spawned worker imports it
    return [parse(text) for text in texts]


def parse_inline(text: str) -> Body:
    """A field shown inside a line (a goal, an action): one paragraph, rendered without <p>,
    exactly as the same text renders inside a body's paragraph. With block syntax, `block`
    names it and the HTML is the text, escaped."""
    if text == text.strip() and not _MARKUP.search(text):  # most fields: nothing to parse
        return Body(text.replace('"', "&quot;"), paragraphs=[" ".join(text.split())] if text else [])
    return _parse_inline(text)


# Every character at which markdown-it might do more than copy a one-line text (a rule of
# the inline chain, a block marker at the start, a line end) and those its renderer escapes
# but '"'. A text without any, and without outer whitespace, renders as itself.
_MARKUP = re.compile(r"[\n\r\x00\\`*_~\[\]!<>&#|^]|^(?:[-+=:]|\d{1,9}[.)])")


def _parse_inline(text: str) -> Body:
    stop = _past_a_limit(text)
    if stop is not None:
        return Body(html.escape(text, quote=False), refusals=[stop])
    env: dict = {}
    tokens = _MD.parse(text, env)
    block = _block_syntax(tokens, env, text)
    if block is not None:
        return Body(html.escape(text, quote=False), block=block)
    found = _Walk(_maybe_refused(text))
    found.walk(tokens)
    markup = _MD.renderer.renderInline(tokens[1].children or [], _MD.options, env) if tokens else ""
    return Body(markup, found.links, found.refused, found.headings, found.paragraphs, found.refusals)


def render(body: Body, rewrite: Callable[[str], str] | None = None) -> str:
    """The body's HTML with every link target passed through `rewrite` (internal links
    become page addresses). Raw HTML is off, so every `<a href="` is the renderer's own."""
    if rewrite is None:
        return body.html
    return _HREF.sub(lambda m: f'<a href="{_escape(rewrite(html.unescape(m.group(1))))}"', body.html)


def render_inline(text: str, rewrite: Callable[[str], str] | None = None) -> str:
    """An inline field (a goal, an action) as inline HTML; `rewrite` as for `render`."""
    return render(parse_inline(text), rewrite)


def resolve(path: str, target: str) -> str | None:
    """A relative link written in content file `path`, as a content path (keeping any
    #fragment), or None when it climbs out of the content folder."""
    link, _, fragment = target.partition("#")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return None
    return joined + (f"#{fragment}" if fragment else "")


_HREF = re.compile(r'<a href="([^"]*)"')


def _escape(value: str) -> str:  # as markdown-it escapes attribute values
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# --- the one walk over the tokens --------------------------------------------------------

# A link-like text with a scheme, as it stays behind when the parser refused the link; one
# pattern per way of writing it as well, each starting with a literal the engine finds fast.
_SCHEME = r"([a-zA-Z][a-zA-Z0-9+.-]*:[^\s)>]*)"
_LINKISH = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|<)" + _SCHEME)
_LINKISH_EACH = tuple(re.compile(start + _SCHEME) for start in (r"\]\(\s*+<?", r"\]:\s*+<?", "<"))
_BLOCK_DEPTH = {"blockquote_open": 1, "blockquote_close": -1, "bullet_list_open": 1,
                "bullet_list_close": -1, "ordered_list_open": 1, "ordered_list_close": -1}
_INLINE_DEPTH = {"em_open": 1, "em_close": -1, "strong_open": 1, "strong_close": -1,
                 "s_open": 1, "s_close": -1, "link_open": 1, "link_close": -1}


def _maybe_refused(text: str) -> bool:
    """Whether the text may hold a link the parser refused: a superset of the text such a link
    stays behind in (entities decoded, escapes dropped), so the walk looks only when it might."""
    plain = html.unescape(text.replace("\\", "")) if "&" in text or "\\" in text else text
    return any(not safe_link(m.group(1)) for pattern in _LINKISH_EACH for m in pattern.finditer(plain))


class _Walk:
    """What one pass over a token stream finds; sets the heading ids on the way."""

    def __init__(self, look_for_refused: bool) -> None:
        self.look_for_refused = look_for_refused
        self.links: list[tuple[str, str, int]] = []
        self.refused: list[tuple[str, int]] = []
        self.headings: list[tuple[int, int]] = []
        self.paragraphs: list[str] = []
        self.refusals: list[Refusal] = []
        self._slugs: set[str] = set()
        self._next: dict[str, int] = {}  # per heading text, the next number to try: linear in repeats

    def walk(self, tokens: list[Token]) -> None:
        depth = line = 0
        for i, token in enumerate(tokens):
            kind = token.type
            if token.map is not None:
                line = token.map[0]
            if kind == "inline":
                parts: list[str] | None = [] if i and tokens[i - 1].type == "paragraph_open" else None
                self._inline(token.children or [], line, depth, parts)
                if parts:
                    text = " ".join("".join(parts).split())
                    if text:
                        self.paragraphs.append(text)
            elif kind in _BLOCK_DEPTH:
                depth += _BLOCK_DEPTH[kind]
                self._depth(depth, line)
            elif kind == "heading_open":
                level = int(token.tag[1])
                self.headings.append((level, line))
                if 2 <= level <= 4:
                    token.attrSet("id", self._slug(tokens[i + 1].children or []))

    def _inline(self, children: list[Token], line: int, depth: int, parts: list[str] | None) -> None:
        for child in children:
            kind = child.type
            if kind == "text":
                if parts is not None:
                    parts.append(child.content)
                if self.look_for_refused:
                    self.refused.extend((m.group(1), line) for m in _LINKISH.finditer(child.content)
                                        if not safe_link(m.group(1)))
            elif kind == "softbreak" or kind == "hardbreak":
                line += 1
                if parts is not None:
                    parts.append(" ")
            elif kind == "code_inline":
                if parts is not None:
                    parts.append(child.content)
            elif kind in _INLINE_DEPTH:
                depth += _INLINE_DEPTH[kind]
                if kind == "link_open":
                    self.links.append((str(child.attrs["href"]), "href", line))
                    self._depth(depth, line)
                elif child.nesting == 1:
                    self._depth(depth, line)
            elif kind == "image":  # its alt text is not walked: an image is refused anyway
                self.links.append((str(child.attrs["src"]), "src", line))

    def _depth(self, depth: int, line: int) -> None:
        if depth > MARKDOWN_DEPTH.value and not self.refusals:
            self.refusals.append(_too_deep(line))

    def _slug(self, children: list[Token]) -> str:
        text = "".join(c.content if c.type in ("text", "code_inline") else " " if c.type == "softbreak" else ""
                       for c in children)
        base = slug = slugify(text)
        number = self._next.get(base, 0)
        if number:
            slug = f"{base}-{number}"
        while slug in self._slugs:
            number += 1
            slug = f"{base}-{number}"
        self._next[base] = number + 1
        self._slugs.add(slug)
        return slug


_BLOCK_NAMES = {
    "heading_open": "een kop", "bullet_list_open": "een lijst", "ordered_list_open": "een genummerde lijst",
    "blockquote_open": "een citaat (>)", "table_open": "een tabel", "fence": "een codeblok",
    "code_block": "een codeblok", "hr": "een horizontale lijn", "footnote_block_open": "een voetnoot",
}


def _block_syntax(tokens: list[Token], env: dict, text: str) -> str | None:
    """What makes a field more than one paragraph, in Dutch; None when it is one (or empty)."""
    if env.get("references"):
        return "een verwijzingsdefinitie ('[naam]: adres')"
    if not tokens:
        return "een voetnoot" if text.strip() else None
    if len(tokens) == 3 and tokens[0].type == "paragraph_open":
        return None
    for token in tokens:
        if token.type in _BLOCK_NAMES:
            return _BLOCK_NAMES[token.type]
    return "een tweede alinea"


# --- limits, checked before parsing ------------------------------------------------------


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index)


def _too_deep(line: int) -> Refusal:
    return ("markdown_too_deep", line, 1, {"limit": MARKDOWN_DEPTH.value})


def _characters(text: str) -> list[Refusal]:
    """The first forbidden character on each line that has one."""
    found: list[Refusal] = []
    line = counted = 0
    index = forbidden_character(text)
    while index >= 0:
        line += text.count("\n", counted, index)
        start = text.rfind("\n", 0, index) + 1
        found.append(("control_character", line, index - start + 1, {"code": ord(text[index])}))
        end = text.find("\n", index)
        if end < 0:
            break
        counted = index
        index = forbidden_character(text, end)
    return found


def _past_a_limit(text: str) -> Refusal | None:
    """The first limit the text breaks, judged without parsing it; None when it keeps them all."""
    # The patterns that look at the start of a line begin with '\n' (the regex engine skips
    # to each one quickly, where '^' is tried at every character): they read "\n" + text,
    # in which a match's start is the index of its line's start in `text`.
    lined = "\n" + text
    return _containers(lined) or _open_marks(text) or _table(lined) or _references(lined)


# A line that opens more containers (> and list markers) than the limit; possessive and
# unambiguous, so a failing line costs one pass.
_CONTAINERS = re.compile(r"\n[ \t]*+(?:>[ \t]*+|(?:[-+*]|\d{1,9}[.)])(?:[ \t]++|$)){%d}" % (MARKDOWN_DEPTH.value + 1),
                         re.MULTILINE)
_RULE_LINE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1)*[ \t]*")  # '- - - -' is a horizontal rule


def _containers(lined: str) -> Refusal | None:
    for match in _CONTAINERS.finditer(lined):
        end = lined.find("\n", match.start() + 1)
        if not _RULE_LINE.fullmatch(lined, match.start() + 1, len(lined) if end < 0 else end):
            return _too_deep(_line_of(lined, match.start()))
    return None


# Two marks per level ('**'): a paragraph with fewer emphasis characters and brackets than
# that cannot be too deep, so only the others are scanned mark by mark.
_MARK_LIMIT = 2 * MARKDOWN_DEPTH.value
_PARAGRAPH_END = re.compile(r"\n[ \t]*+\n")
_MARK = re.compile(r"\\.|\*++|_++|~~+|[\[\]]", re.DOTALL)
_PUNCTUATION = frozenset(string.punctuation)


def _punctuation(char: str) -> bool:
    return char in _PUNCTUATION or (char > "\x7f" and unicodedata.category(char)[0] in "PS")


def _open_marks(text: str) -> Refusal | None:
    """Emphasis characters that can only open, and '[', count up; those that can only close,
    and ']', count down (CommonMark's flanking rules); each paragraph starts at nought. More
    open at once than two per allowed level is nesting past the limit."""
    if _marks(text, 0, len(text)) <= _MARK_LIMIT:
        return None
    start = 0
    for end in [*(m.start() for m in _PARAGRAPH_END.finditer(text)), len(text)]:
        if _marks(text, start, end) > _MARK_LIMIT:
            index = _deepest_mark(text, start, end)
            if index >= 0:
                return _too_deep(_line_of(text, index))
        start = end
    return None


def _marks(text: str, start: int, end: int) -> int:
    return text.count("*", start, end) + text.count("_", start, end) + text.count("~", start, end) \
        + text.count("[", start, end)


def _deepest_mark(text: str, start: int, end: int) -> int:
    """Where the marks open in text[start:end] first exceed the limit, or -1."""
    open_marks = 0
    for match in _MARK.finditer(text, start, end):
        mark = match.group()
        first = mark[0]
        if first == "[":
            open_marks += 1
        elif first == "]":
            open_marks = max(0, open_marks - 1)
        elif first != "\\":
            before = text[match.start() - 1] if match.start() else " "
            after = text[match.end()] if match.end() < len(text) else " "
            opens = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
            closes = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
            if opens and not closes:
                open_marks += len(mark)
            elif closes and not opens:
                open_marks = max(0, open_marks - len(mark))
        if open_marks > _MARK_LIMIT:
            return match.start()
    return -1


# A table's delimiter row: only '|', ':', '-' and spaces, with at least one '|' and '-'.
_DELIMITER_ROW = re.compile(r"\n[ \t]*+[|:-][ \t|:-]*+$", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*+(?:\n|\Z)")


def _table(lined: str) -> Refusal | None:
    """A table wider than TABLE_COLUMNS or larger than TABLE_CELLS: its columns are the cells of
    the delimiter row, its rows run to the next blank line (markdown-it fills short rows up)."""
    if "|" not in lined:  # a table needs one
        return None
    covered = 0
    for match in _DELIMITER_ROW.finditer(lined):
        row = match.group()
        if match.start() < covered or "|" not in row or "-" not in row:
            continue
        columns = len(row.strip().strip("|").split("|"))
        blank = _BLANK_LINE.search(lined, match.end())
        covered = len(lined) if blank is None else blank.start()
        rows = lined.count("\n", match.end(), covered) + 2  # the header, the delimiter row and the rest
        line = _line_of(lined, match.start())
        if columns > TABLE_COLUMNS.value:
            return ("table_too_wide", line, 1, {"count": columns, "limit": TABLE_COLUMNS.value})
        if columns * rows > TABLE_CELLS.value:
            return ("table_too_large", line, 1, {"count": columns * rows, "limit": TABLE_CELLS.value})
    return None


_DEFINITION = re.compile(r"\n {0,3}\[(?:[^\]\\\n]|\\.)+\]:")


def _references(lined: str) -> Refusal | None:
    if "]:" not in lined:
        return None
    for count, match in enumerate(_DEFINITION.finditer(lined), start=1):
        if count > REFERENCES.value:
            return ("too_many_references", _line_of(lined, match.start()), 1, {"limit": REFERENCES.value})
    return None
