// The query page: fills the form from the catalogue, runs queries, renders escaped tables.
// Text goes into the page only through textContent, never as HTML.
"use strict";

const catalogue = new Map();

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function showStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = isError ? "error" : "";
}

function termText(term) {
  if (!term) return "";
  if (term.type === "triple") {
    const v = term.value;
    return "<< " + [v.subject, v.predicate, v.object].map(termText).join(" ") + " >>";
  }
  return term.value;
}

function renderSolutions(data) {
  const results = document.getElementById("results");
  results.replaceChildren();
  if (typeof data.boolean === "boolean") {
    results.append(el("p", data.boolean ? "true" : "false"));
    showStatus("ASK answered");
    return;
  }
  const vars = data.head.vars;
  const table = el("table");
  const head = el("tr");
  for (const name of vars) head.append(el("th", name));
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  for (const row of data.results.bindings) {
    const tr = el("tr");
    for (const name of vars) {
      const term = row[name];
      const td = el("td", termText(term));
      if (term && term.type === "uri") td.title = term.value;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  results.append(table);
  const n = data.results.bindings.length;
  showStatus(n + (n === 1 ? " row" : " rows"));
}

function renderText(text) {
  const results = document.getElementById("results");
  results.replaceChildren(el("pre", text));
  showStatus("graph result (Turtle)");
}

async function runQuery() {
  const name = document.getElementById("example").value;
  let response;
  showStatus("running…");
  try {
    if (name && !queryEdited()) {
      const params = new URLSearchParams();
      for (const input of document.querySelectorAll("#parameters input")) {
        if (input.value.trim()) params.set(input.name, input.value.trim());
      }
      response = await fetch("/sparql/queries/" + encodeURIComponent(name) + "?" + params, {
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      });
    } else {
      const form = new URLSearchParams({ query: document.getElementById("query").value });
      response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: form,
      });
    }
  } catch (err) {
    showStatus("the server did not answer: " + err, true);
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    document.getElementById("results").replaceChildren();
    showStatus(response.status + ": " + (await response.text()), true);
  } else if (type.startsWith("application/sparql-results+json")) {
    renderSolutions(await response.json());
  } else {
    renderText(await response.text());
  }
}

let loadedText = "";
function queryEdited() {
  return document.getElementById("query").value !== loadedText;
}

function chooseExample() {
  const name = document.getElementById("example").value;
  const params = document.getElementById("parameters");
  const description = document.getElementById("example-description");
  params.replaceChildren();
  description.textContent = "";
  if (!name) return;
  const query = catalogue.get(name);
  description.textContent = query.title + ": " + query.description;
  const example = query.examples[0] || "";
  for (const param of query.parameters) {
    const label = el("label", param.name + (param.required ? "" : " (optional)") + ": " + param.description);
    const input = el("input");
    input.name = param.name;
    input.id = "param-" + param.name;
    label.htmlFor = input.id;
    const match = example.match(new RegExp("-p " + param.name + "=(\\S+)"));
    if (match) input.value = match[1];
    params.append(label, input);
  }
  document.getElementById("query").value = query.sparql;
  loadedText = query.sparql;
}

async function loadCatalogue() {
  try {
    const response = await fetch("/sparql/queries", { headers: { Accept: "application/json" } });
    const select = document.getElementById("example");
    for (const query of await response.json()) {
      catalogue.set(query.name, query);
      const option = el("option", query.name + " — " + query.title);
      option.value = query.name;
      select.append(option);
    }
  } catch (err) {
    showStatus("could not load the canned queries: " + err, true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  loadCatalogue();
  document.getElementById("example").addEventListener("change", chooseExample);
  document.getElementById("run").addEventListener("click", runQuery);
  document.getElementById("query-form").addEventListener("submit", (event) => {
    const name = document.getElementById("example").value;
    if (name && !queryEdited()) {
      // a canned query with parameters downloads through its own route
      event.preventDefault();
      const params = new URLSearchParams({ format: document.getElementById("format").value });
      for (const input of document.querySelectorAll("#parameters input")) {
        if (input.value.trim()) params.set(input.name, input.value.trim());
      }
      window.location.href = "/sparql/queries/" + encodeURIComponent(name) + "?" + params;
    }
  });
});
