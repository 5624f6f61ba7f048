// Search page (zoeken/): a small Dutch interface over Pagefind's JavaScript API.
// The form works as a plain GET form (zoeken/?q=...&organisatie=...); this script reads
// the address, runs the search in the browser, shows results with highlighted excerpts and
// announces the count in a live region. Nothing is loaded from another host.

const SITE_ROOT = new URL("../", import.meta.url); // this file lives in <site>/assets/
const PAGE_SIZE = 10; // results per batch: each needs its own fragment fetched (about 2.5 KB gzip)
const FILTERS = [
  ["organisatie", "Organisatie"],
  ["onderwerp", "Onderwerp"],
  ["soort", "Soort plan"],
  ["status", "Status"],
];

const form = document.getElementById("zoekformulier");
const input = document.getElementById("zoekveld");
const filterBox = document.getElementById("zoekfilters");
const statusBox = document.getElementById("zoekstatus");
const list = document.getElementById("zoekresultaten");
const more = document.getElementById("zoekmeer");
const moreButton = document.getElementById("zoekmeerknop");

let pagefind = null;
let generation = 0; // a newer search makes older, slower ones drop their results
let pending = []; // results not shown yet
let shown = 0;

async function engine() {
  if (pagefind === null) {
    pagefind = await import(new URL("pagefind/pagefind.js", SITE_ROOT).href);
    await pagefind.options({ baseUrl: SITE_ROOT.pathname, excerptLength: 30 });
    await pagefind.init();
  }
  return pagefind;
}

function collator() {
  return new Intl.Collator("nl", { sensitivity: "base", numeric: true });
}

async function buildFilters(selected) {
  const available = await (await engine()).filters();
  const compare = collator().compare;
  filterBox.replaceChildren();
  for (const [key, label] of FILTERS) {
    const values = Object.keys(available[key] || {}).sort(compare);
    if (values.length === 0) continue;
    const details = document.createElement("details");
    const chosen = selected[key] || [];
    details.open = chosen.length > 0 || key === "organisatie";
    const summary = document.createElement("summary");
    summary.textContent = label;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = `Filter op ${label.toLowerCase()}`;
    fieldset.append(legend);
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
    details.append(summary, fieldset);
    filterBox.append(details);
  }
  filterBox.hidden = filterBox.childElementCount === 0;
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

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const selected = selectedFromForm();
  remember(query, selected);
  list.replaceChildren();
  more.hidden = true;
  pending = [];
  shown = 0;
  if (!query && Object.keys(selected).length === 0) {
    statusBox.textContent = "";
    return;
  }
  statusBox.textContent = "Bezig met zoeken…";
  const filters = {};
  for (const [key, values] of Object.entries(selected)) filters[key] = { any: values };
  const search = await (await engine()).search(query || null, { filters });
  if (mine !== generation) return;
  pending = search.results;
  await showMore(mine, false);
  if (mine !== generation) return;
  statusBox.textContent = describe(query, selected, pending.length);
}

function fail(error) {
  statusBox.textContent = "Het zoeken is mislukt. Probeer het later opnieuw, of bekijk de onderwerpen.";
  console.error(error);
}

async function start() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  await buildFilters(selectedFromAddress(params));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run().catch(fail);
  });
  filterBox.addEventListener("change", () => run().catch(fail));
  moreButton.addEventListener("click", () => showMore(generation, true).catch(fail));
  await run();
}

start().catch(fail);
