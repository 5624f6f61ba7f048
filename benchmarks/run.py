"""The benchmark of issue 16: ivpsite against Material for MkDocs at every size in paired runs,
the national build with indicators and its no-op rebuild, where the time goes, the peak
memory of every process of a build, and what a browser pays (benchmarks/web.py); every target
of the issue on one line with its verdict.

    python benchmarks/run.py                                   # repo:5,20:5,100:3,342:1
    python benchmarks/run.py --sizes repo:1,20:1 --skip-web    # a quick look
    python benchmarks/run.py --results benchmarks/RESULTS.md   # the committed report

A size is `repo` (this repository's content/) or a number of synthetic organisations, with
the number of ivpsite/Material pairs after the colon. The report is printed and written to
RESULTS.md in the working folder (--work; by default a new temporary folder, of which only
RESULTS.md is kept), or to --results. Nothing here asserts a time;
tests/test_benchmark_smoke.py only checks that it runs and that the report is complete.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import functools
import gzip
import http.client
import inspect
import json
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

DEFAULT_SIZES = "repo:5,20:5,100:3,342:1"
NATIONAL = 342  # the size the build, no-op and memory targets are set for
# issue 16's targets
TARGET_VS_MATERIAL = {"repo": 1.5, 20: 3.0, 100: 5.0, NATIONAL: 8.0}
TARGET_FULL_S = 30.0  # full build with indicators at 342, on a 2-core machine
TARGET_NOOP_S = 5.0
TARGET_MEMORY_MB = 1024.0
TARGET_SEARCH_KB = {"repo": 100.0, "national": 150.0}
# issue 8's targets, still measured
TARGET_SERVE_S = 1.0
TARGET_TEXT_PAGE_KB = 30.0

SECTIONS_GLOB = "*/*/[0-9][0-9]-*.md"
SAMPLE_S = 0.1  # memory sampling interval

WHAT = """\
- **ivpsite** (paired runs): `python -m ivpsite build`, one whole process, wall time from start
  to exit: interpreter start-up, imports, reading and checking all content, the site model,
  every page it writes (plans, sections, organisations, topics, comparison, search page, open
  data, feeds; at the synthetic sizes the corpus has no indicators, so Material and ivpsite
  get the same section Markdown), writing, the Pagefind index and the swap. The out folder is
  absent before each run, and so is anything an earlier build left outside it.
- **Material** (paired runs): `python -m mkdocs build` with `theme: material`, `language: nl`,
  `navigation.prune` and the search plugin on, over the same section files (and one index
  page), one whole process, wall time; the site folder is absent before each run.
- **ratio**: Material's time divided by ivpsite's within each pair (ivpsite ran first, then
  Material), then the median of those ratios.
- **time the target allows (Material ÷ factor)**: Material's median time divided by the
  target's factor: about how long ivpsite's build may take at that size for the target to be
  met (the target itself is judged on the per-pair ratios above). Set beside the floor, it
  shows whether even that much work (one core) fits.
- **floor** (reference, not a target): one process, wall time from start to exit, that reads
  each section file, takes its title from the front matter (PyYAML), turns the body into HTML
  with the build's own calls (`ivpsite.markdown.parse`, then `ivpsite.markdown.render` with a
  link rewriter), fills one Jinja template (autoescape) and writes `index.html`: no other
  pages, no search index. It runs after each pair.
- **full build with indicators**: `python -m ivpsite build` on the national corpus with twenty
  indicators per plan (charts, open data), whole process, wall time, out folder absent.
- **no-op rebuild**: the same command again right after, nothing changed.
- **peak memory**: every process of the full build's process tree, sampled every 100 ms while
  it runs: Linux's `/proc/PID/status` VmHWM (the kernel's high-water mark of that process's
  resident memory, from its start or its last exec), elsewhere `psutil` (Windows' peak
  working set; otherwise the largest resident size sampled). Each kind of process (ivpsite's
  main process, Python workers it starts, Pagefind) is reported on its own: the largest of
  its kind in a run, median over the runs. The sampling runs during the timed full builds.
- **stages**: a separate process imports `ivpsite.build` (timed as imports) and runs
  `build.build` with every function that `build.py` calls (and that `render` calls) wrapped in
  a timer; times are exclusive (`publish` without the `index` it calls). Interpreter start-up
  is `python -c pass`.
- **other work's share**: during each measured run, the machine's busy CPU time (Linux
  `/proc/stat`) less the CPU time of this benchmark and its processes, as a share of all
  cores: how much other work on the machine competed with the run.
