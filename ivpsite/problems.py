"""Problems: the one place where every stage reports what is wrong with the content.

A stage never raises for bad content; it adds a Problem and carries on, so an editor sees
every mistake of a run at once. The CLI prints them, sorted, as `path:line:col: message`.

A warning (`warn`) is something that may be published but should not stay so, such as a
site.yaml that still names a placeholder publisher: `check` and `build` report it and carry
on, except with --strict (the publishing workflows), where a warning counts as a problem.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content folder, with forward slashes (see scope)
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    message: str  # Dutch: what is wrong and what is expected
    # 'content': `path` is inside the content folder; 'cwd': as given on the command line
    # (the content folder itself, the out folder, mkdocs.yml).
    scope: Literal["content", "cwd"] = field(default="content", compare=False)
    warning: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        said = f"waarschuwing: {self.message}" if self.warning else self.message
        return f"{self.path}:{self.line}:{self.col}: {said}"


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    strict: bool = False  # --strict: a warning is a problem

    def add(self, path: str, line: int, col: int, message: str,
            scope: Literal["content", "cwd"] = "content") -> None:
        self.items.append(Problem(_visible(path), line, col, _visible(message), scope))

    def warn(self, path: str, line: int, col: int, message: str) -> None:
        if self.strict:
            self.add(path, line, col, message)
        else:
            self.warnings.append(Problem(_visible(path), line, col, _visible(message), warning=True))

    def extend(self, other: Problems) -> None:
        """Take over what another collector found (a worker process reads with its own)."""
        self.items.extend(other.items)
        for warning in other.warnings:  # already made visible: taken as they are
            if self.strict:
                self.items.append(replace(warning, warning=False))
            else:
                self.warnings.append(warning)

    def about(self, path: str) -> bool:
        """Whether a problem was already reported for file `path` (one cause, one message:
        a file that could not be read is not reported again for what follows from it)."""
        return any(problem.path == path for problem in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


def _visible(text: str) -> str:
    """Control characters and line separators (quoted from the content) as escapes such as
    \\x0b, so every problem stays one line and nothing steers the editor's terminal; a byte
    of a file name that is not UTF-8 (kept by Python as a lone surrogate) as \\xe9."""
    return "".join(_escape(c) if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") else c for c in text)


def _escape(char: str) -> str:
    if 0xDC80 <= ord(char) <= 0xDCFF:
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


class working_on:  # noqa: N801 - used as a statement: `with working_on(path):`
    """Names the file or page a stage is working on in any unexpected error that passes
    through, so the command can still report an internal error as one line naming it."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> bool:
        if isinstance(error, Exception) and where(error) is None:
            error.add_note(_WHERE + self.what)
        return False


_WHERE = "ivpsite: bij "


def where(error: BaseException) -> str | None:
    """The innermost place `working_on` recorded on `error`, if any."""
    return next((n.removeprefix(_WHERE) for n in getattr(error, "__notes__", ()) if n.startswith(_WHERE)), None)
