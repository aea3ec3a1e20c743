/* eujgraph timeline: summits and instrument stages on a vis-timeline, a summits × policy-areas matrix,
   details of the selected item, en/fi/ja. Every text from the model is inserted with textContent (item
   contents through the template below, tooltips and group labels as elements), never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("eujgraph-data").textContent);
  var model = data.model;
  var T = {
    en: {subtitle: "EU–Japan summits and instruments over time", language: "Language", fit: "Show all",
         summits: "Summits", instruments: "Instruments", close: "Close", summit: "Summit", stage: "Stage",
         date: "Date", place: "Place", mode: "Meeting", coverage: "Sources’ text", sources: "Sources",
         leaders: "Leaders", conflicts: "Sources disagree", stagesHere: "Instrument stages",
         areasHere: "Policy areas", network: "Show in network", entity: "Entity page", noAreas: "no area recorded",
         matrixTitle: "Policy areas raised at each summit", area: "Policy area", claims: "{n} claims", claim: "1 claim",
         imprecise: "≈ date known only to the month or year", hint: "Drag to pan · Ctrl + wheel to zoom", unknownMode: "meeting form not recorded",
         "in-person": "in person", video: "video conference", telephone: "by telephone", margins: "on the margins of another meeting"},
    fi: {subtitle: "EU:n ja Japanin huippukokoukset ja välineet ajassa", language: "Kieli", fit: "Näytä kaikki",
         summits: "Huippukokoukset", instruments: "Välineet", close: "Sulje", summit: "Huippukokous",
         stage: "Vaihe", date: "Päivä", place: "Paikka", mode: "Kokous", coverage: "Lähteiden teksti",
         sources: "Lähteitä", leaders: "Johtajat", conflicts: "Lähteet eroavat", stagesHere: "Välineiden vaiheet",
         areasHere: "Politiikka-alat", network: "Näytä verkossa", entity: "Entiteetin sivu",
         noAreas: "ei kirjattua alaa", matrixTitle: "Kussakin huippukokouksessa esillä olleet politiikka-alat",
         area: "Politiikka-ala", claims: "{n} väitettä", claim: "1 väite",
         imprecise: "≈ päivä tiedetään vain kuukauden tai vuoden tarkkuudella",
         hint: "Vedä siirtääksesi · Ctrl + rulla zoomaa",
         unknownMode: "kokousmuotoa ei kirjattu", "in-person": "paikan päällä", video: "videokokous", telephone: "puhelimitse",
         margins: "toisen kokouksen yhteydessä"},
    ja: {subtitle: "日EU定期首脳協議と協定・枠組みの推移", language: "言語", fit: "全体を表示",
         summits: "首脳協議", instruments: "協定・枠組み", close: "閉じる", summit: "首脳協議", stage: "段階",
         date: "日付", place: "場所", mode: "形式", coverage: "出典の本文", sources: "出典数", leaders: "首脳",
         conflicts: "出典間の相違", stagesHere: "協定・枠組みの段階", areasHere: "政策分野", network: "ネットワークで表示",
         entity: "エンティティのページ", noAreas: "分野の記録なし", matrixTitle: "各首脳協議で取り上げられた政策分野",
         area: "政策分野", claims: "{n}件", claim: "1件", imprecise: "≈ 月または年までしか分からない日付",
         hint: "ドラッグで移動 · Ctrl + ホイールで拡大縮小",
         unknownMode: "形式の記録なし", "in-person": "対面", video: "テレビ会議", telephone: "電話会談", margins: "他の会議の機会に"}
  };
  var LANGUAGE_NAMES = {en: "English", fi: "suomi", ja: "日本語"};
  var MODES = ["in-person", "video", "telephone", "margins"];
  var lang = data.lang;
  var current = null;
  var $ = function (id) { return document.getElementById(id); };

  function t(key, vars) {
    var text = (T[lang] || T.en)[key] || T.en[key];
    return text.replace(/\{(\w+)\}/g, function (_, name) { return String(vars[name]); });
  }
  function pick(labels) {
    if (!labels) return "";
    return labels[lang] || labels.en || Object.keys(labels).map(function (k) { return labels[k]; })[0] || "";
  }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function claims(n) { return n === 1 ? t("claim") : t("claims", {n: n}); }
  function coverage(summit) {
    var labels = summit.coverage && model.coverage_labels[summit.coverage];
    return labels ? pick(labels) : "—";
  }
  function idPath(id) { return id.split("/").map(encodeURIComponent).join("/"); }

  /* "2013-11-19", "2013-04" or "2001": the start of that day, month or year, and whether it is a day. */
  function when(text) {
    var parts = text.split("-").map(Number);
    var date = new Date(2000, 0, 1);
    date.setFullYear(parts[0], (parts[1] || 1) - 1, parts[2] || 1);
    return {date: date, precise: parts.length === 3};
  }
  function shownDate(text) { return (when(text).precise ? "" : "≈ ") + text; }

  var summits = new Map(model.summits.map(function (s) { return [s.id, s]; }));
  var stages = new Map(model.stages.map(function (s) { return [s.id, s]; }));
  var areas = new Map(model.areas.map(function (a) { return [a.id, a]; }));
  var instruments = [];
  model.stages.forEach(function (s) {
    if (!instruments.some(function (i) { return i.id === s.instrument.id; })) instruments.push(s.instrument);
  });
  var cells = new Map(model.summit_areas.map(function (c) { return [c.summit + " " + c.area, c.claims]; }));
  var summitsWithAreas = new Set(model.summit_areas.map(function (c) { return c.summit; }));

  function summitLabel(s) {
    var parts = s.ordinal === null || s.ordinal === undefined ? [] : [String(s.ordinal)];
    if (s.place) parts.push(pick(s.place.labels));
    parts.push(s.date.slice(0, 4));
    return parts.join(" · ");
  }
  function modeLabel(s) { return s.mode ? t(s.mode) : t("unknownMode"); }
  function tooltip(lines) {
    var box = el("div");
    lines.forEach(function (line, i) { box.append(el(i ? "div" : "strong", line)); });
    return box;
  }
  function summitItem(s) {
    var day = when(s.date);
    return {id: s.id, group: "summits", type: "point", start: day.date,
            content: (day.precise ? "" : "≈ ") + summitLabel(s),
            className: "summit mode-" + (s.mode || "unknown") + (day.precise ? "" : " imprecise"),
            title: tooltip([pick(s.labels), shownDate(s.date) + (s.place ? " · " + pick(s.place.labels) : ""),
                            modeLabel(s)])};
  }
  function stageItem(s) {
    var day = when(s.date);
    return {id: s.id, group: s.instrument.id, type: "point", start: day.date,
            content: (day.precise ? "" : "≈ ") + pick(s.stage.labels),
            className: "stage" + (day.precise ? "" : " imprecise"),
            title: tooltip([pick(s.instrument.labels), pick(s.stage.labels) + " · " + shownDate(s.date)])};
  }
  function groupItems() {
    var list = [{id: "summits", content: el("span", t("summits")), order: 0, className: "lane-summits"}];
    if (instruments.length) {
      list.push({id: "instruments", content: el("span", t("instruments")), order: 1, className: "lane-instruments",
                 nestedGroups: instruments.map(function (i) { return i.id; }), showNested: true});
    }
    instruments.forEach(function (i, n) {
      list.push({id: i.id, content: el("span", pick(i.labels)), title: pick(i.labels), order: 2 + n, treeLevel: 1,
                 className: "lane-instrument"});
    });
    return list;
  }

  var items = new vis.DataSet(model.summits.map(summitItem).concat(model.stages.map(stageItem)));
  var groups = new vis.DataSet(groupItems());
  var dates = model.summits.map(function (s) { return when(s.date).date; })
    .concat(model.stages.map(function (s) { return when(s.date).date; }));
  var first = new Date(Math.min.apply(null, dates.length ? dates : [Date.now()]));
  var last = new Date(Math.max.apply(null, dates.length ? dates : [Date.now()]));
  var YEAR = 365.25 * 24 * 3600 * 1000;
  var span = Math.max(last - first, YEAR);
  var options = {
    groupOrder: "order", stack: true, showCurrentTime: false, selectable: true, multiselect: false,
    orientation: {axis: "top", item: "top"}, height: "100%", verticalScroll: true,
    margin: {item: {horizontal: 4, vertical: 3}, axis: 6},
    start: new Date(first.getTime() - 0.04 * span), end: new Date(last.getTime() + 0.2 * span),
    min: new Date(first.getTime() - 0.5 * span), max: new Date(last.getTime() + 0.5 * span),
    zoomMin: 30 * 24 * 3600 * 1000, zoomKey: "ctrlKey",  // the wheel scrolls the lanes; Ctrl + wheel zooms
    // Numeric dates read the same in every language (the standalone build carries English month names only).
    format: {minorLabels: {weekday: "D", day: "D", week: "D", month: "M", year: "YYYY"},
             majorLabels: {weekday: "YYYY-MM", day: "YYYY-MM", week: "YYYY-MM", month: "YYYY", year: ""}},
    tooltip: {followMouse: true, overflowMethod: "cap", delay: 150},
    // Item contents are model text: always a text node, never the HTML vis-timeline would parse from a string.
    template: function (item) { return el("span", item.content); },
    onInitialDrawComplete: markReady
  };
  var timeline = new vis.Timeline($("timeline"), items, groups, options);

  function markReady() {
    if (document.body.hasAttribute("data-ready")) return;
    selectFromFragment();
    document.body.setAttribute("data-ready", "true");
  }

  function link(text, href, className) {
    var a = el("a", text, className);
    a.href = href;
    return a;
  }
  function jump(text, id) {
    var button = el("button", text);
    button.type = "button";
    button.addEventListener("click", function () { select(id); });
    return button;
  }
  function definitions(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      dl.append(el("dt", row[0]));
      var dd = el("dd");
      dd.append(row[1]);
      dl.append(dd);
    });
    return dl;
  }
  function section(title, entries) {
    if (!entries.length) return [];
    var ul = el("ul");
    entries.forEach(function (entry) { var li = el("li"); li.append(entry); ul.append(li); });
    return [el("h3", title), ul];
  }
  function links(id) {
    var p = el("p", null, "links");
    if (data.networkHref !== null) p.append(link(t("network"), data.networkHref + "#" + idPath(id), "network-link"));
    if (data.entityBase !== null) p.append(link(t("entity"), data.entityBase + idPath(id), "entity-link"));
    return p.childNodes.length ? [p] : [];
  }
  function summitDetails(s) {
    var date = shownDate(s.date) + (s.end_date ? " – " + s.end_date : "");
    var leaders = s.leaders.map(function (p) {
      var li = el("span", pick(p.labels), p.party ? "party-" + p.party : null);
      if (p.office) li.append(el("span", " — " + pick(p.office.labels), "office"));
      return li;
    });
    var reached = model.stages.filter(function (st) { return st.summit === s.id; }).map(function (st) {
      return jump(pick(st.instrument.labels) + ": " + pick(st.stage.labels), st.id);
    });
    var raised = model.summit_areas.filter(function (c) { return c.summit === s.id; }).map(function (c) {
      return pick(areas.get(c.area).labels) + " (" + claims(c.claims) + ")";
    });
    return [el("p", t("summit"), "kind mode-" + (s.mode || "unknown")), el("h2", pick(s.labels)),
            definitions([[t("date"), date], [t("place"), s.place ? pick(s.place.labels) : null],
                         [t("mode"), modeLabel(s)], [t("coverage"), coverage(s)], [t("sources"), String(s.sources)]])]
      .concat(section(t("leaders"), leaders), section(t("conflicts"), s.conflicts),
              section(t("stagesHere"), reached), section(t("areasHere"), raised), links(s.id));
  }
  function stageDetails(s) {
    var at = s.summit && summits.get(s.summit);
    return [el("p", t("stage"), "kind"), el("h2", pick(s.instrument.labels)),
            definitions([[t("stage"), pick(s.stage.labels)], [t("date"), shownDate(s.date)],
                         [t("summit"), at ? jump(pick(at.labels), at.id) : null], [t("sources"), String(s.sources)]])]
      .concat(links(s.instrument.id));
  }
  function showDetails(id) {
    current = id;
    var panel = $("details");
    var item = summits.get(id) || stages.get(id);
    if (!item) { panel.hidden = true; panel.replaceChildren(); timeline.redraw(); return; }
    var close = el("button", "×", "close");
    close.type = "button";
    close.title = t("close");
    close.setAttribute("aria-label", t("close"));
    close.addEventListener("click", function () { timeline.setSelection([]); showDetails(null); });
    panel.replaceChildren.apply(panel, [close].concat(summits.has(id) ? summitDetails(item) : stageDetails(item)));
    panel.hidden = false;
    timeline.redraw();  // the panel narrowed the timeline
    document.querySelectorAll("#matrix .selected").forEach(function (n) { n.classList.remove("selected"); });
    var column = document.querySelector('#matrix th[data-summit="' + CSS.escape(id) + '"]');
    if (column) column.classList.add("selected");
  }
  function select(id) {
    var item = items.get(id);
    if (!item) return;
    showDetails(id);
    timeline.setSelection([id]);
    var view = timeline.getWindow();
    if (item.start < view.start || item.start > view.end) timeline.moveTo(item.start, {animation: false});
  }
  timeline.on("select", function (properties) { showDetails(properties.items[0] || null); });

  function drawMatrix() {
    var table = $("matrix");
    var head = el("tr");
    head.append(el("th", t("area"), "corner"));
    var max = Math.max.apply(null, [1].concat(model.summit_areas.map(function (c) { return c.claims; })));
    model.summits.forEach(function (s) {
      var th = el("th", null, "summit-column");
      th.dataset.summit = s.id;
      th.title = pick(s.labels) + " — " + coverage(s);
      th.append(jump(summitLabel(s), s.id));
      head.append(th);
    });
    var thead = el("thead");
    thead.append(head);
    var tbody = el("tbody");
    model.areas.forEach(function (a, row) {
      var tr = el("tr");
      tr.append(el("th", pick(a.labels), "area"));
      model.summits.forEach(function (s) {
        if (!summitsWithAreas.has(s.id)) {
          // One cell down the whole column: what the sources hold, so an empty column does not read as "no areas".
          if (row === 0) {
            var gap = el("td", null, "no-areas");
            gap.append(el("span", coverage(s)));
            gap.rowSpan = model.areas.length;
            gap.title = pick(s.labels) + ": " + t("noAreas") + " — " + coverage(s);
            tr.append(gap);
          }
          return;
        }
        var n = cells.get(s.id + " " + a.id) || 0;
        var td = el("td", n ? String(n) : "", n ? "count" : "empty");
        td.title = pick(a.labels) + " — " + summitLabel(s) + ": " + claims(n);
        if (n) {
          var alpha = 0.15 + 0.85 * n / max;
          td.style.background = "rgba(11, 61, 107, " + alpha.toFixed(3) + ")";
          if (alpha > 0.55) td.classList.add("dark");
        }
        tr.append(td);
      });
      tbody.append(tr);
    });
    table.replaceChildren(thead, tbody);
  }

  function drawLegend() {
    var present = new Set(model.summits.map(function (s) { return s.mode || "unknown"; }));
    var legend = $("legend");
    legend.replaceChildren();
    MODES.concat(["unknown"]).filter(function (m) { return present.has(m); }).forEach(function (m) {
      var li = el("li", null, "mode-" + m);
      li.append(el("span", null, "swatch"), el("span", m === "unknown" ? t("unknownMode") : t(m)));
      legend.append(li);
    });
    legend.append(el("li", t("imprecise"), "imprecise-note"), el("li", t("hint"), "hint"));
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = "eujgraph — " + t("subtitle");
    $("subtitle").textContent = t("subtitle");
    $("fit").textContent = t("fit");
    document.querySelectorAll("[data-t]").forEach(function (n) { n.textContent = t(n.getAttribute("data-t")); });
    items.update(model.summits.map(summitItem).concat(model.stages.map(stageItem)));
    groups.update(groupItems());
    drawLegend();
    drawMatrix();
    if (current) showDetails(current);
  }

  var chooser = $("lang");
  model.languages.forEach(function (code) {
    var option = el("option", LANGUAGE_NAMES[code] || code);
    option.value = code;
    chooser.append(option);
  });
  chooser.value = lang;
  chooser.addEventListener("change", function () { lang = chooser.value; applyLanguage(); });
  $("fit").addEventListener("click", function () { showAll(); });
  $("matrix-section").addEventListener("toggle", function () { timeline.redraw(); });
  /* Every date in view, and room after the last one for its label (point labels run to the right of their date). */
  var LABEL_ROOM = 200;
  function showAll() {
    var width = Math.max(timeline.props.center.width, 2 * LABEL_ROOM);
    var start = first.getTime() - 0.03 * span;
    var end = start + (last.getTime() - start) / (1 - LABEL_ROOM / width);
    timeline.setWindow(new Date(start), new Date(end), {animation: false});
  }

  function selectFromFragment() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && items.get(id)) select(id);
  }
  window.addEventListener("hashchange", selectFromFragment);

  applyLanguage();
  showAll();
  window.eujgraph = {timeline: timeline, items: items, groups: groups, model: model, select: select, showAll: showAll};
})();
