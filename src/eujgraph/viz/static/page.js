/* eujgraph page: draws the embedded graph with vis-network; search, filters, details, fi/en.
   Every text from the data is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("eujgraph-data").textContent);
  var T = {
    en: {search: "Search by name", find: "Find", language: "Language", reset: "Reset view", kinds: "Kinds",
         area: "Policy area", allAreas: "All policy areas", status: "Commitment status",
         shown: "{n} of {N} nodes and {e} edges shown", noMatch: "No match for “{q}”", more: "… {n} more",
         types: "Types", statusLabel: "Status", links: "Identifiers", relations: "Relations",
         evidence: "Supporting sentences", close: "Close", timeline: "Timeline",
         bigGraph: "A large graph: edges are drawn for the selected node, and for every node in view once you zoom in."},
    fi: {search: "Hae nimellä", find: "Hae", language: "Kieli", reset: "Palauta näkymä", kinds: "Lajit",
         area: "Politiikka-ala", allAreas: "Kaikki politiikka-alat", status: "Sitoumuksen tila",
         shown: "Näkyvissä {n}/{N} solmua ja {e} yhteyttä", noMatch: "Ei osumia haulle ”{q}”", more: "… {n} lisää",
         types: "Tyypit", statusLabel: "Tila", links: "Tunnisteet", relations: "Yhteydet",
         evidence: "Tukevat virkkeet", close: "Sulje", timeline: "Aikajana",
         bigGraph: "Suuri verkko: yhteydet piirretään valitulle solmulle ja kaikille näkyville solmuille, kun lähennät."}
  };
  var lang = data.lang;
  var byId = new Map();
  var adjacency = data.nodes.map(function () { return []; });
  data.nodes.forEach(function (n, i) { n.index = i; byId.set(n.id, n); });
  data.edges.forEach(function (e, i) {
    adjacency[e[0]].push(i);
    if (e[1] !== e[0]) adjacency[e[1]].push(i);
  });
  var kinds = new Map(data.kinds.map(function (k) { return [k.name, k]; }));
  var statuses = new Map(data.statuses.map(function (s) { return [s.name, s]; }));
  var state = {kinds: new Set(kinds.keys()), statuses: new Set(statuses.keys()), area: ""};
  var hidden = new Set();
  var current = null;
  var api = {timings: {script: performance.now()}};
  var $ = function (id) { return document.getElementById(id); };

  function t(key, vars) {
    return (T[lang] || T.en)[key].replace(/\{(\w+)\}/g, function (_, name) { return String(vars[name]); });
  }
  function pick(labels) {
    return labels[lang] || labels.en || labels.fi || Object.keys(labels).map(function (k) { return labels[k]; })[0] || "";
  }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function swatch(kind) {
    var node = el("span", null, "swatch shape-" + kind.shape);
    node.style.background = kind.color;
    return node;
  }

  function edgeItem(e, i, curve) {
    var item = {id: i, from: data.nodes[e[0]].id, to: data.nodes[e[1]].id};
    if (!data.fixed) {
      item.label = pick(data.relations[e[2]]);
      if (curve) item.smooth = {enabled: true, type: curve % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(curve / 2)};
    }
    return item;
  }
  /* Labels of the nodes an analyst looks for first (summits, people, instruments, new commitments,
     policy areas, hubs) are larger, so they stay readable when the whole graph is in view; the others appear on zooming in. */
  var BOOST = {summit: 14, event: 6, person: 12, organisation: 4, instrument: 8, area: 6};
  function fontSize(n) {
    return Math.round(12 + (n.size - 10) * 0.4 + (BOOST[n.kind] || 0) + (n.status === "new" ? 6 : 0));
  }
  function canvasLabel(n) {
    var text = pick(n.labels);
    return text.length > 44 ? text.slice(0, 42).trim() + "…" : text;
  }
  function tooltip(n) {
    var box = el("div", pick(n.labels));
    box.append(el("small", " · " + pick(kinds.get(n.kind).labels)));
    return box;
  }
  var seenPairs = new Map();
  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = {id: n.id, label: canvasLabel(n), group: n.kind, size: n.size, font: {size: fontSize(n)}};
    if (data.fixed) { item.x = n.x; item.y = n.y; } else { item.title = tooltip(n); }
    return item;
  }));
  var edgeItems = data.edges.map(function (e, i) {
    var pair = Math.min(e[0], e[1]) + " " + Math.max(e[0], e[1]);
    var curve = seenPairs.get(pair) || 0;
    seenPairs.set(pair, curve + 1);
    return edgeItem(e, i, curve);
  });
  var visEdges = new vis.DataSet(data.fixed ? [] : edgeItems);

  var groups = {};
  function darker(hex) {
    return "#" + [1, 3, 5].map(function (i) {
      return Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.6).toString(16).padStart(2, "0");
    }).join("");
  }
  data.kinds.forEach(function (k) {
    groups[k.name] = {shape: k.shape, color: {background: k.color, border: darker(k.color),
      highlight: {background: k.color, border: "#000"}, hover: {background: k.color, border: "#000"}}};
  });
  var options = {
    groups: groups,
    nodes: {borderWidth: data.fixed ? 0 : 1, borderWidthSelected: 3,
            font: {size: 14, face: "DejaVu Sans, Liberation Sans, Arial, sans-serif", color: "#1b1f24",
                   strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: 8, maxVisible: 24}}},
    edges: {width: 1, selectionWidth: 2, arrows: {to: {enabled: true, scaleFactor: 0.45}},
            color: {color: "#b9c0c8", highlight: "#2b2f36", hover: "#6c7580", inherit: false},
            font: {size: 10, color: "#5a636e", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
            smooth: data.fixed ? false : {enabled: true, type: "continuous", roundness: 0.3}},
    layout: {randomSeed: 20250723, improvedLayout: false},
    physics: data.fixed ? {enabled: false} : {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -90, centralGravity: 0.012, springLength: 120, springConstant: 0.06,
                         avoidOverlap: 0.6},
      stabilization: {enabled: true, iterations: 300, updateInterval: 100, fit: true}},
    interaction: {hover: !data.fixed, hideEdgesOnDrag: data.fixed, hideEdgesOnZoom: data.fixed,
                  keyboard: false, multiselect: false, tooltipDelay: 300}
  };
  api.timings.data = performance.now();
  var network = new vis.Network($("network"), {nodes: visNodes, edges: visEdges}, options);
  api.timings.network = performance.now();
  if (!data.fixed) {
    network.once("stabilizationIterationsDone", function () {
      api.timings.stabilized = performance.now();
      network.setOptions({physics: {enabled: false}});
      network.once("afterDrawing", markReady);
      network.fit();
    });
  }

  function markReady() {
    if (document.body.hasAttribute("data-ready")) return;
    api.firstRender = performance.now();
    document.body.setAttribute("data-ready", "true");
  }

  function visible(n) {
    if (!state.kinds.has(n.kind)) return false;
    if (state.area && n.areas !== undefined && n.areas.indexOf(state.area) < 0) return false;
    return n.status === undefined || state.statuses.has(n.status);
  }
  function applyFilters() {
    var updates = [];
    data.nodes.forEach(function (n) {
      var hide = !visible(n);
      if (hide !== hidden.has(n.id)) {
        if (hide) hidden.add(n.id); else hidden.delete(n.id);
        updates.push({id: n.id, hidden: hide});
      }
    });
    if (updates.length) visNodes.update(updates);
    refreshEdges();
  }

  /* Big graphs (layout computed in Python): draw the edges of the selected node (up to a budget)
     and, once few enough nodes are in view, the edges between them; recomputed after zoom or pan. */
  var EDGE_NODE_BUDGET = 2500, SELECTED_EDGE_BUDGET = 1000;
  function refreshEdges() {
    if (!data.fixed) return showCounts();
    var corner = network.DOMtoCanvas({x: 0, y: 0});
    var canvas = $("network");
    var far = network.DOMtoCanvas({x: canvas.clientWidth, y: canvas.clientHeight});
    var inView = new Uint8Array(data.nodes.length);
    var count = 0;
    data.nodes.forEach(function (n, i) {
      if (!hidden.has(n.id) && n.x >= corner.x && n.x <= far.x && n.y >= corner.y && n.y <= far.y) {
        inView[i] = 1;
        count++;
      }
    });
    var wanted = new Set();
    if (count <= EDGE_NODE_BUDGET) {
      data.edges.forEach(function (e, i) { if (inView[e[0]] && inView[e[1]]) wanted.add(i); });
    }
    if (current) {
      adjacency[byId.get(current).index].slice(0, SELECTED_EDGE_BUDGET).forEach(function (i) { wanted.add(i); });
    }
    var drop = visEdges.getIds().filter(function (i) { return !wanted.has(i); });
    var have = new Set(visEdges.getIds());
    var add = [];
    wanted.forEach(function (i) { if (!have.has(i)) add.push(edgeItems[i]); });
    if (drop.length) visEdges.remove(drop);
    if (add.length) visEdges.add(add);
    showCounts();
  }
  var refreshTimer = null;
  function refreshEdgesSoon() {
    if (!data.fixed) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshEdges, 150);
  }
  function showCounts() {
    $("counts").textContent = t("shown", {n: network.body.nodeIndices.length, N: data.nodes.length,
                                          e: network.body.edgeIndices.length});
  }

  // One checkbox of a filter list: ticking it adds ``name`` to ``selected`` and refilters.
  function filterItem(selected, name, content) {
    var box = el("input");
    box.type = "checkbox"; box.value = name; box.checked = selected.has(name);
    box.addEventListener("change", function () {
      if (box.checked) selected.add(name); else selected.delete(name);
      applyFilters();
    });
    var label = el("label");
    label.append.apply(label, [box].concat(content));
    var item = el("li");
    item.append(label);
    return item;
  }
  function buildLegend() {
    var list = $("legend");
    list.replaceChildren();
    data.kinds.forEach(function (k) {
      list.append(filterItem(state.kinds, k.name,
        [swatch(k), el("span", pick(k.labels)), el("span", String(k.count), "count")]));
    });
  }
  function buildAreas() {
    var select = $("area");
    select.replaceChildren();
    var all = el("option", t("allAreas"));
    all.value = "";
    select.append(all);
    data.areas.forEach(function (a) {
      var option = el("option", "\u00a0\u00a0".repeat(a.depth) + pick(a.labels));
      option.value = a.id;
      select.append(option);
    });
    select.value = state.area;
  }
  function buildStatuses() {
    var list = $("statuses");
    list.replaceChildren();
    $("status-section").hidden = !data.statuses.length;
    data.statuses.forEach(function (s) {
      list.append(filterItem(state.statuses, s.name, [el("span", pick(s.labels))]));
    });
  }
  function translatePage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = t(node.getAttribute("data-t")); });
    $("search").placeholder = t("search");
    $("search-button").textContent = t("find");
    $("reset").textContent = t("reset");
    $("lang").value = lang;
    $("big-graph").textContent = data.fixed ? t("bigGraph") : "";
    buildLegend(); buildAreas(); buildStatuses(); showCounts();
  }

  function nodeButton(id) {
    var n = byId.get(id);
    var button = el("button", n ? pick(n.labels) : id);
    button.type = "button";
    if (n) button.addEventListener("click", function () { select(id); });
    return button;
  }
  function definitionList(rows) {
    var list = el("dl");
    rows.forEach(function (row) { list.append(el("dt", row[0])); var dd = el("dd"); dd.append(row[1]); list.append(dd); });
    return list;
  }
  function factRows(n) {
    var withLang = new Set(n.facts.filter(function (f) { return f.lang === lang; }).map(function (f) { return pick(f.p); }));
    return n.facts.filter(function (f) {
      return !f.lang || f.lang === lang || !withLang.has(pick(f.p));
    }).map(function (f) {
      return [pick(f.p), typeof f.v === "string" ? f.v : pick(f.v)];
    });
  }
  function showDetails(id) {
    var n = byId.get(id);
    if (!n) return;
    current = id;
    refreshEdges();
    var panel = $("details");
    panel.replaceChildren();
    panel.hidden = false;
    var close = el("button", "×", "close");
    close.type = "button"; close.title = t("close");
    close.addEventListener("click", closeDetails);
    var kind = el("p", null, "kind");
    kind.append(swatch(kinds.get(n.kind)), el("span", pick(kinds.get(n.kind).labels)));
    panel.append(close, kind, el("h2", pick(n.labels)));
    data.languages.forEach(function (other) {
      if (other !== lang && n.labels[other] && n.labels[other] !== pick(n.labels)) {
        panel.append(el("p", other + ": " + n.labels[other], "other-label"));
      }
    });
    var rows = [];
    if (n.types.length) rows.push([t("types"), n.types.map(pick).join(", ")]);
    if (n.status) rows.push([t("statusLabel"), pick(statuses.get(n.status).labels)]);
    panel.append(definitionList(rows.concat(factRows(n))));
    if (n.links.length) {
      panel.append(el("h3", t("links")));
      panel.append(definitionList(n.links.map(function (link) {
        var a = el("a", link.text);
        a.href = link.href; a.target = "_blank"; a.rel = "noopener noreferrer";
        return [pick(link.p), a];
      })));
    }
    if (n.evidence.length) {
      panel.append(el("h3", t("evidence")));
      n.evidence.forEach(function (e) {
        var figure = el("figure", null, "evidence");
        var quote = el("blockquote");
        e.text.forEach(function (part, i) { quote.append(i % 2 ? el("mark", part) : document.createTextNode(part)); });
        var caption = el("figcaption");
        caption.append(byId.has(e.doc) ? nodeButton(e.doc) : document.createTextNode(pick(e.docLabels) || e.doc));
        figure.append(quote, caption);
        panel.append(figure);
      });
    }
    var related = adjacency[n.index].map(function (i) {
      var e = data.edges[i];
      var out = e[0] === n.index;
      return {out: out, relation: pick(data.relations[e[2]]), other: data.nodes[out ? e[1] : e[0]]};
    }).sort(function (a, b) {
      return a.relation.localeCompare(b.relation) || pick(a.other.labels).localeCompare(pick(b.other.labels));
    });
    if (related.length) {
      panel.append(el("h3", t("relations")));
      var list = el("ul");
      related.slice(0, 200).forEach(function (r) {
        var item = el("li");
        item.append(el("span", r.out ? r.relation + " → " : "← " + r.relation + ": ", "relation"), nodeButton(r.other.id));
        list.append(item);
      });
      if (related.length > 200) list.append(el("li", t("more", {n: related.length - 200})));
      panel.append(list);
    }
    panel.append(el("p", n.iri, "iri"));
  }
  function closeDetails() {
    current = null;
    refreshEdges();
    $("details").hidden = true;
    network.unselectAll();
  }
  function select(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), offset: {x: -180, y: 0}, animation: false});
    showDetails(id);
  }

  function search(query) {
    var q = query.trim().toLowerCase();
    var results = $("results");
    results.replaceChildren();
    if (!q) return [];
    var rank = function (n) {
      var own = pick(n.labels).toLowerCase();
      return own.indexOf(q) === 0 ? 0 : own.indexOf(q) > 0 ? 1 : 2;
    };
    var found = data.nodes.filter(function (n) {
      return !hidden.has(n.id) && (n.id.toLowerCase().indexOf(q) >= 0 || Object.keys(n.labels).some(function (l) {
        return n.labels[l].toLowerCase().indexOf(q) >= 0;
      }));
    }).sort(function (a, b) { return rank(a) - rank(b) || pick(a.labels).localeCompare(pick(b.labels)); });
    if (!found.length) {
      results.append(el("li", t("noMatch", {q: query.trim()}), "none"));
      return [];
    }
    select(found[0].id);
    if (found.length > 1) {
      found.slice(0, 20).forEach(function (n) { var item = el("li"); item.append(nodeButton(n.id)); results.append(item); });
      if (found.length > 20) results.append(el("li", t("more", {n: found.length - 20})));
    }
    return found.map(function (n) { return n.id; });
  }

  function setLanguage(next) {
    lang = next;
    visNodes.update(data.nodes.map(function (n) {
      return data.fixed ? {id: n.id, label: canvasLabel(n)} : {id: n.id, label: canvasLabel(n), title: tooltip(n)};
    }));
    if (!data.fixed) {
      visEdges.update(data.edges.map(function (e, i) { return {id: i, label: pick(data.relations[e[2]])}; }));
    }
    translatePage();
    if (current) showDetails(current);
  }
  function reset() {
    state = {kinds: new Set(kinds.keys()), statuses: new Set(statuses.keys()), area: ""};
    $("search").value = "";
    $("results").replaceChildren();
    applyFilters();
    translatePage();
    closeDetails();
    network.fit({animation: false});
  }

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
    else if (!params.edges.length) closeDetails();
  });
  $("search-form").addEventListener("submit", function (event) { event.preventDefault(); search($("search").value); });
  $("lang").addEventListener("change", function () { setLanguage($("lang").value); });
  $("area").addEventListener("change", function () { state.area = $("area").value; applyFilters(); });
  $("reset").addEventListener("click", reset);
  network.on("zoom", refreshEdgesSoon);
  network.on("dragEnd", refreshEdgesSoon);

  Object.assign(api, {network: network, nodes: visNodes, edges: visEdges, data: data, search: search, select: select,
             setLanguage: setLanguage, reset: reset, state: function () { return state; }, applyFilters: applyFilters});
  window.eujgraph = api;
  translatePage();
  if (data.fixed || !data.nodes.length) {
    network.fit({animation: false});
    refreshEdges();
    network.once("afterDrawing", markReady);
    network.redraw();
  }
})();
