"""Stage 6, publish: write the rendered site into a staging folder beside the out folder,
then swap it in with renames. A build that fails or is stopped before the swap leaves the
previous site exactly as it was; a lock keeps two builds from writing at once.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import posixpath
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from . import messages


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


def publish(files: dict[str, bytes], static: Path, out: Path,
            finish: Callable[[Path], object] | None = None) -> None:
    """Write `files` (site-relative path -> bytes) and the theme's static files, then swap.

    `finish` runs on the complete staging folder before the swap (the search index is
    written there); if it raises, nothing is swapped and the previous site stays."""
    staging = out.parent / f".{out.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        if static.is_dir():
            shutil.copytree(static, staging, dirs_exist_ok=True)
        _write_all(staging, files)
        if finish is not None:
            finish(staging)
    except BaseException:  # a full disk, Ctrl-C, an error: drop the half-written staging folder
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, out)


def _write_all(staging: Path, files: dict[str, bytes]) -> None:
    targets = []
    for rel in sorted(files):
        # A lexical check is exact here: staging is new and holds no symlinks (copytree
        # copies what links point to), so only '..' or a leading '/' could leave it.
        normal = posixpath.normpath(rel)
        if normal.startswith(("../", "/")) or normal in ("..", "."):
            raise ValueError(messages.text("write_outside_out", path=rel))
        targets.append((normal, files[rel]))
    for folder in sorted({posixpath.dirname(normal) for normal, _ in targets}):
        (staging / folder).mkdir(parents=True, exist_ok=True)
    # Creating tens of thousands of small files is mostly the kernel's work, done while the
    # GIL is released: a few threads keep both cores busy (the write stage about halves).
    pool = ThreadPoolExecutor(max_workers=4)
    try:
        for _ in pool.map(lambda item: (staging / item[0]).write_bytes(item[1]), targets):
            pass  # the first failed write (a full disk) raises here
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on Ctrl-C or an error, write no more


def swap(staging: Path, out: Path) -> None:
    """Put `staging` in the place of `out`. Where the system can, both are exchanged in one
    atomic step (renameat2 RENAME_EXCHANGE), so there is no moment without a complete
    `out`, not even for a build killed mid-swap; elsewhere two renames, with _recover
    repairing a kill between them."""
    if out.is_dir() and _exchange(staging, out):
        shutil.rmtree(staging)  # now holds the previous site
        return
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.rename(out, old)
    os.rename(staging, out)
    if old.exists():
        shutil.rmtree(old)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where that is unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def unsafe_out(out: Path, content: Path) -> str | None:
    """Why `out` must not be replaced by a build (Dutch), or None when it is safe. The swap
    replaces the whole folder, so it must never be the content, hold the content or the
    current folder, or be a folder of other files."""
    out_r, content_r, here = out.resolve(), content.resolve(), Path.cwd().resolve()
    if out_r == content_r or out_r in content_r.parents or content_r in out_r.parents:
        return messages.text("out_is_content")
    if out_r == here or out_r in here.parents or out_r.parent == out_r:
        return messages.text("out_is_here")
    if out.exists() and not out.is_dir():
        return messages.text("out_not_folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        return messages.text("out_other_files")
    return None
