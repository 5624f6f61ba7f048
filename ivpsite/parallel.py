"""Work spread over the machine's cores, the same way on Windows, macOS and Linux.

A worker is a fresh interpreter that runs `serve_stdio` (`python -m ivpsite.parallel` does
the same): no `fork`, and no re-import of whatever script started ivpsite (as
`multiprocessing`'s spawn does, which runs an unguarded script again in every worker). It reads (function, chunk) pairs from its
standard input and writes each chunk's results to its standard output, both pickled; the
two ends are this module on both sides, the same installation.

The calling process works too: it takes chunks from the back of the queue while each worker
takes them from the front. So a worker that is slow to start (an interpreter and its
imports) holds the build up by at most the one chunk it took, and a worker that fails in
any way only costs time: every chunk it did not return is done in the caller, where an
error in the work itself is raised as usual. Results come back in the order of the items,
so the output does not depend on which process did what.
"""

from __future__ import annotations

import collections
import importlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from .processes import own_group

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNKS_PER_PROCESS = 8  # small enough that the caller and the workers end close together
# Below this much text (characters of Markdown or of a plan's passages) a worker costs more
# than it saves: an interpreter and its imports, against doing the work in the caller.
TEXT_WORTH_A_WORKER = 4_000_000
# A worker looks for ivpsite where the caller found it, after its own path (never before the
# standard library, as PYTHONPATH would put it).
_WORKER = ("import sys; sys.path.append({root!r}); "
           "from ivpsite.parallel import serve_stdio; serve_stdio()").format(
               root=str(Path(__file__).resolve().parent.parent))


def cores() -> int:
    """The cores this process may use (the affinity mask where the platform has one)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    affinity = getattr(os, "sched_getaffinity", None)  # Linux
    if affinity is not None:
        try:
            return len(affinity(0)) or 1
        except OSError:
            pass
    return os.cpu_count() or 1


def spread(function: Callable[[list[Item]], list[Result]], items: Sequence[Item], worth_it: bool) -> list[Result]:
    """`function` over chunks of `items`, concatenated in order. `function` is a
    module-level function (a worker imports it by name) that maps a chunk to one result per
    item. With one core, or when the job is too small to be `worth_it`, it all runs here."""
    workers = min(cores() - 1, len(items) - 1)
    if not worth_it or workers < 1:
        return function(list(items))
    size = -(-len(items) // min(len(items), (workers + 1) * CHUNKS_PER_PROCESS))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    results: list[list[Result] | None] = [None] * len(chunks)
    queue = collections.deque(range(len(chunks)))
    lock = threading.Lock()

    def take(front: bool) -> int | None:
        with lock:
            return (queue.popleft() if front else queue.pop()) if queue else None

    # Started here, in the calling thread: no fork from a thread while another one runs, and
    # on Linux the parent-death signal is tied to the thread that started the child.
    started = [worker for worker in (_start() for _ in range(workers)) if worker is not None]
    feeders = [threading.Thread(target=_feed, args=(worker, function, chunks, results, take), daemon=True)
               for worker in started]
    for feeder in feeders:
        feeder.start()
    try:
        while (i := take(front=False)) is not None:
            results[i] = function(chunks[i])
    except BaseException:  # an error in the work, Ctrl-C: the workers stop now, not at exit
        for worker in started:
            worker.kill()
        raise
    for feeder in feeders:
        feeder.join()
    for i, result in enumerate(results):  # what a failed worker took and did not return
        if result is None:
            results[i] = function(chunks[i])
    return [result for chunk in results for result in chunk or []]


def _start() -> subprocess.Popen[bytes] | None:
    """A worker process, or None when none can be started (the caller then does the work)."""
    try:
        return subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **own_group())
    except OSError:
        return None


def _feed(worker: subprocess.Popen[bytes], function: Callable[[list[Any]], list[Any]], chunks: list[list[Any]],
          results: list[list[Any] | None], take: Callable[[bool], int | None]) -> None:
    """Runs in a thread of the caller: one worker process, fed chunk by chunk."""
    assert worker.stdin is not None and worker.stdout is not None
    name = (function.__module__, function.__qualname__)
    try:
        while (i := take(True)) is not None:
            pickle.dump((name, chunks[i]), worker.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            worker.stdin.flush()
            ok, value = pickle.load(worker.stdout)
            if not ok:
                return
            results[i] = value
    except (OSError, EOFError, pickle.PickleError):
        return
    finally:
        _stop(worker)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    try:
        if worker.stdin is not None:
            worker.stdin.close()  # end of input: the worker exits
        worker.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        worker.kill()
        worker.wait()


def _serve(source: BinaryIO, sink: BinaryIO) -> None:
    """The worker's side: (function, chunk) in, (True, results) or (False, None) out."""
    while True:
        try:
            (module, name), chunk = pickle.load(source)
        except EOFError:
            return
        try:
            value: tuple[bool, Any] = (True, getattr(importlib.import_module(module), name)(chunk))
        except Exception:  # the caller does this chunk again itself and sees the error there
            value = (False, None)
        pickle.dump(value, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


def serve_stdio() -> None:
    """A worker process's main: chunks on standard input, results on standard output."""
    results = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever the work prints must not end up in the results
    _serve(sys.stdin.buffer, results)


if __name__ == "__main__":
    serve_stdio()
