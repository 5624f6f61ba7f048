"""Problems in the three forms an editor meets them: text in a terminal, annotations on the
changed lines of a GitHub pull request, and a GitLab Code Quality report that the merge
request widget shows (`ivpsite check --format text|github|gitlab`).

Paths in the annotations and the report are relative to the repository root (the nearest
folder above the content that holds `.git`, else the current folder), because that is how
both hosts name a file in a change. A problem about a whole file (line 0) is put on its
first line there: neither host has a place for "the whole file".
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import messages
from .problems import Problem

FORMATS = ("text", "github", "gitlab")


def text(problems: list[Problem]) -> str:
    """`path:line:col: message` per problem, each followed by where the handbook explains it."""
    lines = []
    for problem in problems:
        lines.append(str(problem))
        key = messages.key_of(problem.message)
        if key is not None:
            lines.append(f"  uitleg: {messages.explained(key)}")
    return "".join(line + "\n" for line in lines)


def github(problems: list[Problem], content: Path) -> str:
    """One `::error` (or `::warning`) workflow command per problem (GitHub shows it on the
    changed line)."""
    root = repository_root(content)
    lines = []
    for problem in problems:
        key = messages.key_of(problem.message)
        props = {"file": repository_path(problem, content, root), "line": str(max(problem.line, 1))}
        if problem.col > 0:
            props["col"] = str(problem.col)
        props["title"] = f"ivpsite: {key}" if key else "ivpsite"
        body = problem.message + (f"\nuitleg: {messages.explained(key)}" if key else "")
        fields = ",".join(f"{name}={_escape_property(value)}" for name, value in props.items())
        lines.append(f"::{'warning' if problem.warning else 'error'} {fields}::{_escape_data(body)}")
    return "".join(line + "\n" for line in lines)


def gitlab(problems: list[Problem], content: Path) -> str:
    """A Code Quality report: a JSON list of issues (GitLab's subset of the Code Climate format)."""
    root = repository_root(content)
    issues = []
    for problem in problems:
        key = messages.key_of(problem.message)
        path = repository_path(problem, content, root)
        line = max(problem.line, 1)
        identity = f"{path}\0{problem.line}\0{problem.col}\0{problem.message}"
        issues.append({
            "description": problem.message,
            "check_name": key or "ivpsite",
            "fingerprint": hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest(),
            "severity": "minor" if problem.warning else "blocker",  # a problem stops the publication
            "location": {"path": path, "lines": {"begin": line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def format_problems(kind: str, problems: list[Problem], content: Path) -> str:
    if kind == "github":
        return github(problems, content)
    if kind == "gitlab":
        return gitlab(problems, content)
    return text(problems)


def repository_root(content: Path) -> Path:
    here = content.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd().resolve()


def repository_path(problem: Problem, content: Path, root: Path) -> str:
    """The problem's file relative to the repository root, with forward slashes."""
    base = content if problem.scope == "content" else Path.cwd()
    full = Path(os.path.abspath(base / problem.path))
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        try:
            return Path(os.path.relpath(full, root)).as_posix()
        except ValueError:  # another drive (Windows)
            return full.as_posix()


# GitHub's workflow-command escaping: data (the message) escapes %, CR and LF; a property
# value (file, title) also ':' and ','.
def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
