// Search page (zoeken/): a small Dutch interface over Pagefind's JavaScript API.
// The form works as a plain GET form (zoeken/?q=...&organisatie=...); this script reads
// the address, runs the search in the browser, shows results with highlighted excerpts and
// announces the count in a live region. Nothing is loaded from another host.
//
// What a first visit fetches is kept small: Pagefind itself loads only once it is needed (a
// query, the search field in use, a filter panel opened), runs on the page rather than in a
// web worker (which would be a second copy of its loader), and the filter panels' value lists
// load only when a panel is opened or the address already holds a filter.

const SITE_ROOT = new URL("../", import.meta.url); // this file lives in <site>/assets/
const PAGE_SIZE = 5; // results per batch: each result shown fetches its own fragment
const FILTERS = [
  ["organisatie", "Organisatie"],
  ["onderwerp", "Onderwerp"],
  ["soort", "Soort plan"],
  ["status", "Status"],
];

// A topic's other words (from topics.yaml, in the page): a query that is one of them is also
// searched as the topic's own name, so 'HIC' finds the pages about high impact crime.
const SYNONYMS = JSON.parse(document.getElementById("zoektermen").textContent);

const form = document.getElementById("zoekformulier");
const input = document.getElementById("zoekveld");
const filterBox = document.getElementById("zoekfilters");
const statusBox = document.getElementById("zoekstatus");
const list = document.getElementById("zoekresultaten");
const more = document.getElementById("zoekmeer");
const moreButton = document.getElementById("zoekmeerknop");
const suggestion = document.getElementById("zoeksuggestie");

let pagefind = null; // the promise of Pagefind, started on first need
let lists = null; // the promise of the filled filter panels, started when one opens
let generation = 0; // a newer search makes older, slower ones drop their results
let pending = []; // results not shown yet
let shown = 0;
let words = null; // the promise of the site's vocabulary, fetched after a query without results

function engine() {
  pagefind ||= (async () => {
    const module = await import(new URL("pagefind/pagefind.js", SITE_ROOT).href);
    await module.options({ baseUrl: SITE_ROOT.pathname, excerptLength: 30, noWorker: true });
    await module.init();
    return module;
  })();
  return pagefind;
}

function collator() {
  return new Intl.Collator("nl", { sensitivity: "base", numeric: true });
}

function note(text) {
  const p = document.createElement("p");
  p.className = "muted";
  p.textContent = text;
  return p;
}

// One closed panel per filter; its choices come when a panel opens (fillPanels).
function buildPanels() {
  filterBox.replaceChildren();
  for (const [key, label] of FILTERS) {
    const details = document.createElement("details");
    details.dataset.filter = key;
    const summary = document.createElement("summary");
    summary.textContent = label;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = `Filter op ${label.toLowerCase()}`;
    fieldset.append(legend, note("Bezig met laden…"));
    details.append(summary, fieldset);
    details.addEventListener("toggle", () => {
      if (details.open) fillPanels({}).catch(fail);
    });
    filterBox.append(details);
  }
  filterBox.hidden = false;
}

// The value lists of every filter (Pagefind fetches them together), once; the panels of
// the filters chosen in `selected` open with those values ticked.
function fillPanels(selected) {
  lists ||= (async () => {
    const available = await (await engine()).filters();
    const compare = collator().compare;
    for (const details of filterBox.querySelectorAll("details")) {
      const key = details.dataset.filter;
      const chosen = selected[key] || [];
      const values = Object.keys(available[key] || {}).sort(compare);
      const fieldset = details.querySelector("fieldset");
      fieldset.replaceChildren(fieldset.querySelector("legend"));
      if (values.length === 0) fieldset.append(note("Geen keuzes voor dit filter."));
      values.forEach((value, i) => {
        const id = `filter-${key}-${i}`;
        const box = document.createElement("input");
        Object.assign(box, { type: "checkbox", id, name: key, value, checked: chosen.includes(value) });
        const boxLabel = document.createElement("label");
        boxLabel.htmlFor = id;
        boxLabel.textContent = value;
        const row = document.createElement("div");
        row.className = "filter-option";
        row.append(box, boxLabel);
        fieldset.append(row);
      });
      if (chosen.length > 0) details.open = true;
    }
  })();
  return lists;
}

function selectedFromForm() {
  const selected = {};
  for (const box of filterBox.querySelectorAll("input[type=checkbox]:checked")) {
    (selected[box.name] ||= []).push(box.value);
  }
  return selected;
}

function selectedFromAddress(params) {
  const selected = {};
  for (const [key] of FILTERS) {
    const values = params.getAll(key);
    if (values.length) selected[key] = values;
  }
  return selected;
}

function remember(query, selected) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [key] of FILTERS) for (const value of selected[key] || []) params.append(key, value);
  const address = params.toString() ? `?${params}` : location.pathname;
  history.replaceState(null, "", address);
}

// Pagefind's excerpt is text with <mark> around the matched words. Only those marks become
// elements; everything else is put in as text, so no markup from an excerpt can run.
function excerptNodes(excerpt) {
  const decoder = document.createElement("textarea"); // parses as text: entities decoded, no tags
  const asText = (html) => {
    decoder.innerHTML = html;
    return decoder.value;
  };
  const nodes = [];
  excerpt.split(/(<mark>.*?<\/mark>)/s).forEach((part) => {
    const m = /^<mark>(.*)<\/mark>$/s.exec(part);
    if (m) {
      const mark = document.createElement("mark");
      mark.textContent = asText(m[1]);
      nodes.push(mark);
    } else if (part) {
      nodes.push(document.createTextNode(asText(part)));
    }
  });
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  item.append(heading);
  const facts = [];
  const f = data.filters || {};
  if (f.organisatie) facts.push(f.organisatie.join(", "));
  if (f.soort) facts.push(f.soort.join(", "));
  if (f.status) facts.push(f.status.join(", "));
  if (!f.organisatie && f.onderwerp) facts.push(`Onderwerp: ${f.onderwerp.join(", ")}`);
  if (facts.length) {
    const meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = facts.join(" · ");
    item.append(meta);
  }
  if (data.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    excerpt.append(...excerptNodes(data.excerpt));
    item.append(excerpt);
  }
  return item;
}