"""


# --- helpers ------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_s(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def runs_s(values: list[float]) -> str:
    return ", ".join(fmt_s(v) for v in values)


def progress(text: str) -> None:
    print(f"run.py: {text}", file=sys.stderr, flush=True)


WORK_DIR: Path | None = None  # printed as WORK, so that no machine path enters the report


def shown_path(text: str) -> str:
    if WORK_DIR is not None:
        text = text.replace(str(WORK_DIR), "WORK")
    return text.replace(str(ROOT) + os.sep, "").replace(str(ROOT), ".")


def show(cmd: list) -> str:
    """A command line as the report prints it: `python` for this interpreter, no machine paths."""
    return shlex.join("python" if str(c) == PY else shown_path(str(c)) for c in cmd)


def usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def shares(values: list[float | None]) -> str:
    """Other work's share of the machine's CPU during each run, as percentages."""
    return ", ".join("?" if v is None else f"{v:.0%}" for v in values) or "–"


def machine() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    model = platform.processor() or "unknown"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = []
    for name in ("ivpsite", "mkdocs", "mkdocs-material", "markdown-it-py", "mdit-py-plugins", "Jinja2", "PyYAML", "pagefind", "plotly", "psutil"):
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return [f"- CPU: {model}; cores (os.cpu_count): {os.cpu_count()}; usable by this process: {usable_cpus()}",
            f"- OS: {platform.system()} {platform.release()}; Python {platform.python_version()}; {', '.join(versions)}",
            f"- Markdown in ivpsite.markdown at run time (the floor uses the same calls): {markdown_libraries()}",
            f"- Load average at start: {load_average()} (other work on the machine makes absolute figures noisy)"]


def markdown_libraries() -> str:
    """The installed distributions that ivpsite.markdown imports (read off its source)."""
    from importlib.metadata import packages_distributions, version

    sys.path.insert(0, str(ROOT))
    from ivpsite import markdown

    roots = set()
    for node in ast.walk(ast.parse(inspect.getsource(markdown))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    dists = packages_distributions()
    names = sorted({dist for root in roots for dist in dists.get(root, [])})
    return ", ".join(f"{name} {version(name)}" for name in names) or "none found"


# --- running a command, with the memory of its process tree ---------------------------------


def _proc_children() -> dict[int, list[int]] | None:
    """Parent -> children of every process, from /proc (Linux); None without /proc."""
    if not Path("/proc/self/stat").exists():
        return None
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    ppid = int(stat.read().rpartition(b")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(entry.name))
    return children


def _proc_sample(pid: int) -> tuple[str, int] | None:
    """(name, VmHWM in KB) of a live process; None once it has gone (or is a zombie)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    name = re.search(r"^Name:\s*(.*)$", status, re.M)
    peak = re.search(r"^VmHWM:\s*(\d+) kB", status, re.M)
    return (name.group(1), int(peak.group(1))) if name and peak else None


