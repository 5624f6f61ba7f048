"""Stage 6, publish: write the rendered site into a staging folder beside the out folder,
then swap it in with renames. A build that fails or is stopped before the swap leaves the
previous site exactly as it was; a lock keeps two builds from writing at once.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Busy(Exception):
    """Another build holds the lock for this out folder."""


@contextmanager
def locked(out: Path) -> Iterator[None]:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise Busy(str(out)) from error
        _recover(out)
        yield


def _recover(out: Path) -> None:
    # A build killed between the two renames of the swap leaves only the old site aside.
    old = out.parent / f".{out.name}.old"
    if old.exists() and not out.exists():
        old.rename(out)


def publish(files: dict[str, bytes], static: Path, out: Path) -> None:
    """Write `files` (site-relative path -> bytes) and the theme's static files, then swap."""
    staging = out.parent / f".{out.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    if static.is_dir():
        shutil.copytree(static, staging, dirs_exist_ok=True)
    for rel, data in sorted(files.items()):
        target = (staging / rel).resolve()
        if not target.is_relative_to(staging.resolve()):
            raise ValueError(f"weigert te schrijven buiten de uitvoermap: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    swap(staging, out)


def swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.rename(out, old)
    os.rename(staging, out)
    if old.exists():
        shutil.rmtree(old)