async function showMore(mine, focusFirst) {
  const batch = pending.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((r) => r.data()));
  if (mine !== generation) return;
  const items = data.map(resultItem);
  list.append(...items);
  shown += batch.length;
  more.hidden = shown >= pending.length;
  if (focusFirst && items.length) {
    const link = items[0].querySelector("a");
    link.focus();
  }
}

function describe(query, selected, count) {
  const n = Object.values(selected).reduce((sum, v) => sum + v.length, 0);
  const what = query ? `voor ‘${query}’` : "";
  const filtered = n ? ` met ${n} ${n === 1 ? "filter" : "filters"}` : "";
  if (count === 0) return `Geen resultaten ${what}${filtered}. Probeer een ander woord of minder filters.`.replace("  ", " ");
  return `${count} ${count === 1 ? "resultaat" : "resultaten"} ${what}${filtered}.`.replace("  ", " ");
}

// The topic names a query stands for by another word ('hic' -> 'High impact crime').
function alsoSearched(query) {
  const q = query.toLowerCase();
  const names = new Set([q, ...q.split(/\s+/)].map((word) => SYNONYMS[word]).filter(Boolean));
  return [...names].filter((name) => name.toLowerCase() !== q);
}

// Results of the query and of the topic names it stands for; the query's own first.
async function results(query, filters) {
  const engineReady = await engine();
  const searches = [query || null, ...(query ? alsoSearched(query) : [])]
    .map((q) => engineReady.search(q, { filters }));
  const seen = new Set();
  const merged = [];
  for (const search of await Promise.all(searches)) {
    for (const result of search.results) {
      if (!seen.has(result.id)) {
        seen.add(result.id);
        merged.push(result);
      }
    }
  }
  return merged;
}

function distance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

// 'Bedoelde u …?': each word of a query that the site does not have, replaced by the nearest
// word of the site's own vocabulary (one typo in a short word, two in a longer one).
async function suggest(query) {
  words ||= fetch(new URL("zoeken/woorden.json", SITE_ROOT)).then((r) => r.json());
  const vocabulary = await words;
  let changed = false;
  const better = query.toLowerCase().split(/\s+/).map((word) => {
    if (word.length < 4 || vocabulary.includes(word)) return word;
    const allowed = word.length <= 5 ? 1 : 2;
    let best = null;
    let bestDistance = allowed + 1;
    for (const candidate of vocabulary) {
      if (Math.abs(candidate.length - word.length) > allowed) continue;
      const d = distance(word, candidate);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    if (best === null) return word;
    changed = true;
    return best;
  });
  return changed ? better.join(" ") : null;
}

function showSuggestion(text) {
  suggestion.replaceChildren();
  suggestion.hidden = !text;
  if (!text) return;
  const link = document.createElement("a");
  link.href = `?q=${encodeURIComponent(text)}`;
  link.textContent = text;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    input.value = text;
    run().catch(fail);
  });
  suggestion.append("Bedoelde u: ", link, "?");
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const selected = selectedFromForm();
  remember(query, selected);
  list.replaceChildren();
  more.hidden = true;
  showSuggestion(null);
  pending = [];
  shown = 0;
  if (!query && Object.keys(selected).length === 0) {
    statusBox.textContent = "";
    return;
  }
  statusBox.textContent = "Bezig met zoeken…";
  const filters = {};
  for (const [key, values] of Object.entries(selected)) filters[key] = { any: values };
  pending = await results(query, filters);
  if (mine !== generation) return;
  await showMore(mine, false);
  if (mine !== generation) return;
  const also = query ? alsoSearched(query) : [];
  statusBox.textContent = describe(query, selected, pending.length)
    + (also.length ? ` Ook gezocht op ‘${also.join("’, ‘")}’.` : "");
  if (query && (pending.length === 0 || !everyWordMarked(query))) {
    const better = await suggest(query);  // fetches the vocabulary: only when a word may be a typo
    if (mine === generation) showSuggestion(better);
  }
}

// Whether each word of the query stands, as written, among the words the results highlight.
function everyWordMarked(query) {
  const marked = new Set([...list.querySelectorAll("mark")]
    .map((m) => m.textContent.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")));
  return query.toLowerCase().split(/\s+/).every((word) => word.length < 4 || marked.has(word));
}


function fail(error) {
  statusBox.textContent = "Het zoeken is mislukt. Probeer het later opnieuw, of bekijk de onderwerpen.";
  console.error(error);
}

async function start() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const selected = selectedFromAddress(params);
  buildPanels();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run().catch(fail);
  });
  filterBox.addEventListener("change", () => run().catch(fail));
  moreButton.addEventListener("click", () => showMore(generation, true).catch(fail));
  // Whoever turns to the search field is about to search: Pagefind loads while they type.
  input.addEventListener("focus", () => engine().catch(fail), { once: true });
  if (Object.keys(selected).length > 0) await fillPanels(selected);
  await run();
}

start().catch(fail);
