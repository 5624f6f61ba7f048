"""Stage 6, publish: write the rendered site into a staging folder beside the out folder,
then swap it in with renames. A build that fails or is stopped before the swap leaves the
previous site exactly as it was; a lock keeps two builds from writing at once.

The folder a build replaces is the real one: when `--out` is a symbolic link (a deploy
layout such as `live -> releases/2024-05`), the build is staged beside the link's target and
swapped into its place, so the link keeps pointing at a complete site and the lock guards
the target whatever name it is reached by. ivpsite recognises its own output by the MARKER
file it writes into every build, and refuses to replace a folder without it.
"""

from __future__ import annotations

import ctypes
import os
import posixpath
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from . import messages

MARKER = ".ivpsite"  # every build carries it; only a folder holding it is ever replaced
MARKER_TEXT = ("Deze map is gebouwd door ivpsite en wordt bij elke build in haar geheel vervangen.\n"
               "Zet hier niets anders in.\n").encode("utf-8")


class Busy(Exception):
    """Another build holds the lock for this out folder."""


class InterruptedAfterSwap(KeyboardInterrupt):
    """Stopped after the new site was swapped in: the new site is live."""


def target(out: Path) -> Path:
    """The folder a build into `out` replaces: `out`, or the folder a symbolic link `out`
    points to. Only called after `unsafe_out` accepted `out`."""
    return out.resolve() if out.is_symlink() else out


def _lock_file(real: Path) -> Path:
    return real.parent / f".{real.name}.lock"


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock of the real out folder for one build; Busy when another build has it.
    A lock file, not a lock on a name: filelock uses flock on POSIX and msvcrt on Windows,
    and the system releases it when the process dies, however it dies."""
    real = target(out)
    real.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(_lock_file(real), timeout=0)
    try:
        lock.acquire()
    except Timeout as error:
        raise Busy(str(out)) from error
    try:
        _recover(real)
        _clear_leftovers(real)
        yield
    finally:
        lock.release()


def _recover(out: Path) -> None:
    # A build killed between the two renames of the swap leaves only the old site aside.
    old = _old(out)
    if old.is_dir() and not old.is_symlink() and not os.path.lexists(out):
        old.rename(out)


def _old(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def _clear_leftovers(out: Path) -> None:
    """Remove what killed builds left beside the out folder (staging folders, the old site):
    under the lock nothing else is writing them, and whatever they are (a folder, a file, a
    link) they never block this build."""
    prefix = f".{out.name}."
    for item in out.parent.iterdir():
        if item.name.startswith(prefix + "staging") or item.name == _old(out).name:
            _remove(item)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        # A stale staging folder may still be written by an indexer of a killed build on a
        # system without a parent-death signal; what cannot be removed now goes next time.
        shutil.rmtree(path, ignore_errors=True)


def publish(files: dict[str, bytes], static: Path | dict[str, Path], out: Path,
            finish: Callable[[Path], object] | None = None) -> None:
    """Write `files` (site-relative path -> bytes), the theme's static files and the marker,
    then swap.

    `static` is a folder, or site-relative paths -> source files (the theme's, with a site's
    own overrides). `finish` runs on the complete staging folder before the swap (the search
    index is written there); if it raises, nothing is swapped and the previous site stays.
    A stop after the swap raises InterruptedAfterSwap: the new site is live by then."""
    out.parent.mkdir(parents=True, exist_ok=True)
    # A fresh name for every build: an indexer orphaned by a killed build can only ever write
    # into its own staging folder, never into this one.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        _copy_static(static, staging)
        _write_all(staging, files | {MARKER: MARKER_TEXT})
        if finish is not None:
            finish(staging)
    except BaseException:  # a full disk, Ctrl-C, an error: drop the half-written staging folder
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = swap_in(staging, out)
    try:
        _remove(previous)
    except KeyboardInterrupt as stop:
        raise InterruptedAfterSwap from stop


def _copy_static(static: Path | dict[str, Path], staging: Path) -> None:
    if isinstance(static, Path):
        if static.is_dir():
            shutil.copytree(static, staging, dirs_exist_ok=True)
        return
    for rel, source in sorted(static.items()):
        dest = staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)


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
    """Put `staging` in the place of `out` and remove the previous `out`."""
    _remove(swap_in(staging, out))


def swap_in(staging: Path, out: Path) -> Path:
    """Put `staging` in the place of `out`; the path that now holds the previous `out` (to be
    removed). Where the system can, both are exchanged in one atomic step (Linux's renameat2
    RENAME_EXCHANGE), so there is no moment without a complete `out`, not even for a build
    killed mid-swap; elsewhere two renames, with _recover repairing a kill between them."""
    if out.is_dir() and not out.is_symlink() and _exchange(staging, out):
        return staging  # now holds the previous site
    old = _old(out)
    _remove(old)
    if os.path.lexists(out):
        os.replace(out, old)
    os.replace(staging, out)
    return old


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
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
    current folder, or be a folder of other files. A symbolic link is followed to the
    folder it names; a link that leads nowhere or in a circle is refused."""
    if out.is_symlink():
        try:
            real = out.resolve(strict=True)
        except (OSError, RuntimeError):  # a dangling link, or a loop
            return messages.text("out_link_broken")
    else:
        real = out.resolve()
    content_r, here = content.resolve(), Path.cwd().resolve()
    if real == content_r or real in content_r.parents or content_r in real.parents:
        return messages.text("out_is_content")
    if real == here or real in here.parents or real.parent == real:
        return messages.text("out_is_here")
    if real.exists() and not real.is_dir():
        return messages.text("out_not_folder")
    if real.is_dir() and not (real / MARKER).is_file() and any(real.iterdir()):
        return messages.text("out_other_files", marker=MARKER)
    return None
