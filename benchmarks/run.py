"""The national-scale benchmark of issue 8: builds a synthetic corpus and prints, as medians
over repeated runs, ivpsite's build time and pages per second per stage, peak memory, the
no-op rebuild, the edit-to-visible time in `serve`, and, on the same section Markdown,
`mkdocs build` with Material and a bare read -> markdown-it-py -> Jinja -> write loop as the
floor. Every figure stands next to its target from the issue. The report also goes to
benchmarks/RESULTS.md.

    python benchmarks/run.py                                  # N = 342, 3 repeats
    python benchmarks/run.py --organisations 20 --repeats 1   # a quick look

Nothing here asserts a time; tests/test_benchmark_smoke.py only checks that it runs.
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
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

# Issue 8's targets at N = 342 on a 2-core machine.
TARGET_BUILD_S = 60.0
TARGET_VS_MKDOCS = 5.0
TARGET_RENDER_VS_FLOOR = 0.70
TARGET_SERVE_S = 1.0
TARGET_MEMORY_MB = 1024.0
TARGET_SEARCH_KB = 200.0
TARGET_TEXT_PAGE_KB = 30.0

STAGE_ORDER = ("load", "validate", "model", "render", "charts", "open data", "feeds", "write",
               "search index")


# --- helpers ------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run(cmd: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a command; wall time in seconds and the completed process (raises on failure)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=kwargs.pop("cwd", ROOT), **kwargs)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"run.py: command failed ({done.returncode}): {shlex.join(cmd)}\n"
                         f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return elapsed, done


# The working folder of this run; printed as WORK so that no machine path enters the report.
WORK_DIR: Path | None = None


def shown_path(text: str) -> str:
    """`text` with the working folder as WORK and the checkout's own paths relative to it."""
    if WORK_DIR is not None:
        text = text.replace(str(WORK_DIR), "WORK")
    return text.replace(str(ROOT) + "/", "")


def show(cmd: list[str]) -> str:
    """A command line as the report prints it: `python` for this interpreter, no machine paths."""
    return shlex.join("python" if str(c) == PY else shown_path(str(c)) for c in cmd)


def fmt_s(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "NOT MET")


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, AttributeError):
        pass
    versions = []
    for name in ("ivpsite", "mkdocs", "mkdocs-material", "markdown-it-py", "mdit-py-plugins", "Jinja2", "pagefind", "plotly"):
        try:
            from importlib.metadata import version
            versions.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            continue
    return [
        f"- CPU: {model}; cpu count (os.cpu_count): {os.cpu_count()}; "
        f"usable (sched_getaffinity): {len(os.sched_getaffinity(0))}",
        f"- Memory: {memory}; OS: {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); {', '.join(versions)}",
        f"- Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(other work on the machine makes absolute figures noisy)",
    ]


# --- ivpsite: stage timings in a fresh process ---------------------------------------------


def _stage_label(qualname: str) -> str:
    module, _, name = qualname.rpartition(".")
    low = qualname.lower()
    if "chart" in low or "figure" in low:
        return "charts"
    if "search" in low or "pagefind" in low:
        return "search index"
    if "opendata" in low:
        return "open data"
    if "feeds" in low:
        return "feeds"
    return {"ivpsite.load": "load", "ivpsite.validate": "validate", "ivpsite.model.site": "model",
            "ivpsite.render": "render", "ivpsite.render.pages": "render", "ivpsite.index": "search index",
            "ivpsite.publish": "write"}.get(module, qualname)


