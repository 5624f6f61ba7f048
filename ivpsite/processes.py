"""Child processes that stop with ivpsite: the Pagefind indexer of a build and of the preview.

A child gets its own process group (session on POSIX, process group on Windows), so a
Ctrl-C in the terminal reaches only ivpsite, which then stops the child itself (the
`subprocess` call kills it on the way out) and cleans up in order. On Linux the child is
also told to die with its parent (PR_SET_PDEATHSIG), so not even `kill -9` of ivpsite
leaves an indexer running; elsewhere such an orphan can only write into its own staging
folder, which the next build removes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1


def own_group() -> dict[str, Any]:
    """Keyword arguments for subprocess.run/Popen: the child in its own group, and on Linux
    bound to the life of this process."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    options: dict[str, Any] = {"start_new_session": True}
    die = _die_with_parent()
    if die is not None:
        options["preexec_fn"] = die
    return options


def _die_with_parent() -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arm() -> None:  # runs in the child between fork and exec
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return arm
