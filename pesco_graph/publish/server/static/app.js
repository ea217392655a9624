// The PESCO query page: named queries as examples, results as a table, downloads.
"use strict";

const BASE = "https://w3id.org/pesco-kg/";
const PREFIXES = {
  pesco: "https://w3id.org/pesco-kg/ontology#",
  org: "http://www.w3.org/ns/org#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  owl: "http://www.w3.org/2002/07/owl#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  dcterms: "http://purl.org/dc/terms/",
  eli: "http://data.europa.eu/eli/ontology#",
  time: "http://www.w3.org/2006/time#",
  prov: "http://www.w3.org/ns/prov#",
  dcat: "http://www.w3.org/ns/dcat#",
  foaf: "http://xmlns.com/foaf/0.1/",
};
const DEFAULT_QUERY = `SELECT ?project ?name WHERE {
  ?project a pesco:Project ; rdfs:label ?name .
}
ORDER BY ?name
LIMIT 20`;

const $ = (id) => document.getElementById(id);
let examples = [];
let lastQuery = null;

function withPrefixes(query) {
  const declared = new Set();
  for (const m of query.matchAll(/PREFIX\s+([A-Za-z][\w.-]*)?:/gi)) declared.add(m[1] || "");
  const needed = Object.keys(PREFIXES).filter(
    (p) => !declared.has(p) && new RegExp(`(^|[\\s(/^|,;.{}!])${p}:`).test(query));
  return needed.map((p) => `PREFIX ${p}: <${PREFIXES[p]}>\n`).join("") + query;
}

function localLink(iri) {
  // IRIs under the base open the local resource page; others stay as they are
  return iri.startsWith(BASE) ? "/" + iri.slice(BASE.length) : iri;
}

// the named queries give projects by slug and states by ISO code in these columns
const KEY_COLUMNS = { project: "project/", state: "state/", stateA: "state/", stateB: "state/" };
const KEY_VALUE = /^[A-Za-z0-9-]+$/;

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function cell(term, column) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.appendChild(link(localLink(term.value), term.value));
  } else if (KEY_COLUMNS[column] && term.type === "literal" && KEY_VALUE.test(term.value)) {
    td.appendChild(link("/" + KEY_COLUMNS[column] + term.value, term.value));
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
    else if (term.datatype) td.title = term.datatype;
  }
  return td;
}

function showTable(data) {
  const results = $("results");
  results.textContent = "";
  if (typeof data.boolean === "boolean") {
    results.textContent = data.boolean ? "true" : "false";
    return 1;
  }
  const vars = data.head.vars;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of data.results.bindings) {
    const tr = body.insertRow();
    for (const v of vars) tr.appendChild(cell(row[v], v));
  }
  results.appendChild(table);
  return data.results.bindings.length;
}

async function post(query, accept) {
  return fetch("/query", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: accept },
    body: query,
  });
}

function setStatus(text, error) {
  const status = $("status");
  status.textContent = text;
  status.className = error ? "error" : "";
}

async function run() {
  const query = withPrefixes($("query").value);
  const graphForm = /^\s*(CONSTRUCT|DESCRIBE)\b/im.test(query.replace(/#[^\n]*/g, ""));
  setStatus("running…", false);
  $("results").textContent = "";
  const started = performance.now();
  let response;
  try {
    response = await post(query, graphForm ? "text/turtle" : "application/sparql-results+json");
  } catch (e) {
    setStatus("the server did not answer: " + e, true);
    return;
  }
  const text = await response.text();
  if (!response.ok) {
    setStatus(`error ${response.status}: ${text.trim()}`, true);
    lastQuery = null;
    $("download-csv").disabled = $("download-json").disabled = true;
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (graphForm) {
    const pre = document.createElement("pre");
    pre.className = "graph";
    pre.textContent = text;
    $("results").appendChild(pre);
    setStatus(`graph in ${seconds} s`, false);
    lastQuery = null;
  } else {
    const rows = showTable(JSON.parse(text));
    setStatus(`${rows} result${rows === 1 ? "" : "s"} in ${seconds} s`, false);
    lastQuery = query;
  }
  $("download-csv").disabled = $("download-json").disabled = lastQuery === null;
}

async function download(accept, filename) {
  if (lastQuery === null) return;
  const response = await post(lastQuery, accept);
  if (!response.ok) {
    setStatus(`error ${response.status}: ${(await response.text()).trim()}`, true);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function showParams(example) {
  const form = $("params");
  form.textContent = "";
  for (const p of example.params) {
    const label = document.createElement("label");
    label.textContent = p.name + (p.required ? "" : " (optional)");
    label.title = p.description;
    const input = document.createElement("input");
    input.name = p.name;
    input.value = example.example[p.name] || "";
    input.placeholder = p.description;
    input.addEventListener("change", () => rebind(example));
    label.appendChild(input);
    form.appendChild(label);
  }
}

async function rebind(example) {
  const params = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) {
    if (input.value.trim()) params.set(input.name, input.value.trim());
  }
  const response = await fetch(`/_api/queries/${encodeURIComponent(example.name)}?${params}`);
  if (!response.ok) {
    setStatus((await response.text()).trim(), true);
    return;
  }
  $("query").value = (await response.json()).query;
  setStatus("", false);
}

function choose(name) {
  const example = examples.find((e) => e.name === name);
  if (!example) return;
  $("query").value = example.text;
  $("example-description").textContent = example.description;
  showParams(example);
}

async function init() {
  $("prefix-list").textContent = Object.keys(PREFIXES).map((p) => p + ":").join(" ");
  $("query").value = withPrefixes(DEFAULT_QUERY);
  $("run").addEventListener("click", run);
  $("download-csv").addEventListener("click", () => download("text/csv", "results.csv"));
  $("download-json").addEventListener("click",
    () => download("application/sparql-results+json", "results.json"));
  $("example").addEventListener("change", (e) => choose(e.target.value));
  const response = await fetch("/_api/queries");
  examples = await response.json();
  for (const e of examples) {
    const option = document.createElement("option");
    option.value = e.name;
    option.textContent = `${e.title} (${e.name})`;
    $("example").appendChild(option);
  }
  const wanted = new URLSearchParams(location.search).get("example");
  if (wanted) {
    $("example").value = wanted;
    choose(wanted);
  }
}

init();