def stage_worker(content: Path, out: Path) -> dict:
    """Build once in this process with every stage function that build.py refers to wrapped in
    a timer (exclusive time: a stage called from inside another is subtracted from it)."""
    sys.path.insert(0, str(ROOT))  # the ivpsite of this checkout, installed or not
    import ivpsite.build as pipeline
    from ivpsite.problems import Problems

    totals: dict[str, float] = defaultdict(float)
    stack: list[float] = []

    def timed(label: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                inner = stack.pop()
                totals[label] += elapsed - inner
                if stack:
                    stack[-1] += elapsed
        return wrapper

    tree = ast.parse(Path(pipeline.__file__).read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    attributes = {(n.value.id, n.attr) for n in ast.walk(tree)
                  if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    space = vars(pipeline)
    for name in sorted(names):
        value = space.get(name)
        if (inspect.isfunction(value) and value.__module__.startswith("ivpsite")
                and name != "build" and not inspect.isgeneratorfunction(inspect.unwrap(value))
                and not hasattr(value, "__wrapped__")):
            space[name] = timed(_stage_label(f"{value.__module__}.{name}"), value)
    for owner, attr in sorted(attributes):
        module = space.get(owner)
        if inspect.ismodule(module) and module.__name__.startswith("ivpsite"):
            value = getattr(module, attr, None)
            if inspect.isfunction(value) and not inspect.isgeneratorfunction(value):
                setattr(module, attr, timed(_stage_label(f"{module.__name__}.{attr}"), value))

    # Stage modules called from inside other stages (figures built while assembling the model,
    # figure JSON and search facets while rendering) are timed as their own stage.
    for name in ("model.indicators", "index", "render.opendata", "render.feeds", "render.pages"):
        module = sys.modules.get(f"ivpsite.{name}")
        for attr, value in sorted(vars(module).items()) if module else ():
            if (inspect.isfunction(value) and value.__module__ == module.__name__ and not attr.startswith("_")
                    and not hasattr(value, "__wrapped__") and not inspect.isgeneratorfunction(value)):
                setattr(module, attr, timed(_stage_label(f"{module.__name__}.{attr}"), value))

    problems = Problems()
    start = time.perf_counter()
    site = pipeline.build(content, out, problems)
    total = time.perf_counter() - start
    stages = dict(totals)
    if site is None or problems:
        raise SystemExit("build failed:\n" + "\n".join(str(p) for p in problems.sorted()))
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # The render stage on the section pages alone: the same pages the floor loop makes.
    import dataclasses

    from ivpsite.render import pages as render_module
    only_sections = dataclasses.replace(site, pages=[p for p in site.pages if p.template == "section.html"])
    start = time.perf_counter()
    render_module.render(only_sections)
    render_sections = time.perf_counter() - start
    return {"total": total, "stages": stages, "pages": len(site.pages),
            "sections": len(only_sections.pages), "render_sections": render_sections,
            "files": sum(1 for p in out.rglob("*") if p.is_file()),
            "html": sum(1 for _ in out.rglob("*.html")),
            "self_mb": self_kb / 1024, "children_mb": child_kb / 1024}


def stages_in_fresh_process(content: Path, out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    _, done = run([PY, __file__, "--stage-worker", str(content), str(out)])
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the floor: read -> markdown-it-py -> one Jinja template -> write -------------------------

FLOOR_TEMPLATE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body><header><a href="/">Home</a></header><main><h1>{{ title }}</h1>{{ body }}</main></body></html>
"""


def _floor_chunk(args: tuple[list[str], str, str]) -> int:
    import yaml
    from jinja2 import Environment
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    paths, root, out = args
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    template = Environment(autoescape=True).from_string(FLOOR_TEMPLATE)
    for rel in paths:
        text = (Path(root) / rel).read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        title = yaml.safe_load(front)["title"]
        html = template.render(title=title, body=Markup(md.render(body)))
        target = Path(out) / rel.removesuffix(".md") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return len(paths)


def floor_worker(content: Path, out: Path, workers: int) -> dict:
    paths = sorted(p.relative_to(content).as_posix() for p in content.glob("*/*/[0-9][0-9]-*.md"))
    start = time.perf_counter()
    if workers == 1:
        count = _floor_chunk((paths, str(content), str(out)))
    else:
        from concurrent.futures import ProcessPoolExecutor
        chunks = [(paths[i::workers], str(content), str(out)) for i in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            count = sum(pool.map(_floor_chunk, chunks))
    return {"seconds": time.perf_counter() - start, "pages": count}


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


def serve_latency(corpus: Path, work: Path, repeats: int) -> tuple[list[float], str]:
    """Seconds from writing an edited section until `ivpsite serve` returns the new text."""
    probe = subprocess.run([PY, "-m", "ivpsite", "serve", "--help"], capture_output=True, text=True, cwd=ROOT)
    if probe.returncode != 0:
        return [], "ivpsite has no 'serve' command yet"
    content = work / "serve-content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(corpus, content)
    port = _free_port()
    cmd = [PY, "-m", "ivpsite", "serve", "--content", str(content), "--port", str(port)]
    if "--host" in probe.stdout:
        cmd += ["--host", "127.0.0.1"]
    if "--out" in probe.stdout:
        cmd += ["--out", str(work / "serve-out")]
    section = next(iter(sorted(content.glob("*/*/03-*.md"))))
    url = "/" + section.relative_to(content).parent.as_posix() + "/" + section.stem[3:] + "/"
    log = open(work / "serve.log", "w")
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    times: list[float] = []
    try:
        deadline = time.monotonic() + 900
        while _get(port, url)[0] != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                return [], f"serve did not come up: {show(cmd)} (see {shown_path(str(work / 'serve.log'))})"
            time.sleep(0.2)
        time.sleep(3.0)  # the watcher may start a moment after the first page is served
        original = section.read_text(encoding="utf-8")
        for r in range(repeats):
            marker = f"Benchmarkwijziging{r}x{time.time_ns()}"
            section.write_text(original + f"\n{marker}\n", encoding="utf-8")
            start = time.perf_counter()
            while marker.encode() not in _get(port, url)[1]:
                if time.perf_counter() - start > 120 or process.poll() is not None:
                    return times, "an edit did not appear within 120 s"
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            time.sleep(1.0)  # let any follow-up work (search index) settle before the next edit
        return times, show(cmd)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# --- page weight -----------------------------------------------------------------------------


def text_page_weight(site: Path) -> tuple[str, float, list[str]] | None:
    """gzip size in KB of one section page with the CSS and JavaScript it references."""
    pages = sorted(site.glob("*/*/03-*/index.html")) or sorted(site.glob("*/*/*/index.html"))
    if not pages:
        return None
    page = pages[0]
    html = page.read_text(encoding="utf-8")
    parts = [page]
    for ref in re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + \
            re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html) + \
            re.findall(r'<script[^>]+src="([^"]+)"', html):
        if "://" in ref:
            continue
        target = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file() and target not in parts:
            parts.append(target)
    size = sum(len(gzip.compress(p.read_bytes(), 9)) for p in parts)
    return page.relative_to(site).as_posix(), size / 1024, [p.name for p in parts]


def browser_figures(site: Path, repeats: int) -> tuple[dict | None, str, list[str] | None]:
    """benchmarks/web.py on the national site: a chart page, the next one and a text page of
    the first organisation. Needs Debian's chromium and npm (scripts/test installs both)."""
    charts_ = sorted(site.glob("*/*/indicatoren/*/index.html"))[:2]
    texts = sorted(site.glob("*/*/03-*/index.html")) or sorted(site.glob("*/*/*/index.html"))
    if len(charts_) < 2 or not texts:
        return None, "no chart pages in the built site", None
    rel = lambda page: page.parent.relative_to(site).as_posix() + "/"  # noqa: E731
    cmd = [PY, str(HERE / "web.py"), "--site", str(site), "--repeats", str(repeats), "--json",
           "--chart-page", rel(charts_[0]), "--next-chart-page", rel(charts_[1]), "--text-page", rel(texts[0])]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return None, f"web.py failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}", cmd
    return json.loads(done.stdout.strip().splitlines()[-1]), "", cmd


# --- the report -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=342)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temp folder)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md", help="report file")
    parser.add_argument("--skip-mkdocs", action="store_true", help="leave out Material for MkDocs")
    parser.add_argument("--skip-serve", action="store_true", help="leave out the serve edit latency")
    parser.add_argument("--skip-web", action="store_true",
                        help="leave out the browser figures (search bytes, Lighthouse) of benchmarks/web.py")
    parser.add_argument("--stage-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage_worker:
        print(json.dumps(stage_worker(*args.stage_worker)))
        return 0
    if args.floor_worker:
        content, out, workers = args.floor_worker
        print(json.dumps(floor_worker(Path(content), Path(out), int(workers))))
        return 0

    work = args.work or Path(tempfile.mkdtemp(prefix="ivpsite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    global WORK_DIR
    WORK_DIR = work
    n, repeats = args.organisations, max(1, args.repeats)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    started = time.time()
    header = ["# ivpsite national-scale benchmark (issue 8)", "",
              f"Run {dt.datetime.now().isoformat(timespec='seconds')}, N = {n} organisations, "
              f"medians of {repeats} run(s) each.", "", "## Machine", "", *machine(), ""]
    for text in header:
        say(text)

    # 1. corpora ----------------------------------------------------------------------------
    corpus, text_corpus = work / "corpus", work / "corpus-text"
    gen = [PY, str(HERE / "generate.py"), "--organisations", str(n), "--out", str(corpus)]
    gen_text = [PY, str(HERE / "generate.py"), "--organisations", str(n), "--out", str(text_corpus),
                "--no-indicators"]
    gen_s, _ = run(gen)
    run(gen_text)
    sections = sorted(text_corpus.glob("*/*/[0-9][0-9]-*.md"))
    words = statistics.mean(len(p.read_text(encoding="utf-8").split("---\n", 2)[2].split()) for p in sections)
    commands = [("generate (with indicators)", gen), ("generate (sections only)", gen_text)]

    # 2. ivpsite full build, no-op rebuild (CLI, wall time) ------------------------------------
    out = work / "site"
    build_cmd = [PY, "-m", "ivpsite", "build", "--content", str(corpus), "--out", str(out)]
    full, noop = [], []
    for _ in range(repeats):
        if out.exists():
            shutil.rmtree(out)
        full.append(run(build_cmd)[0])
        noop.append(run(build_cmd)[0])
    commands.append(("full build, then the same again as no-op rebuild", build_cmd))

    # 3. stages in a fresh process each time ----------------------------------------------------
    stage_runs = [stages_in_fresh_process(corpus, work / "site-stages") for _ in range(repeats)]
    commands.append(("stage timings (build.py's stage functions wrapped in timers)",
                     [PY, __file__, "--stage-worker", str(corpus), str(work / "site-stages")]))
    pages = stage_runs[0]["pages"]
    text_runs = [stages_in_fresh_process(text_corpus, work / "site-text-stages") for _ in range(repeats)]
    text_pages = text_runs[0]["pages"]

    # 4. same sections: ivpsite (text corpus), floor, Material -----------------------------------
    text_out = work / "site-text"
    text_cmd = [PY, "-m", "ivpsite", "build", "--content", str(text_corpus), "--out", str(text_out)]
    text_full = []
    for _ in range(repeats):
        if text_out.exists():
            shutil.rmtree(text_out)
        text_full.append(run(text_cmd)[0])
    commands.append(("ivpsite on the sections-only corpus", text_cmd))

    floors: dict[int, list[float]] = {}
    for workers in sorted({1, len(os.sched_getaffinity(0))}):
        floor_out = work / f"floor-{workers}"
        cmd = [PY, __file__, "--floor-worker", str(text_corpus), str(floor_out), str(workers)]
        floors[workers] = []
        for _ in range(repeats):
            if floor_out.exists():
                shutil.rmtree(floor_out)
            floors[workers].append(json.loads(run(cmd)[1].stdout.strip().splitlines()[-1])["seconds"])
        commands.append((f"floor loop, {workers} process(es)", cmd))

    mkdocs_s: list[float] = []
    mkdocs_pages = 0
    if not args.skip_mkdocs:
        docs = work / "mkdocs" / "docs"
        if docs.parent.exists():
            shutil.rmtree(docs.parent)
        for path in sections:
            target = docs / path.relative_to(text_corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        (docs / "index.md").write_text("# Synthetisch landelijk corpus\n\nAlle plannen zijn synthetisch.\n",
                                       encoding="utf-8")
        (docs.parent / "mkdocs.yml").write_text(
            "site_name: Synthetisch landelijk corpus\n"
            "theme:\n  name: material\n  language: nl\n  features:\n    - navigation.prune\n"
            "plugins:\n  - search\n", encoding="utf-8")
        mk_cmd = [PY, "-m", "mkdocs", "build", "-q", "-f", str(docs.parent / "mkdocs.yml"),
                  "-d", str(docs.parent / "site")]
        for _ in range(repeats):
            mkdocs_s.append(run(mk_cmd, cwd=docs.parent)[0])
        mkdocs_pages = sum(1 for _ in (docs.parent / "site").rglob("index.html"))
        commands.append(("Material for MkDocs (search on, language nl, navigation.prune)", mk_cmd))

    # 5. serve -----------------------------------------------------------------------------------
    if args.skip_serve:
        serve_times, serve_note = [], "skipped (--skip-serve)"
    else:
        serve_times, serve_note = serve_latency(corpus, work, repeats)

    # 6. in the browser: benchmarks/web.py on the national site built above -------------------------
    web, web_note = None, "skipped (--skip-web)"
    if not args.skip_web:
        web, web_note, web_cmd = browser_figures(out, repeats)
        if web_cmd:
            commands.append(("in the browser (search bytes, chart cost, Lighthouse)", web_cmd))

    # --- report ----------------------------------------------------------------------------------
    build_s, noop_s, text_s = median(full), median(noop), median(text_full)
    say("## Corpus")
    say()
    say(f"- {n} synthetic organisations, {len(sections)} sections of {words:.0f} words on average "
        f"(generated in {fmt_s(gen_s)})")
    say(f"- ivpsite pages: {pages} with indicators; {text_pages} for the sections-only corpus; "
        f"files written: {stage_runs[0]['files']}")
    say()
    say(f"## ivpsite full build ({pages} pages, median of {repeats})")
    say()
    say("| measure | median | pages/s | runs |")
    say("| --- | ---: | ---: | --- |")
    say(f"| full build (CLI, wall time) | {fmt_s(build_s)} | {pages / build_s:.0f} | "
        f"{', '.join(fmt_s(x) for x in full)} |")
    say(f"| no-op rebuild (nothing changed) | {fmt_s(noop_s)} | {pages / noop_s:.0f} | "
        f"{', '.join(fmt_s(x) for x in noop)} |")
    def mb_runs(key: str) -> str:
        return ", ".join(f"{r[key]:.0f} MB" for r in stage_runs)

    self_mb = median([r["self_mb"] for r in stage_runs])
    child_mb = median([r["children_mb"] for r in stage_runs])
    say(f"| peak memory of ivpsite's own process (ru_maxrss) | {self_mb:.0f} MB | | "
        f"{mb_runs('self_mb')} |")
    say(f"| peak memory of the largest child process (Pagefind or workers) | {child_mb:.0f} MB | | "
        f"{mb_runs('children_mb')} |")
    say()

    def stage_table(runs: list[dict], page_count: int) -> dict[str, float]:
        labels = {label for r in runs for label in r["stages"]}
        ordered = [s for s in STAGE_ORDER if s in labels] + sorted(labels - set(STAGE_ORDER))
        medians = {label: median([r["stages"].get(label, 0.0) for r in runs]) for label in ordered}
        total = median([r["total"] for r in runs])
        say("| stage | median | pages/s | share of build |")
        say("| --- | ---: | ---: | ---: |")
        for label in ordered:
            secs = medians[label]
            rate = f"{page_count / secs:.0f}" if secs > 0 else "–"
            say(f"| {label} | {fmt_s(secs)} | {rate} | {secs / total:.0%} |")
        # per run, then the median: medians of the stages need not add up to the median total
        rest = median([r["total"] - sum(r["stages"].values()) for r in runs])
        say(f"| other (build.py itself, imports excluded) | {fmt_s(rest)} | | {rest / total:.0%} |")
        say(f"| **total in process** | {fmt_s(total)} | {page_count / total:.0f} | 100% |")
        say()
        return medians

    say(f"## Stages, corpus with indicators ({pages} pages, median of {repeats})")
    say()
    stages = stage_table(stage_runs, pages)
    missing = [s for s in ("charts", "search index") if s not in stages]
    if missing:
        say(f"Stages not found in build.py (not timed separately; any such work counts under the stage "
            f"that does it): {', '.join(missing)}.")
        say()
    say(f"## Stages, sections-only corpus ({text_pages} pages, median of {repeats})")
    say()
    text_stages = stage_table(text_runs, text_pages)

    section_pages = text_runs[0]["sections"]
    render_rate = section_pages / median([r["render_sections"] for r in text_runs])
    say(f"## The same {len(sections)} sections: ivpsite, the floor loop and Material for MkDocs")
    say()
    say("| builder | pages | median | pages/s | time relative to ivpsite |")
    say("| --- | ---: | ---: | ---: | ---: |")
    say(f"| ivpsite build, sections-only corpus (CLI, search index included if built) | {text_pages} | "
        f"{fmt_s(text_s)} | {text_pages / text_s:.0f} | 1.00× |")
    render_s = section_pages / render_rate
    say(f"| ivpsite render stage alone, the section pages only (Markdown parsed earlier, in validate) | "
        f"{section_pages} | {fmt_s(render_s)} | {render_rate:.0f} | {render_s / text_s:.2f}× |")
    floor_rates = {}
    for workers, values in floors.items():
        secs = median(values)
        floor_rates[workers] = len(sections) / secs
        say(f"| floor: read → markdown-it-py → Jinja → write, {workers} process(es) | {len(sections)} | "
            f"{fmt_s(secs)} | {floor_rates[workers]:.0f} | {secs / text_s:.2f}× |")
    if mkdocs_s:
        mk = median(mkdocs_s)
        say(f"| mkdocs build, Material (search, nl, navigation.prune) | {mkdocs_pages} | {fmt_s(mk)} | "
            f"{mkdocs_pages / mk:.0f} | {mk / text_s:.2f}× |")
    else:
        say("| mkdocs build, Material | – | skipped (--skip-mkdocs) | – | – |")
    say()

    # targets --------------------------------------------------------------------------------------
    best_floor = max(floor_rates.values())
    weight = text_page_weight(out)
    at_scale = "" if n == 342 else f" (this run: N = {n}; the targets are set for N = 342)"
    say(f"## Targets from the issue{at_scale}")
    say()
    say("| target | measured | status |")
    say("| --- | --- | --- |")
    has_search = "search index" in stages
    has_charts = "charts" in stages
    note = "" if (has_search and has_charts) else \
        f" (build has no separate {' and '.join(s for s, ok in (('charts', has_charts), ('search index', has_search)) if not ok)} stage)"
    say(f"| full build incl. charts and search index < {TARGET_BUILD_S:.0f} s | {fmt_s(build_s)}{note} | "
        f"{verdict(build_s < TARGET_BUILD_S)} |")
    if mkdocs_s:
        ratio = median(mkdocs_s) / text_s
        say(f"| ≥ {TARGET_VS_MKDOCS:.0f}× faster than Material with navigation.prune, same sections, "
            f"search on both sides | {ratio:.1f}× ({fmt_s(median(mkdocs_s))} vs {fmt_s(text_s)}) | "
            f"{verdict(ratio >= TARGET_VS_MKDOCS)} |")
    else:
        say(f"| ≥ {TARGET_VS_MKDOCS:.0f}× faster than Material with navigation.prune | skipped | not measured |")
    ratio_floor = render_rate / best_floor
    say(f"| render stage ≥ {TARGET_RENDER_VS_FLOOR:.0%} of the floor loop's pages/s | "
        f"{ratio_floor:.0%} ({render_rate:.0f} vs {best_floor:.0f} pages/s on the same section pages, "
        f"best floor of {', '.join(str(w) for w in floor_rates)} process(es)) | "
        f"{verdict(ratio_floor >= TARGET_RENDER_VS_FLOOR)} |")
    if serve_times:
        serve_s = median(serve_times)
        say(f"| edited section visible in serve < {TARGET_SERVE_S:.0f} s | {fmt_s(serve_s)} "
            f"(runs: {', '.join(fmt_s(x) for x in serve_times)}) | {verdict(serve_s < TARGET_SERVE_S)} |")
    else:
        say(f"| edited section visible in serve < {TARGET_SERVE_S:.0f} s | {serve_note} | not measured |")
    say(f"| peak memory of ivpsite's own stages < 1 GB (Pagefind separately) | {self_mb:.0f} MB "
        f"(largest child process: {child_mb:.0f} MB) | {verdict(self_mb < TARGET_MEMORY_MB)} |")
    if web:
        query_kb, startup_kb = web["search"]["query"] / 1024, web["search"]["startup"] / 1024
        say(f"| first search query fetches < {TARGET_SEARCH_KB:.0f} KB gzip | {query_kb:.1f} KB (and before it, "
            f"once, Pagefind's start-up: {startup_kb:.1f} KB; see the browser section) | "
            f"{verdict(query_kb < TARGET_SEARCH_KB)} |")
    else:
        say(f"| first search query fetches < {TARGET_SEARCH_KB:.0f} KB gzip | {web_note} | not measured |")
    if weight:
        page, kb, parts = weight
        say(f"| text page < {TARGET_TEXT_PAGE_KB:.0f} KB gzip with its CSS and JS | {kb:.1f} KB "
            f"({page}: {', '.join(parts)}) | {verdict(kb < TARGET_TEXT_PAGE_KB)} |")
    if web:
        say(f"| chart page ≥ 90 in Lighthouse mobile performance | {web['chart_score']:.0f} (median of {repeats}) "
            f"| {verdict(web['chart_score'] >= 90)} |")
    else:
        say(f"| chart page ≥ 90 in Lighthouse mobile performance | {web_note} | not measured |")
    say()
    if web:
        for line in web["report"].splitlines():
            say(line)
        say()
    say("## Command lines")
    say()
    for what, cmd in commands:
        say(f"- {what}: `{show(cmd)}`")
    if serve_times:
        say(f"- serve: `{serve_note}`, then a section is rewritten and its page polled every 10 ms")
    say(f"- this report: `{show([PY, 'benchmarks/run.py', '--organisations', str(n), '--repeats', str(repeats)] + (['--skip-mkdocs'] if args.skip_mkdocs else []) + (['--skip-serve'] if args.skip_serve else []) + (['--skip-web'] if args.skip_web else []))}`")
    say()
    say(f"Total benchmark time {time.time() - started:.0f} s; load average at the end: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\n(report written to {args.results})")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
