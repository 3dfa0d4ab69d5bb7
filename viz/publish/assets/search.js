// Search over the labels of the site's resources: no framework, no network.
// The labels come from search-data.js (a script, not fetch(), so that file:// works too),
// loaded on first use. Input is NFKC-normalized like the data (kg.japanese.nfkc).
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!input || !list) { return; }
  var root = input.getAttribute("data-root") || "";
  var loading = false;
  var pending = null;
  var ready = false;

  function norm(text) { return text.normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }

  function load(then) {
    if (ready) { then(); return; }
    pending = then;  // the latest wish runs once the labels are there
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search-data.js";
    script.onload = function () {
      window.KG_LABELS.forEach(function (row) { row.push(norm(row[0] + " " + (row[1] || ""))); });
      ready = true;
      if (pending) { pending(); }
    };
    document.head.appendChild(script);
  }

  function show() {
    var query = norm(input.value);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query) { status.textContent = ""; return; }
    var shown = 0, found = 0;
    window.KG_LABELS.forEach(function (row) {
      if (row[4].indexOf(query) === -1) { return; }
      found += 1;
      if (shown >= 200) { return; }
      shown += 1;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + row[3] + ".html";
      link.textContent = row[0];
      item.appendChild(link);
      var kind = document.createElement("span");
      kind.className = "kind-tag";
      kind.textContent = row[2];
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
      if (row[1] && row[1] !== row[0]) {
        var en = document.createElement("span");
        en.className = "en";
        en.textContent = " " + row[1];
        item.appendChild(en);
      }
      list.appendChild(item);
    });
    status.textContent = found + " 件" + (found > shown ? "（先頭 " + shown + " 件を表示）" : "");
  }

  input.addEventListener("input", function () { load(show); });
  input.addEventListener("focus", function () { load(function () {}); });
})();
