/* kg viz: draw the page's graph with vis-network; legend, filters, tooltips and details.
 * Every text from the records goes into the page through textContent or text nodes, never
 * as HTML; links are used only when they resolve to http(s) or file URLs. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodeCount = data.nodes.length;

  function el(tag, text, cls) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (cls) element.className = cls;
    return element;
  }

  function safeHref(href) {
    if (typeof href !== "string" || href === "") return null;
    try {
      var url = new URL(href, document.baseURI);
      return ["http:", "https:", "file:"].indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  var kindColour = {};
  data.kinds.forEach(function (k) { kindColour[k.kind] = k.colour; });
  var colourMode = "kind";
  function colourOf(n) {
    if (colourMode === "community") {
      return data.communityColours[n.community % data.communityColours.length];
    }
    return kindColour[n.kind] || "#999999";
  }

  function countsText(n) {
    var parts = [n.kind];
    if (n.statements) parts.push(n.statements + (n.statements === 1 ? " statement" : " statements"));
    parts.push(n.degree + (n.degree === 1 ? " link" : " links"));
    if (n.speaker) parts.push(n.speaker);
    return parts.join(" · ");
  }

  function describe(n, box) {
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", countsText(n)));
    n.excerpts.forEach(function (excerpt) {
      var p = el("p");
      p.appendChild(el("time", excerpt[0] || "undated"));
      p.appendChild(document.createTextNode(excerpt[1]));
      box.appendChild(p);
    });
    return box;
  }

  function tooltip(n) {
    var box = describe(n, el("div", null, "kg-tip"));
    box.appendChild(el("div", n.href || n.iri, "kg-iri"));
    return box;
  }

  // Edge tooltips hold only the page's own words and numbers: plain strings, which
  // vis-network shows with innerText (node tooltips, holding record text, are elements).
  function edgeTooltip(kind, weight, extra) {
    var text = kind + " · " + weight;
    return extra ? text + " (" + extra + ")" : text;
  }

  var neighbours = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e) {
    neighbours[e[0]].push(e[1]);
    neighbours[e[1]].push(e[0]);
  });

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, value: n.value,
      color: colourOf(n), title: tooltip(n)
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var kind = data.edgeKinds[e[2]];
    return {
      id: i, from: e[0], to: e[1], width: 1 + Math.log2(e[3]),
      arrows: kind.arrows ? "to" : "", dashes: kind.dashes,
      title: edgeTooltip(kind.name, e[3], e[4])
    };
  }));
  var large = nodeCount > 1000;
  var network = new vis.Network(document.getElementById("kg-graph"), { nodes: nodes, edges: edges }, {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: !large, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
    nodes: {
      shape: "dot",
      scaling: { min: 6, max: 36, label: { enabled: true, min: 11, max: 22, drawThreshold: 7 } },
      font: { size: 12 }
    },
    edges: { smooth: false, color: { color: "#9aa5b1", highlight: "#444444", opacity: 0.6 } }
  });
  window.kg = { network: network, nodes: nodes, edges: edges, data: data, show: null };
  network.once("afterDrawing", function () {
    window.kgReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // Legend: one entry per kind, with a check box that hides or shows that kind.
  var hiddenKinds = {};
  function drawLegend() {
    var legend = document.getElementById("kg-legend");
    legend.textContent = "";
    if (colourMode === "community") {
      legend.appendChild(el("li", data.communities + " communities (Louvain)"));
    }
    data.kinds.forEach(function (k) {
      var item = el("li");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !hiddenKinds[k.kind];
      box.addEventListener("change", function () {
        hiddenKinds[k.kind] = !box.checked;
        applyFilters();
      });
      var swatch = el("span", null, "swatch");
      swatch.style.background = colourMode === "kind" ? k.colour : "transparent";
      item.appendChild(box);
      item.appendChild(swatch);
      item.appendChild(el("span", k.kind + " (" + k.count + ")"));
      legend.appendChild(item);
    });
  }

  function fillSelect(id, labels) {
    var select = document.getElementById(id);
    labels.forEach(function (label, index) {
      var option = el("option", label);
      option.value = String(index);
      select.appendChild(option);
    });
    return select;
  }
  var sessionSelect = fillSelect("kg-session", data.sessions.map(function (s) {
    return (s[1] ? s[1] + " " : "") + s[0];
  }));
  var topicSelect = fillSelect("kg-topic", data.topics);
  var typeSelect = fillSelect("kg-orgtype", data.orgTypes);
  var fromInput = document.getElementById("kg-from");
  var toInput = document.getElementById("kg-to");
  var dates = data.sessions.map(function (s) { return s[1]; }).filter(Boolean).sort();
  if (dates.length) {
    [fromInput, toInput].forEach(function (input) {
      input.min = dates[0];
      input.max = dates[dates.length - 1];
    });
  }

  function selected(select) {
    return select.value === "" ? null : Number(select.value);
  }

  // A node fails a filter it has values for and does not match; one without values for an
  // active filter (a post has no session of its own) stays when a neighbour passes.
  function applyFilters() {
    var session = selected(sessionSelect), topic = selected(topicSelect);
    var type = selected(typeSelect), from = fromInput.value, to = toInput.value;
    var status = data.nodes.map(function (n) {
      if (hiddenKinds[n.kind]) return 0;
      var lacks = false, fails = false;
      function check(values, active, test) {
        if (!active) return;
        if (values.length === 0) lacks = true;
        else if (!values.some(test)) fails = true;
      }
      check(n.s, session !== null, function (v) { return v === session; });
      check(n.s, Boolean(from || to), function (v) {
        var date = data.sessions[v][1];
        return Boolean(date) && (!from || date >= from) && (!to || date <= to);
      });
      check(n.t, topic !== null, function (v) { return v === topic; });
      check(n.o, type !== null, function (v) { return v === type; });
      return fails ? 0 : lacks ? 1 : 2;
    });
    var updates = [], shown = 0;
    data.nodes.forEach(function (n, i) {
      var visible = status[i] === 2 || (status[i] === 1 && neighbours[i].some(function (j) {
        return status[j] === 2;
      }));
      if (visible) shown += 1;
      updates.push({ id: n.id, hidden: !visible });
    });
    nodes.update(updates);
    document.getElementById("kg-shown").textContent =
      "Showing " + shown + " of " + nodeCount + " nodes.";
  }

  [sessionSelect, topicSelect, typeSelect, fromInput, toInput].forEach(function (control) {
    control.addEventListener("change", applyFilters);
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    [sessionSelect, topicSelect, typeSelect, fromInput, toInput].forEach(function (c) {
      c.value = "";
    });
    hiddenKinds = {};
    drawLegend();
    applyFilters();
  });
  document.querySelectorAll("input[name=kg-colour]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      colourMode = radio.value;
      nodes.update(data.nodes.map(function (n) { return { id: n.id, color: colourOf(n) }; }));
      drawLegend();
    });
  });

  function showDetails(id) {
    var details = document.getElementById("kg-details");
    details.textContent = "";
    if (id === undefined || id === null) return;
    var n = data.nodes[id];
    describe(n, details);
    var href = safeHref(n.href);
    if (href) {
      var link = el("a", n.href);
      link.href = href;
      link.rel = "noopener";
      details.appendChild(el("div", null, "kg-iri")).appendChild(link);
    } else {
      details.appendChild(el("div", n.iri, "kg-iri"));
    }
  }
  window.kg.show = showDetails;
  network.on("click", function (params) { showDetails(params.nodes[0]); });
  network.on("doubleClick", function (params) {
    var id = params.nodes[0];
    var href = id === undefined ? null : safeHref(data.nodes[id].href);
    if (href) window.location.href = href;
  });

  drawLegend();
  document.getElementById("kg-shown").textContent = "Showing " + nodeCount + " nodes.";
})();