class TreeSampler:
    """The peak memory of every process in the tree under `root` while it runs, from a thread.
    A process that execs another program is counted as that program from then on (a child
    between fork and exec still shows its parent's memory)."""

    def __init__(self, root: int) -> None:
        self.root, self.seen = root, {}  # pid -> [name, peak KB]
        self.method = "/proc VmHWM" if _proc_children() is not None else "psutil" if _has_psutil() else ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        if self.method:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(SAMPLE_S):
                return

    def sample(self) -> None:
        for pid, name, kb in (self._proc() if self.method == "/proc VmHWM" else self._psutil()):
            known = self.seen.get(pid)
            if known is None or known[0] != name:  # new, or exec'd into another program
                self.seen[pid] = [name, kb]
            else:
                known[1] = max(known[1], kb)

    def _proc(self) -> list[tuple[int, str, int]]:
        children, found, todo = _proc_children() or {}, [], [self.root]
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            sample = _proc_sample(pid)
            if sample:
                found.append((pid, *sample))
        return found

    def _psutil(self) -> list[tuple[int, str, int]]:
        import psutil

        found = []
        try:
            root = psutil.Process(self.root)
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return found
        for process in processes:
            try:
                info = process.memory_info()
                found.append((process.pid, process.name(), getattr(info, "peak_wset", info.rss) // 1024))
            except psutil.Error:
                continue
        return found

    def peaks(self) -> dict[str, dict]:
        """Kind of process -> {'mb': the largest peak of that kind, 'count': processes seen}."""
        kinds: dict[str, dict] = {}
        for pid, (name, kb) in self.seen.items():
            kind = process_kind(pid == self.root, name)
            entry = kinds.setdefault(kind, {"mb": 0.0, "count": 0})
            entry["mb"] = max(entry["mb"], kb / 1024)
            entry["count"] += 1
        return kinds


def _has_psutil() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


KINDS = ("ivpsite (main process)", "ivpsite workers (Python)", "Pagefind")


def process_kind(root: bool, name: str) -> str:
    low = name.lower()
    if root:
        return KINDS[0]
    if "pagefind" in low:
        return KINDS[2]
    if low.startswith("python") or low == Path(PY).name.lower():
        return KINDS[1]
    return f"other ({name})"


def _busy_s() -> float | None:
    """CPU seconds the whole machine has been busy (Linux /proc/stat), or None."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_s() -> float:
    """CPU seconds of this process and of every descendant it (or they) waited for."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Timed:
    seconds: float
    peaks: dict | None  # kind of process -> peak memory (with `sample`)
    out: str
    other: float | None  # share of the machine's CPU that other work used meanwhile (Linux)


def timed(cmd: list, cwd: Path = ROOT, sample: bool = False) -> Timed:
    """Run a command to its end: wall seconds, the peaks of its process tree (with `sample`),
    its stdout and how busy other work kept the machine. Raises SystemExit when it fails."""
    busy, own = _busy_s(), _own_s()
    start = time.perf_counter()
    process = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(process.pid) if sample else None
    if sampler:
        with sampler:
            out, err = process.communicate()
    else:
        out, err = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"run.py: command failed ({process.returncode}): {show(cmd)}\n{out[-2000:]}\n{err[-4000:]}")
    after = _busy_s()
    other = None if busy is None or after is None else \
        max(0.0, (after - busy) - (_own_s() - own)) / (elapsed * (os.cpu_count() or 1))
    return Timed(elapsed, sampler.peaks() if sampler and sampler.method else None, out, other)


# --- corpora and the two builders -------------------------------------------------------------


@dataclass
class Size:
    key: str | int  # "repo" or a number of synthetic organisations
    pairs: int

    @property
    def name(self) -> str:
        return "this repository's content" if self.key == "repo" else f"{self.key} organisations"

    @property
    def short(self) -> str:
        return "repo" if self.key == "repo" else f"N = {self.key}"


def parse_sizes(text: str) -> list[Size]:
    sizes = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, _, pairs = part.partition(":")
        if key != "repo" and not key.isdigit() or (pairs and not pairs.isdigit()):
            raise SystemExit(f"run.py: --sizes: '{part}' is not 'repo' or a number, with ':pairs' after it")
        sizes.append(Size("repo" if key == "repo" else int(key), max(1, int(pairs or 1))))
    return sizes


@dataclass
class Corpus:
    content: Path
    folder: Path  # holds content/, ivpsite/ (its out folder), mkdocs/, floor/
    baseline: set[str] = field(default_factory=set)  # what is there before any build
    leftovers: set[str] = field(default_factory=set)  # what builds left outside their out folder

    @property
    def out(self) -> Path:
        return self.folder / "ivpsite" / "site"

    def sections(self) -> list[Path]:
        return sorted(self.content.glob(SECTIONS_GLOB))

    def snapshot(self) -> set[str]:
        inside = {p.relative_to(self.folder).as_posix() for p in self.content.rglob("*")}
        beside = {p.relative_to(self.folder).as_posix() for p in self.out.parent.iterdir()} if self.out.parent.is_dir() else set()
        return inside | beside

    def left(self) -> set[str]:
        """What builds wrote outside the out folder (the lock file aside)."""
        out = self.out.relative_to(self.folder).as_posix()
        return {rel for rel in self.snapshot() - self.baseline if rel != out and not rel.endswith(".lock")}

    def cold(self) -> None:
        """Remove the out folder and whatever a build left outside it (a cache, say), so the
        next build starts from nothing; remember what that was."""
        shutil.rmtree(self.out, ignore_errors=True)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if not self.baseline:
            self.baseline = self.snapshot()
            return
        left = self.left()
        self.leftovers |= left
        for rel in sorted(left, reverse=True):
            path = self.folder / rel
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def make_corpus(size: Size | str, folder: Path, indicators: bool = False) -> Corpus:
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    if size == "repo" or getattr(size, "key", None) == "repo":
        shutil.copytree(ROOT / "content", content)
    else:
        n = size.key if isinstance(size, Size) else int(size)
        timed([PY, HERE / "generate.py", "--organisations", n, "--out", content, *([] if indicators else ["--no-indicators"])])
    return Corpus(content, folder)


def ivpsite_cmd(corpus: Corpus) -> list:
    return [PY, "-m", "ivpsite", "build", "--content", corpus.content, "--out", corpus.out]


def ivpsite_build(corpus: Corpus, sample: bool = False) -> Timed:
    corpus.cold()
    return timed(ivpsite_cmd(corpus), sample=sample)


def material_project(corpus: Corpus) -> Path:
    """A Material for MkDocs project over the corpus's section files; its mkdocs.yml."""
    project = corpus.folder / "mkdocs"
    docs = project / "docs"
    for path in corpus.sections():
        target = docs / path.relative_to(corpus.content)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (docs / "index.md").write_text("# Integrale veiligheidsplannen\n\nDe secties van alle plannen.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text("site_name: Integrale veiligheidsplannen\n"
                      "theme:\n  name: material\n  language: nl\n  features:\n    - navigation.prune\n"
                      "plugins:\n  - search\n", encoding="utf-8")
    return config


def material_cmd(config: Path) -> list:
    return [PY, "-m", "mkdocs", "build", "-q", "-f", config, "-d", config.parent / "site"]


def material_build(config: Path) -> Timed:
    shutil.rmtree(config.parent / "site", ignore_errors=True)
    return timed(material_cmd(config), cwd=config.parent)


def html_pages(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*.html") if "pagefind" not in p.parts)


# --- the floor: read -> the build's Markdown calls -> one Jinja template -> write --------------

FLOOR_TEMPLATE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body><header><a href="/">Home</a></header><main><h1>{{ title }}</h1>{{ body }}</main></body></html>
"""


def floor_cmd(corpus: Corpus) -> list:
    return [PY, __file__, "--floor-worker", corpus.content, corpus.folder / "floor" / "site"]


def floor_worker(content: Path, out: Path) -> dict:
    """The floor loop in this process (its time from start to exit is measured outside)."""
    start = time.perf_counter()
    import yaml
    from jinja2 import Environment
    from markupsafe import Markup

    sys.path.insert(0, str(ROOT))
    from ivpsite import markdown

    if not (callable(getattr(markdown, "parse", None)) and callable(getattr(markdown, "render", None))):
        raise SystemExit("run.py: ivpsite.markdown has no parse() and render() any more: "
                         "make the floor call what the build calls now")
    imported = time.perf_counter()
    template = Environment(autoescape=True).from_string(FLOOR_TEMPLATE)
    count = 0
    for path in sorted(content.glob(SECTIONS_GLOB)):
        rel = path.relative_to(content).as_posix()
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)

        def rewrite(target: str, rel: str = rel) -> str:  # a section link -> the floor's address
            if "://" in target or target.startswith(("#", "mailto:", "tel:")):
                return target
            path_, _, fragment = (markdown.resolve(rel, target) or "").partition("#")
            return "/" + path_.removesuffix(".md") + "/" + (f"#{fragment}" if fragment else "")

        html = template.render(title=yaml.safe_load(front)["title"],
                               body=Markup(markdown.render(markdown.parse(body), rewrite)))
        page = out / rel.removesuffix(".md") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
        count += 1
    return {"pages": count, "imports": imported - start, "loop": time.perf_counter() - imported}


def floor_run(corpus: Corpus) -> tuple[float, dict]:
    shutil.rmtree(corpus.folder / "floor", ignore_errors=True)
    done = timed(floor_cmd(corpus))
    return done.seconds, json.loads(done.out.strip().splitlines()[-1])


# --- stages: build.build in one process, what build.py calls wrapped in timers ---------------

STAGE_ORDER = ("load", "validate", "model", "render: pages", "render: feeds", "render: opendata", "render",
               "publish", "index", "check")
STAGE_LABELS = {"load": "load (read files, YAML)", "validate": "validate", "model": "model",
                "render": "render (the rest of render())", "render: pages": "render: pages (Jinja)",
                "render: feeds": "render: feeds", "render: opendata": "render: open data",
                "publish": "publish (write files, swap; without index)", "index": "index (Pagefind)",
                "check": "check (the rest of check(): theme)"}


def _stage_of(module: str, name: str) -> str:
    if module.startswith("ivpsite.render.") and module != "ivpsite.render.theme":
        return f"render: {module.rsplit('.', 1)[1]}"
    if module.startswith("ivpsite.model") or name in ("model", "assemble", "chrome_of"):
        return "model"
    if name in ("load", "validate", "render", "publish", "index", "check"):
        return name
    return f"other: {name}"


def _wrap_calls(module, timer: Callable[[str, Callable], Callable]) -> None:  # noqa: ANN001 - a module
    """Wrap every ivpsite function that `module`'s source calls by name or as module.attr
    (plain functions only: not context managers or generators, not already wrapped)."""
    tree = ast.parse(inspect.getsource(module))
    space = vars(module)

    def plain(value: object) -> bool:
        return (inspect.isfunction(value) and value.__module__.startswith("ivpsite")
                and not inspect.isgeneratorfunction(inspect.unwrap(value)) and not hasattr(value, "__wrapped__"))

    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and plain(space.get(node.id)) and node.id != "build":
            value = space[node.id]
            space[node.id] = timer(_stage_of(value.__module__, node.id), value)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = space.get(node.value.id)
            if inspect.ismodule(owner) and owner.__name__.startswith("ivpsite") and plain(getattr(owner, node.attr, None)):
                value = getattr(owner, node.attr)
                setattr(owner, node.attr, timer(_stage_of(value.__module__, node.attr), value))


def stage_worker(content: Path, out: Path) -> dict:
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    import ivpsite.build as pipeline
    import ivpsite.render as render_stage
    from ivpsite.problems import Problems

    imports = time.perf_counter() - start
    totals: dict[str, float] = defaultdict(float)
    stack: list[float] = []

    def timer(label: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            begin = time.perf_counter()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - begin
                inner = stack.pop()
                totals[label] += elapsed - inner
                if stack:
                    stack[-1] += elapsed
        return wrapper

    _wrap_calls(pipeline, timer)
    _wrap_calls(render_stage, timer)
    problems = Problems()
    begin = time.perf_counter()
    site = pipeline.build(content, out, problems)
    total = time.perf_counter() - begin
    if site is None or problems:
        raise SystemExit("build failed:\n" + "\n".join(str(p) for p in problems.sorted()))
    return {"imports": imports, "total": total, "stages": dict(totals), "pages": html_pages(out)}


def stage_cmd(corpus: Corpus) -> list:
    return [PY, __file__, "--stage-worker", corpus.content, corpus.folder / "stages" / "site"]


def stage_runs(corpus: Corpus, repeats: int) -> list[dict]:
    runs = []
    for _ in range(repeats):
        shutil.rmtree(corpus.folder / "stages", ignore_errors=True)
        runs.append(json.loads(timed(stage_cmd(corpus)).out.strip().splitlines()[-1]))
    return runs


def startup_s() -> list[float]:
    return [timed([PY, "-c", "pass"]).seconds for _ in range(5)]


# --- serve: from saving a section to its updated page ---------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, bytes]:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""


def serve_latency(corpus: Corpus, repeats: int) -> tuple[list[float], str]:
    """Seconds from writing an edited section until `ivpsite serve` returns the new text."""
    content = corpus.folder / "serve-content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(corpus.content, content)
    port = _free_port()
    cmd = [PY, "-m", "ivpsite", "serve", "--content", str(content), "--port", str(port), "--host", "127.0.0.1"]
    section = corpus.sections()[min(2, len(corpus.sections()) - 1)]
    section = content / section.relative_to(corpus.content)
    url = "/" + section.relative_to(content).parent.as_posix() + "/" + section.stem[3:] + "/"
    log_path = corpus.folder / "serve.log"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            return _edits(process, port, url, section, repeats), show(cmd)
        except RuntimeError as error:
            return [], f"{error} ({show(cmd)}; see {shown_path(str(log_path))})"
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _edits(process: subprocess.Popen, port: int, url: str, section: Path, repeats: int) -> list[float]:
    deadline = time.monotonic() + 900
    while _get(port, url)[0] != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("serve did not come up")
        time.sleep(0.2)
    time.sleep(3.0)  # the watcher may start a moment after the first page is served
    original, times = section.read_text(encoding="utf-8"), []
    for r in range(repeats):
        marker = f"Benchmarkwijziging{r}x{time.time_ns()}"
        section.write_text(original + f"\n{marker}\n", encoding="utf-8")
        start = time.perf_counter()
        while marker.encode() not in _get(port, url)[1]:
            if time.perf_counter() - start > 120 or process.poll() is not None:
                raise RuntimeError("an edit did not appear within 120 s")
            time.sleep(0.01)
        times.append(time.perf_counter() - start)
        time.sleep(1.0)  # let any follow-up work (search index) settle before the next edit
    return times


# --- page weight and the browser ---------------------------------------------------------------


def text_page_weight(site: Path) -> tuple[str, float] | None:
    """gzip size in KB of one section page with the CSS and JavaScript it references."""
    pages = sorted(site.glob("*/*/03-*/index.html")) or sorted(site.glob("*/*/*/index.html"))
    if not pages:
        return None
    page = pages[0]
    html = page.read_text(encoding="utf-8")
    parts = [page]
    refs = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + \
        re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html) + re.findall(r'<script[^>]+src="([^"]+)"', html)
    for ref in refs:
        target = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
        if "://" not in ref and target.is_file() and target not in parts:
            parts.append(target)
    size = sum(len(gzip.compress(p.read_bytes(), 9)) for p in parts)
    return page.relative_to(site).as_posix(), size / 1024


def web_cmd(site: Path, repeats: int, target_kb: float, label: str, lighthouse: bool) -> list:
    return [PY, HERE / "web.py", "--site", site, "--repeats", repeats, "--search-target-kb", f"{target_kb:g}",
            "--label", label, "--json", *([] if lighthouse else ["--skip-lighthouse"])]


def web_figures(cmd: list) -> tuple[dict | None, str]:
    """benchmarks/web.py on a built site: its JSON, or None and why."""
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, f"web.py failed: {shown_path(last[0])[:200]}"
    return json.loads(done.stdout.strip().splitlines()[-1]), ""


# --- the report ----------------------------------------------------------------------------------


def verdict(ok: bool | None, why: str = "") -> str:
    return f"not measured ({why})" if ok is None else ("met" if ok else "not met")


def row(target: str, measured: str, ok: bool | None, why: str = "") -> str:
    return f"| {target} | {measured or '–'} | {verdict(ok, why)} |"


@dataclass
class Results:
    pairs: dict = field(default_factory=dict)  # size key -> figures of the paired runs
    national: dict | None = None
    stages: dict = field(default_factory=dict)  # label -> (runs, whole-process median)
    startup: list[float] = field(default_factory=list)
    serve: tuple[list[float], str] = ([], "")
    weight: tuple[str, float] | None = None
    web: dict = field(default_factory=dict)  # "repo" | "national" -> (json | None, note)
    leftovers: dict = field(default_factory=dict)  # corpus -> what builds left outside their out folder
    commands: list[tuple[str, list]] = field(default_factory=list)


def pair_table(results: Results) -> list[str]:
    lines = ["| size | sections | HTML pages ivpsite / Material | pairs | ivpsite | Material | Material ÷ ivpsite, per pair "
             "| median ratio | time the target allows (Material ÷ factor) | floor (reference) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    for key, p in results.pairs.items():
        ratios = [m / i for i, m in zip(p["ivpsite"], p["material"], strict=True)] if p["material"] else []
        factor = TARGET_VS_MATERIAL.get(key)
        allowed = fmt_s(median(p["material"]) / factor) if ratios and factor else "–"
        lines.append(f"| {p['name']} | {p['sections']} | {p['ivpsite_pages']} / {p['material_pages'] or '–'} | "
                     f"{len(p['ivpsite'])} | {fmt_s(median(p['ivpsite']))} | {fmt_s(median(p['material']))} | "
                     f"{', '.join(f'{r:.2f}×' for r in ratios) or 'Material left out'} | "
                     f"{f'{median(ratios):.2f}×' if ratios else '–'} | {allowed} | {fmt_s(median(p['floor']))} |")
    lines += ["", "Runs in order (ivpsite / Material / floor):", ""]
    for key, p in results.pairs.items():
        lines.append(f"- {p['name']}: ivpsite {runs_s(p['ivpsite'])}; Material {runs_s(p['material']) or '–'}; "
                     f"floor {runs_s(p['floor'])} (of which the loop itself {runs_s(p['floor_loop'])})"
                     f"; other work's share of the machine's CPU during each run (ivpsite, Material, in turn): {shares(p['other'])}")
    return lines


def memory_table(national: dict) -> list[str]:
    runs = national["memory"]
    if not runs:
        return [f"Not measured: {national['memory_note']}."]
    kinds = [k for k in KINDS if any(k in r for r in runs)] + sorted({k for r in runs for k in r} - set(KINDS))
    lines = [f"Sampled with {national['memory_method']} during the {len(runs)} full build(s).", "",
             "| process | peak (median of the runs) | runs | processes of this kind per run |",
             "| --- | ---: | --- | --- |"]
    for kind in kinds:
        values = [r[kind]["mb"] for r in runs if kind in r]
        counts = [str(r.get(kind, {}).get("count", 0)) for r in runs]
        lines.append(f"| {kind} | {median(values):.0f} MB | {', '.join(f'{v:.0f} MB' for v in values)} | {', '.join(counts)} |")
    for kind in KINDS:
        if kind not in kinds:
            lines.append(f"| {kind} | none started | | 0 |")
    return lines


def stage_table(runs: list[dict], whole: float, startup: float) -> list[str]:
    labels = {label for r in runs for label in r["stages"]}
    ordered = [s for s in STAGE_ORDER if s in labels] + sorted(labels - set(STAGE_ORDER))
    total = median([r["total"] for r in runs])
    pages = runs[0]["pages"]
    lines = [f"{pages} HTML pages; median of {len(runs)} run(s).", "",
             "| part | median | share of the whole process |", "| --- | ---: | ---: |",
             f"| whole process (`ivpsite build`, wall; the runs above) | {fmt_s(whole)} | 100% |",
             f"| interpreter start-up (`python -c pass`) | {fmt_s(startup)} | {startup / whole:.0%} |",
             f"| imports (`import ivpsite.build`) | {fmt_s(median([r['imports'] for r in runs]))} | "
             f"{median([r['imports'] for r in runs]) / whole:.0%} |"]
    others = [label for label in ordered if label.startswith("other: ")]
    for label in ordered:
        if label not in others:
            secs = median([r["stages"].get(label, 0.0) for r in runs])
            lines.append(f"| {STAGE_LABELS.get(label, label)} | {fmt_s(secs)} | {secs / whole:.0%} |")
    if others:  # the small calls of build.py (out folder checks, theme lookup); a new stage shows here by name
        secs = median([sum(r["stages"].get(label, 0.0) for label in others) for r in runs])
        names = ", ".join(label.removeprefix("other: ") for label in others)
        lines.append(f"| other calls ({names}) | {fmt_s(secs)} | {secs / whole:.0%} |")
    rest = median([r["total"] - sum(r["stages"].values()) for r in runs])
    lines.append(f"| build() outside the timed calls | {fmt_s(rest)} | {rest / whole:.0%} |")
    lines.append(f"| **build() in process, all stages** | {fmt_s(total)} | {total / whole:.0%} |")
    return lines


def target_rows(results: Results, sizes: list[Size]) -> list[str]:
    lines = ["| target | measured | status |", "| --- | --- | --- |"]
    in_run = {s.key for s in sizes}
    for key, factor in TARGET_VS_MATERIAL.items():
        name = "this repository's content" if key == "repo" else f"{key} organisations"
        target = f"{name} vs Material on the same sections, search on both sides (whole process, wall) ≥ {factor:g}× faster"
        p = results.pairs.get(key)
        if p is None:
            lines.append(row(target, "", None, "size not in this run" if key not in in_run else "not run"))
        elif not p["material"]:
            lines.append(row(target, "", None, "Material left out with --skip-mkdocs"))
        else:
            ratios = [m / i for i, m in zip(p["ivpsite"], p["material"], strict=True)]
            lines.append(row(target, f"{median(ratios):.2f}× (median of {len(ratios)} pair(s); "
                             f"{fmt_s(median(p['ivpsite']))} vs {fmt_s(median(p['material']))})", median(ratios) >= factor))
    lines += national_rows(results)
    lines += browser_rows(results)
    return lines


def national_rows(results: Results) -> list[str]:
    """The targets set for the national build: judged only when N = 342 was built; at
    another size the figure is shown without a verdict."""
    nat = results.national
    targets = [f"full build with indicators at {NATIONAL} organisations ≤ {TARGET_FULL_S:g} s on a 2-core machine",
               f"no-op rebuild at {NATIONAL} organisations (nothing changed) ≤ {TARGET_NOOP_S:g} s"]
    targets += [f"peak memory of every process of a build, each on its own: {kind} ≤ 1 GB" for kind in KINDS]
    if nat is None:
        return [row(target, "", None, "no synthetic size in this run") for target in targets]
    cpus = usable_cpus()
    figures: list[tuple[str, bool | None, str]] = [  # (measured, met, why not measured)
        (f"{fmt_s(median(nat['full']))} (runs: {runs_s(nat['full'])}"
         f"{'' if cpus == 2 else f'; this machine has {cpus} usable cores'})", median(nat["full"]) <= TARGET_FULL_S, ""),
        (f"{fmt_s(median(nat['noop']))} (runs: {runs_s(nat['noop'])})", median(nat["noop"]) <= TARGET_NOOP_S, "")]
    for kind in KINDS:
        runs = [r[kind]["mb"] for r in nat["memory"] if kind in r]
        if not nat["memory"]:
            figures.append(("", None, nat["memory_note"]))
        elif not runs:
            figures.append(("", None, "none started: the build runs in one process"))
        else:
            figures.append((f"{median(runs):.0f} MB (runs: {', '.join(f'{v:.0f} MB' for v in runs)})",
                            median(runs) <= TARGET_MEMORY_MB, ""))
    if nat["n"] != NATIONAL:
        return [row(target, "", None, f"N = {NATIONAL} not in this run; at N = {nat['n']}: {measured or why}")
                for target, (measured, _, why) in zip(targets, figures, strict=True)]
    return [row(target, measured, ok, why) for target, (measured, ok, why) in zip(targets, figures, strict=True)]


WEB_TARGETS = (  # (site, the start of web.py's row) in the order the issue lists them
    ("national", "chart page, CPU slowed 4×"), ("national", "JavaScript a chart page fetches"),
    ("national", "a page with a chart, before any script"), ("repo", "search page"), ("national", "search page"),
    ("national", "chart page as it loads"), ("national", "chart page opened at its chart"))


def browser_rows(results: Results) -> list[str]:
    lines = []
    names = {"repo": "this repository's site", "national": "the national site"}
    for site, start in WEB_TARGETS:
        got, note = results.web.get(site, (None, "left out with --skip-web"))
        found = [r for r in got["targets"] if r[0].startswith(start)] if got else []
        n = results.national["n"] if results.national else None
        if found and site == "national" and start == "search page" and n != NATIONAL:
            target, measured, ok, why = found[0]  # the index grows with the site: judged at 342 only
            lines.append(row(f"{names[site]}: {target}", "", None,
                             f"N = {NATIONAL} not in this run; at N = {n}: {measured or why}"))
        elif found:
            target, measured, ok, why = found[0]
            lines.append(row(f"{names[site]}: {target}", measured, ok, why))
        else:
            lines.append(row(f"{names[site]}: {start}", "", None, note or "web.py gave no such row"))
    return lines


def report(results: Results, sizes: list[Size], header: list[str], started: float) -> str:
    lines = [*header, "## Targets (issue 16)", "", *target_rows(results, sizes), "",
             "## What each figure includes", "", WHAT.rstrip(), "",
             "## ivpsite against Material for MkDocs, paired", "", *pair_table(results), ""]
    nat = results.national
    if nat:
        lines += [f"## The national build with indicators (N = {nat['n']})", "",
                  "| measure | median | runs |", "| --- | ---: | --- |",
                  f"| full build (CLI, wall; {nat['pages']} HTML pages, {nat['files']} files) | "
                  f"{fmt_s(median(nat['full']))} | {runs_s(nat['full'])} |",
                  f"| no-op rebuild (the same command again, nothing changed) | {fmt_s(median(nat['noop']))} | "
                  f"{runs_s(nat['noop'])} |", "",
                  f"Other work's share of the machine's CPU during each run (full, no-op, ...): {shares(nat['other'])}.", "",
                  "### Peak memory of each process of the full build", "", *memory_table(nat), ""]
    leftovers = sorted(f"{key}: {rel}" for key, rels in results.leftovers.items() for rel in rels)
    lines += ["Files the builds left outside their out folder (removed before each full build, so every full "
              f"build starts cold): {', '.join(leftovers) if leftovers else 'none'}.", ""]
    for label, (runs, whole) in results.stages.items():
        lines += [f"## Where the time goes: {label}", "", *stage_table(runs, whole, median(results.startup)), ""]
    for site in ("repo", "national"):
        got, note = results.web.get(site, (None, ""))
        if got:  # its figures; its target rows are in the table at the top
            lines += [got["report"].split("\n| target | measured | status |", 1)[0].rstrip(), ""]
    lines += ["## Earlier targets (issue 8)", "", "| target | measured | status |", "| --- | --- | --- |"]
    serve_times, serve_note = results.serve
    serve_target = f"edited section visible in `ivpsite serve` < {TARGET_SERVE_S:g} s (national corpus)"
    if serve_times:
        lines.append(row(serve_target, f"{fmt_s(median(serve_times))} (runs: {runs_s(serve_times)})",
                         median(serve_times) < TARGET_SERVE_S))
    else:
        lines.append(row(serve_target, "", None, serve_note))
    weight_target = f"text page < {TARGET_TEXT_PAGE_KB:g} KB gzip with its CSS and JS"
    if results.weight:
        page, kb = results.weight
        lines.append(row(weight_target, f"{kb:.1f} KB (`{page}`)", kb < TARGET_TEXT_PAGE_KB))
    else:
        lines.append(row(weight_target, "", None, "no national site built"))
    lines += ["", "## Command lines", ""]
    lines += [f"- {what}: `{show(cmd)}`" for what, cmd in results.commands]
    lines += ["", f"Total benchmark time {time.time() - started:.0f} s; load average at the end: {load_average()}."]
    return "\n".join(lines)


# --- the runs ----------------------------------------------------------------------------------


def run_pairs(size: Size, work: Path, results: Results, material: bool, warm_up: bool) -> Corpus:
    corpus = make_corpus(size, work / str(size.key))
    config = material_project(corpus)
    if warm_up:  # bytecode, file cache: the first run of each side is not measured
        progress("warm-up run of each side")
        ivpsite_build(corpus)
        if material:
            material_build(config)
    figures = {"name": size.name, "sections": len(corpus.sections()), "ivpsite": [], "material": [], "floor": [],
               "floor_loop": [], "material_pages": 0, "other": []}
    for k in range(size.pairs):
        progress(f"{size.name}: pair {k + 1} of {size.pairs}")
        ivpsite = ivpsite_build(corpus)
        figures["ivpsite"].append(ivpsite.seconds)
        figures["other"].append(ivpsite.other)
        if material:
            done = material_build(config)
            figures["material"].append(done.seconds)
            figures["other"].append(done.other)
        seconds, floor = floor_run(corpus)
        figures["floor"].append(seconds)
        figures["floor_loop"].append(floor["loop"])
    figures["ivpsite_pages"] = html_pages(corpus.out)
    if material:
        figures["material_pages"] = html_pages(config.parent / "site")
    results.pairs[size.key] = figures
    results.commands += [(f"ivpsite, {size.name}", ivpsite_cmd(corpus)), (f"floor, {size.name}", floor_cmd(corpus))]
    if material:
        results.commands.append((f"Material, {size.name} (cwd: the project folder)", material_cmd(config)))
    return corpus


def run_national(n: int, work: Path, repeats: int, results: Results) -> Corpus:
    progress(f"national corpus with indicators, N = {n}")
    corpus = make_corpus(n, work / f"national-{n}", indicators=True)
    results.commands.append(("national corpus", [PY, HERE / "generate.py", "--organisations", n, "--out", corpus.content]))
    full, noop, memory, other = [], [], [], []
    sampler_method = TreeSampler(os.getpid()).method
    for r in range(repeats):
        progress(f"national full build and no-op rebuild, {r + 1} of {repeats}")
        done = ivpsite_build(corpus, sample=True)
        full.append(done.seconds)
        if done.peaks is not None:
            memory.append(done.peaks)
        again = timed(ivpsite_cmd(corpus))
        noop.append(again.seconds)
        other += [done.other, again.other]
    results.national = {"n": n, "full": full, "noop": noop, "other": other, "memory": memory, "memory_method": sampler_method,
                        "memory_note": "" if sampler_method else "needs /proc (Linux) or psutil (pip install psutil)",
                        "pages": html_pages(corpus.out), "files": sum(1 for p in corpus.out.rglob("*") if p.is_file())}
    results.commands.append(("full build, then the same again as the no-op rebuild", ivpsite_cmd(corpus)))
    return corpus


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"SIZE:PAIRS,... (default {DEFAULT_SIZES})")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of the national full build, no-op, stages, serve edits and browser figures (3)")
    parser.add_argument("--work", type=Path, default=None, help="working folder, kept (default: a temporary folder)")
    parser.add_argument("--results", type=Path, default=None, help="report file (default: WORK/RESULTS.md)")
    parser.add_argument("--skip-mkdocs", action="store_true", help="leave out Material for MkDocs")
    parser.add_argument("--no-warm-up", action="store_true", help="measure the first run of each side too")
    parser.add_argument("--skip-serve", action="store_true", help="leave out the serve edit latency")
    parser.add_argument("--skip-web", action="store_true", help="leave out benchmarks/web.py (needs chromium)")
    parser.add_argument("--skip-lighthouse", action="store_true", help="run web.py without Lighthouse")
    parser.add_argument("--stage-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage_worker:
        print(json.dumps(stage_worker(*args.stage_worker)))
        return 0
    if args.floor_worker:
        print(json.dumps(floor_worker(*args.floor_worker)))
        return 0
    sizes = parse_sizes(args.sizes)
    repeats = max(1, args.repeats)
    work = (args.work or Path(tempfile.mkdtemp(prefix="ivpsite-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    global WORK_DIR
    WORK_DIR = work
    results_path = args.results or work / "RESULTS.md"
    started = time.time()
    header = ["# ivpsite benchmark (issue 16)", "",
              f"Run {dt.datetime.now().isoformat(timespec='seconds')}: "
              f"`{show([PY, 'benchmarks/run.py', *argv])}`", "", "## Machine", "", *machine(), ""]
    results = Results()
    corpora = {}
    for i, size in enumerate(sizes):
        corpora[size.key] = run_pairs(size, work, results, not args.skip_mkdocs, warm_up=i == 0 and not args.no_warm_up)
    synthetic = [s.key for s in sizes if s.key != "repo"]
    national = run_national(max(synthetic), work, repeats, results) if synthetic else None
    progress("stages")
    results.startup = startup_s()
    if "repo" in corpora:
        repo_runs = stage_runs(corpora["repo"], repeats)
        results.stages["this repository's content"] = (repo_runs, median(results.pairs["repo"]["ivpsite"]))
        results.commands.append(("stages", stage_cmd(corpora["repo"])))
    if national:
        results.stages[f"the national build with indicators (N = {results.national['n']})"] = \
            (stage_runs(national, repeats), median(results.national["full"]))
        results.commands.append(("stages", stage_cmd(national)))
        results.weight = text_page_weight(national.out)
        if args.skip_serve:
            results.serve = ([], "left out with --skip-serve")
        else:
            progress("serve")
            results.serve = serve_latency(national, repeats)
    for key, corpus in (("repo", corpora.get("repo")), ("national", national)):
        if args.skip_web:
            results.web[key] = (None, "left out with --skip-web")
        elif corpus is None:
            results.web[key] = (None, "size not in this run")
        else:
            progress(f"browser figures on the {key} site")
            label = "this repository's site" if key == "repo" else f"the national site (N = {results.national['n']})"
            cmd = web_cmd(corpus.out, repeats, TARGET_SEARCH_KB[key], label, not args.skip_lighthouse)
            results.web[key] = web_figures(cmd)
            results.commands.append((f"browser, {label}", cmd))
    for name, corpus in [*corpora.items(), ("national", national)]:
        if corpus is not None:
            corpus.leftovers |= corpus.left() if corpus.baseline else set()
            if corpus.leftovers:
                results.leftovers[name] = corpus.leftovers
    text = report(results, sizes, header, started)
    print(text)
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(text + "\n", encoding="utf-8")
    if args.work is None:
        for item in work.iterdir():
            if item != results_path:
                shutil.rmtree(item, ignore_errors=True) if item.is_dir() else item.unlink()
    print(f"\n(report written to {results_path})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
