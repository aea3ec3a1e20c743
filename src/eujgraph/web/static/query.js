/* eujgraph query page: YASGUI on this server's /sparql, the query library with parameter forms,
   shareable result addresses and CSV / JSON downloads; the page's language follows `lang` in the
   address. Results open in YASR's simple view, which here also shows each IRI by its label where
   the answer has one beside it (?x with ?xLabel or ?xTitle); the table's "Simple view" switch
   turns it off. Text from the data or the address is always inserted with textContent (or
   escaped by the DOM, as in outerHTML), never as HTML. */
(function () {
  "use strict";
  var library = JSON.parse(document.getElementById("library-data").textContent);
  var byName = new Map(library.map(function (q) { return [q.name, q]; }));
  var endpoint = location.origin + "/sparql";
  var NAMESPACE = "https://w3id.org/eujgraph/id/";
  var T = {
    en: {library: "Question library", language: "Language", run: "Run", share: "Link to these results",
         required: "required", shared: "Shared query"},
    fi: {library: "Kysymyskirjasto", language: "Kieli", run: "Suorita", share: "Linkki näihin tuloksiin",
         required: "pakollinen", shared: "Jaettu kysely"}
  };
  var start = new URLSearchParams(location.search);
  var lang = Object.prototype.hasOwnProperty.call(T, start.get("lang")) ? start.get("lang") : "en";
  var selected = null;
  var libraryTabs = {};   /* tab id -> {name, values, sparql} of the library query it last ran */
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  var title = function (q) { return q.title[lang] || q.title.en || q.name; };

  /* The results table: YASR's own, opening in its simple view; there an IRI with a label column
     beside it shows as its label, linked, and the label column is hidden. */
  var LABEL_SUFFIXES = ["Label", "Title"];
  class LabelledTable extends Yasgui.Yasr.plugins.table {
    getColumns() {
      var columns = super.getColumns();
      if (!this.persistentConfig.compact) return columns;
      var index = new Map(columns.map(function (column, i) { return [column.name, i]; }));
      var newWindow = this.config.openIriInNewWindow;
      columns.forEach(function (column, i) {
        var j = LABEL_SUFFIXES.map(function (suffix) { return index.get(column.name + suffix); })
                              .find(function (at) { return at !== undefined; });
        if (i === 0 || j === undefined) return;
        columns[j] = Object.assign({}, columns[j], {visible: false});
        var render = column.render;
        column.render = function (cell, type, row, meta) {
          var label = row[j];
          if (!cell || !label || label.type !== "literal") return render(cell, type, row, meta);
          if (type !== "display") return label.value;
          var span = el("span");
          if (cell.type === "uri" && /^https?:\/\//.test(cell.value)) {
            var link = el("a", label.value, "iri");
            link.href = cell.value;
            link.title = cell.value;
            if (newWindow) { link.target = "_blank"; link.rel = "noopener noreferrer"; }
            span.append(link);
          } else {
            span.append(el("span", label.value, "nonIri"));
            span.title = cell.value;
          }
          return "<div>" + span.outerHTML + "</div>";
        };
      });
      return columns;
    }
  }
  Yasgui.Yasr.registerPlugin("table", LabelledTable);
  Yasgui.Yasr.defaults.plugins.table.dynamicConfig = {compact: true};

  var yasgui = new Yasgui($("yasgui"), {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }},
    yasqe: {
      autocompleters: ["prefixes", "variables"],
      value: "PREFIX eujo: <https://w3id.org/eujgraph/ontology#>\nPREFIX euj: <https://w3id.org/eujgraph/id/>\n" +
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n" +
             "SELECT ?summit ?label WHERE {\n  ?summit a eujo:Summit ; rdfs:label ?label .\n" +
             "  FILTER(lang(?label) = \"en\")\n}\n"
    }
  });

  function message(text) {
    $("message").hidden = !text;
    $("message").textContent = text || "";
  }

  /* Library list and parameter form. */
  function buildList() {
    var list = $("library-list");
    list.replaceChildren();
    library.forEach(function (q) {
      var button = el("button", title(q));
      button.type = "button";
      button.setAttribute("data-name", q.name);
      button.setAttribute("aria-current", String(selected === q.name));
      button.append(el("small", q.name + (q.form !== "SELECT" ? " · " + q.form : "")));
      button.addEventListener("click", function () { choose(q.name, {}); });
      var item = el("li");
      item.append(button);
      list.append(item);
    });
    document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = T[lang][node.getAttribute("data-t")]; });
    document.documentElement.lang = lang;
  }
  function field(p, value) {
    var input;
    if (p.type === "language") {
      input = el("select");
      ["en", "fi"].forEach(function (code) { var option = el("option", code); option.value = code; input.append(option); });
    } else {
      input = el("input");
      input.type = {integer: "number", date: "date"}[p.type] || "text";
      input.spellcheck = false;
      if (p.type === "iri") input.placeholder = "euj:kind/slug";
    }
    input.name = p.name;
    input.id = "param-" + p.name;
    input.required = !!p.required;
    input.value = value !== undefined ? value : (p.type === "language" ? lang : (p.default || ""));
    var label = el("label", p.name + (p.required ? " (" + T[lang].required + ")" : ""));
    label.htmlFor = input.id;
    var wrapper = el("div", null, "field");
    wrapper.append(label, input);
    if (p.help) wrapper.append(el("div", p.help, "help"));
    return wrapper;
  }
  function choose(name, values) {
    var q = byName.get(name);
    if (!q) return;
    selected = name;
    buildList();
    $("params").hidden = false;
    $("params-title").textContent = title(q);
    $("params-description").textContent = q.description;
    $("params-fields").replaceChildren.apply($("params-fields"), q.parameters.map(function (p) {
      return field(p, values[p.name]);
    }));
  }
  function formValues() {
    var values = {};
    $("params-fields").querySelectorAll("input, select").forEach(function (input) {
      if (input.value !== "") values[input.name] = input.value;
    });
    return values;
  }

  /* Running: the server binds the parameters (/queries/NAME.rq), YASGUI runs the bound text. */
  function tabFor(name, text) {
    var open = Object.keys(libraryTabs).find(function (id) { return libraryTabs[id].name === name && yasgui.getTab(id); });
    if (open) {
      yasgui.selectTabId(open);
      var tab = yasgui.getTab(open);
      tab.setQuery(text);
      return tab;
    }
    return yasgui.addTab(true, {name: title(byName.get(name)), yasqe: {value: text}});
  }
  function runLibrary(name, values) {
    message("");
    var address = "/queries/" + encodeURIComponent(name) + ".rq?" + new URLSearchParams(values);
    return fetch(address).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) throw new Error(text);
        return text;
      });
    }).then(function (sparql) {
      var tab = tabFor(name, sparql);
      libraryTabs[tab.getId()] = {name: name, values: values, sparql: sparql};
      return tab.query();
    }).catch(function (error) { message(error.message); });
  }
  function runShared(text) {
    var tab = yasgui.addTab(true, {name: T[lang].shared, yasqe: {value: text}});
    return tab.query();
  }

  /* After each answer: the page address becomes a link to these results, with download links. */
  function resultLinks(tab) {
    var text = tab.getQuery();
    var known = libraryTabs[tab.getId()];
    var form = (tab.getYasqe().getQueryType() || "SELECT").toUpperCase();
    var graph = form === "CONSTRUCT" || form === "DESCRIBE";
    var formats = graph ? [["ttl", "turtle", "Turtle"], ["jsonld", "jsonld", "JSON-LD"]]
                        : [["csv", "csv", "CSV"], ["json", "json", "JSON"]];
    var share, download;
    if (known && known.sparql === text) {
      var params = new URLSearchParams(known.values).toString();
      share = "/?" + new URLSearchParams([["run", known.name]].concat(Object.entries(known.values)));
      download = function (f) { return "/queries/" + encodeURIComponent(known.name) + "." + f[0] + (params ? "?" + params : ""); };
    } else {
      share = "/?" + new URLSearchParams({query: text});
      download = function (f) { return "/sparql?" + new URLSearchParams({query: text, format: f[1]}); };
    }
    ["download-a", "download-b"].forEach(function (id, i) {
      $(id).href = download(formats[i]);
      $(id).textContent = formats[i][2];
      $(id).setAttribute("download", (known ? known.name : "results") + "." + formats[i][0]);
    });
    $("share-link").href = share;
    $("result-links").hidden = false;
    history.replaceState(null, "", share);
  }
  yasgui.on("queryResponse", function (instance, tab) { resultLinks(tab); });

  /* IRIs of this dataset open their entity page on this server. */
  function localLinks(root) {
    root.querySelectorAll("a[href^='" + NAMESPACE + "']").forEach(function (a) {
      a.href = "/id/" + a.getAttribute("href").slice(NAMESPACE.length);
      a.removeAttribute("target");
    });
  }
  new MutationObserver(function () { localLinks($("yasgui")); }).observe($("yasgui"), {childList: true, subtree: true});

  $("params").addEventListener("submit", function (event) {
    event.preventDefault();
    if (selected) runLibrary(selected, formValues());
  });
  $("lang").addEventListener("change", function () {
    lang = $("lang").value;
    buildList();
    if (selected) choose(selected, formValues());
  });

  $("lang").value = lang;
  buildList();
  if (start.get("run") && byName.has(start.get("run"))) {
    var values = {};
    start.forEach(function (value, key) { if (key !== "run") values[key] = value; });
    choose(start.get("run"), values);
    runLibrary(start.get("run"), values);
  } else if (start.get("query")) {
    runShared(start.get("query"));
  }
  window.eujgraphQuery = {yasgui: yasgui, runLibrary: runLibrary, choose: choose};
  document.body.setAttribute("data-ready", "true");
})();
