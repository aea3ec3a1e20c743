/* eujgraph page: tells a summit's story with vis-network, and opens any node's neighbourhood or an
   overview of all summits. A view is a small set of nodes laid out here in labelled bands (no
   physics), so labels never collide however large the graph is. Every text from the data is
   inserted with textContent (or drawn on the canvas), never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("eujgraph-data").textContent);
  var T = {
    en: {search: "Search by name", find: "Find", language: "Language", reset: "Latest summit", kinds: "Kinds",
         area: "Policy area", allAreas: "All policy areas", status: "Commitment status", view: "View",
         overview: "All summits over time", otherView: "(another view)",
         shown: "{n} nodes and {e} edges in this view; {N} nodes in the graph", noMatch: "No match for “{q}”",
         more: "… {n} more", types: "Types", statusLabel: "Status", links: "Identifiers", relations: "Relations",
         evidence: "Supporting sentences", close: "Close", timeline: "Timeline", ontology: "Ontology",
         hint: "Click a person, party, instrument or area to open its neighbourhood; Back returns.",
         participants: "Participants", positions: "Positions", assessments: "Assessments",
         instruments: "Instruments", areas: "Policy areas", documents: "Documents and side events",
         claims: "Claims", otherClaims: "Commitments without a status", summits: "Summits, in time order",
         summitStory: "{label}: parties, people, claims by status, instruments, areas",
         neighbourhood: "Around {label}", overviewTitle: "All summits, linked by the instruments and areas they share",
         roles: "At summits", at: "{office} at the {event}", as: "as {office}", shownOf: "{n} of {N}", latestOf: "latest {n} of {N}",
         commitmentsWord: "commitments", kindOverview: "What the graph holds"},
    fi: {search: "Hae nimellä", find: "Hae", language: "Kieli", reset: "Viimeisin huippukokous", kinds: "Lajit",
         area: "Politiikka-ala", allAreas: "Kaikki politiikka-alat", status: "Sitoumuksen tila", view: "Näkymä",
         overview: "Kaikki huippukokoukset ajassa", otherView: "(muu näkymä)",
         shown: "Näkymässä {n} solmua ja {e} yhteyttä; verkossa {N} solmua", noMatch: "Ei osumia haulle ”{q}”",
         more: "… {n} lisää", types: "Tyypit", statusLabel: "Tila", links: "Tunnisteet", relations: "Yhteydet",
         evidence: "Tukevat virkkeet", close: "Sulje", timeline: "Aikajana", ontology: "Ontologia",
         hint: "Napsauta henkilöä, osapuolta, välinettä tai alaa nähdäksesi sen yhteydet; Takaisin palaa.",
         participants: "Osallistujat", positions: "Kannat", assessments: "Arviot",
         instruments: "Välineet", areas: "Politiikka-alat", documents: "Asiakirjat ja oheistapahtumat",
         claims: "Väitteet", otherClaims: "Sitoumukset ilman tilaa", summits: "Huippukokoukset aikajärjestyksessä",
         summitStory: "{label}: osapuolet, henkilöt, väitteet tilan mukaan, välineet, alat",
         neighbourhood: "{label} ja sen yhteydet",
         overviewTitle: "Kaikki huippukokoukset yhteisten välineiden ja alojen kautta",
         roles: "Huippukokouksissa", at: "{office}: {event}", as: "virassa {office}", shownOf: "{n}/{N}", latestOf: "viimeisimmät {n}/{N}",
         commitmentsWord: "sitoumukset", kindOverview: "Verkon sisältö"}
  };
  var FACE = "DejaVu Sans, Liberation Sans, Arial, sans-serif", HEADING_FONT = "bold 15px " + FACE;
  var STATUS_COLORS = {"new": "#74c476", deepened: "#8fc1e3", continued: "#cdd3d9", reaffirmed: "#fdbf7f"};
  var CLAIM_KINDS = ["commitment", "position", "assessment"];
  var SIDE_KINDS = ["instrument", "area", "document", "place"];
  var NEIGHBOURHOOD_BUDGET = 60, GROUP_MIN = 6, OVERVIEW_CAP = 60;  // nodes drawn; the panel lists every relation
  var GAP_X = 16, GAP_Y = 14, HEADING = 28, BAND_GAP = 18, MARGIN = 8, MAX_SCALE = 1.25, FIT_PAD = 12;

  var lang = data.lang;
  var byId = new Map();
  var adjacency = data.nodes.map(function () { return []; });
  data.nodes.forEach(function (n, i) { n.index = i; byId.set(n.id, n); });
  data.edges.forEach(function (e, i) {
    adjacency[e[0]].push(i);
    if (e[1] !== e[0]) adjacency[e[1]].push(i);
  });
  var kinds = new Map(data.kinds.map(function (k) { return [k.name, k]; }));
  var kindOrder = new Map(data.kinds.map(function (k, i) { return [k.name, i]; }));
  var statuses = new Map(data.statuses.map(function (s) { return [s.name, s]; }));
  var summits = data.nodes.filter(function (n) { return n.kind === "summit"; }).sort(byDate);
  var state = freshFilters();
  var current = null;   // the selected node
  var shown = null;     // the view on screen: {spec, centre, nodes: Set, edges: [...], headings: [...]}
  var api = {timings: {script: performance.now()}};
  var $ = function (id) { return document.getElementById(id); };
  var measurer = document.createElement("canvas").getContext("2d");

  function freshFilters() {
    return {kinds: new Set(data.kinds.map(function (k) { return k.name; })),
            statuses: new Set(data.statuses.map(function (s) { return s.name; })), area: ""};
  }
  function t(key, vars) {
    return (T[lang] || T.en)[key].replace(/\{(\w+)\}/g, function (_, name) { return String(vars[name]); });
  }
  function pick(labels) {
    if (!labels) return "";
    return labels[lang] || labels.en || labels.fi || Object.keys(labels).map(function (k) { return labels[k]; })[0] || "";
  }
  function label(n) { return pick(n.labels); }
  function byDate(a, b) { return (a.date || "").localeCompare(b.date || "") || a.id.localeCompare(b.id); }
  function byLabel(a, b) { return label(a).localeCompare(label(b)) || a.id.localeCompare(b.id); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function swatch(color, shape) {
    var node = el("span", null, "swatch shape-" + (shape || "box"));
    node.style.background = color;
    return node;
  }
  function isClaim(n) { return CLAIM_KINDS.indexOf(n.kind) >= 0; }

  /* --- the graph's structure, as the views need it ------------------------------------------ */
  function related(n, key, direction, kind) {  // the nodes joined to n by relation key, out or in
    var found = [];
    adjacency[n.index].forEach(function (i) {
      var e = data.edges[i];
      if (e[2] !== key) return;
      var other = direction === "out" ? (e[0] === n.index ? e[1] : -1) : (e[1] === n.index ? e[0] : -1);
      if (other >= 0 && (!kind || data.nodes[other].kind === kind)) found.push(data.nodes[other]);
    });
    return found;
  }
  function claimsAt(events) {
    var claims = [];
    events.forEach(function (event) {
      related(event, "eujo:madeAt", "in").forEach(function (c) { if (isClaim(c)) claims.push(c); });
    });
    return unique(claims);
  }
  function unique(list) {
    var seen = new Set();
    return list.filter(function (n) { if (seen.has(n.id)) return false; seen.add(n.id); return true; });
  }
  function placeOf(n) { return related(n, "eujo:place", "out")[0]; }
  function roleAt(person, eventIds) {
    return (person.roles || []).find(function (r) { return eventIds.has(r.event); });
  }
  function summitOf(claim) { return related(claim, "eujo:madeAt", "out")[0]; }

  /* --- labels on the canvas: short, wrapped, in the chosen language ------------------------- */
  function wrap(text, width, lines) {
    var words = String(text).split(/\s+/).filter(Boolean), out = [], line = "";
    words.forEach(function (word) {
      while (word.length > width) { if (line) { out.push(line); line = ""; } out.push(word.slice(0, width)); word = word.slice(width); }
      if (!line) line = word;
      else if ((line + " " + word).length <= width) line += " " + word;
      else { out.push(line); line = word; }
    });
    if (line) out.push(line);
    if (out.length > lines) {
      out = out.slice(0, lines);
      out[lines - 1] = out[lines - 1].replace(/\s*\S{0,3}$/, "").slice(0, width - 1) + "…";
    }
    return out.join("\n");
  }
  function year(n) { return (n.date || "").slice(0, 4); }
  function summitCard(n) {
    var place = placeOf(n);
    var extra = [place ? label(place) : "", n.date ? n.date.split("-").reverse().join(".") : ""].filter(Boolean);
    var own = label(n);  // "EU–Japan summit meeting, London, 4 July 1992" says its place and date already
    if (n.date && own.indexOf(year(n)) >= 0) extra.pop();
    if (place && own.indexOf(label(place)) >= 0) extra.shift();
    return wrap(own, 26, 2) + (extra.length ? "\n" + extra.join(" · ") : "");
  }

  /* --- views ------------------------------------------------------------------------------- */
  function item(n, text, extra) { return Object.assign({node: n, text: text || wrap(label(n), 28, 3)}, extra || {}); }
  function summitView(n) {
    var events = [n].concat(related(n, "eujo:sideEventOf", "in"));
    var eventIds = new Set(events.map(function (e) { return e.id; }));
    var parties = related(n, "eujo:party", "out").sort(function (a, b) {
      return (a.id === "organisation/european-union" ? -1 : 0) - (b.id === "organisation/european-union" ? -1 : 0) || byLabel(a, b);
    });
    var partyRank = new Map(parties.map(function (p, i) { return [p.id, i]; }));
    var people = unique([].concat.apply([], events.map(function (e) { return related(e, "eujo:atEvent", "in", "person"); })));
    people.sort(function (a, b) {
      var ra = roleAt(a, eventIds) || {}, rb = roleAt(b, eventIds) || {};
      var pa = partyRank.has(ra.party) ? partyRank.get(ra.party) : 99, pb = partyRank.has(rb.party) ? partyRank.get(rb.party) : 99;
      return pa - pb || byLabel(a, b);
    });
    var claims = claimsAt(events);
    var instruments = related(n, "eujo:reachedAt", "in", "instrument");
    var areas = [];
    claims.forEach(function (c) {
      instruments = instruments.concat(related(c, "eujo:instrument", "out", "instrument"));
      areas = areas.concat(related(c, "eujo:concernsArea", "out", "area"));
    });
    related(n, "eujo:reachedAt", "in", "instrument").forEach(function (i) {
      areas = areas.concat(related(i, "eujo:concernsArea", "out", "area"));
    });
    var documents = [];
    events.forEach(function (e) {
      documents = documents.concat(related(e, "eujo:issuedAt", "in", "document"), related(e, "eujo:about", "in", "document"));
    });
    var top = [];
    if (parties[0]) top.push(item(parties[0]));
    top.push(item(n, summitCard(n), {centre: true}));
    parties.slice(1).forEach(function (p) { top.push(item(p)); });
    var bands = [{items: top, center: true, top: true}];
    bands.push({title: t("participants"), items: people.map(function (p) {
      var role = roleAt(p, eventIds);
      var office = role && role.office && byId.get(role.office);
      return item(p, wrap(label(p), 28, 1) + (office ? "\n" + wrap(label(office), 30, 2) : ""));
    })});
    claimBands(claims).forEach(function (band) { bands.push(band); });
    bands.push({title: t("instruments"), side: true,
                items: unique(instruments).sort(byLabel).map(function (i) { return item(i); })});
    bands.push({title: t("areas"), side: true,
                items: unique(areas).sort(byLabel).map(function (a) { return item(a, wrap(label(a), 24, 2), {small: true}); })});
    bands.push({title: t("documents"), side: true, items: unique(documents.concat(events.slice(1))).sort(byLabel)
      .map(function (d) { return item(d, wrap(label(d), 28, 2), {small: true}); })});
    var base = function (e) {  // drawn without being asked: who attended, which instrument a claim uses
      return e[2] === "eujo:atEvent" || e[2] === "eujo:instrument" || e[2] === "eujo:sideEventOf";
    };
    return {centre: n, title: t("summitStory", {label: label(n)}), bands: bands, base: base};
  }
  function claimBands(claims) {
    var bands = [], order = data.statuses.map(function (s) { return s.name; });
    order.forEach(function (status) {
      var these = claims.filter(function (c) { return c.kind === "commitment" && c.status === status; });
      if (these.length) bands.push({title: pick(statuses.get(status).labels) + " · " + t("commitmentsWord"),
                                    items: these.sort(byLabel).map(function (c) { return item(c); })});
    });
    var rest = claims.filter(function (c) { return c.kind === "commitment" && order.indexOf(c.status) < 0; });
    if (rest.length) bands.push({title: t("otherClaims"), items: rest.sort(byLabel).map(function (c) { return item(c); })});
    [["position", "positions"], ["assessment", "assessments"]].forEach(function (pair) {
      var these = claims.filter(function (c) { return c.kind === pair[0]; });
      if (these.length) bands.push({title: t(pair[1]), items: these.sort(byLabel).map(function (c) { return item(c); })});
    });
    return bands;
  }
  function neighbourhoodView(n) {
    var groups = new Map();
    adjacency[n.index].forEach(function (i) {
      var e = data.edges[i];
      var out = e[0] === n.index;
      var other = data.nodes[out ? e[1] : e[0]];
      if (other === n) return;
      var key = (out ? "out" : "in") + " " + e[2] + " " + other.kind;
      if (!groups.has(key)) groups.set(key, {out: out, relation: e[2], kind: other.kind, nodes: new Map()});
      groups.get(key).nodes.set(other.id, other);
    });
    var ordered = Array.from(groups.values()).sort(function (a, b) {
      return kindOrder.get(a.kind) - kindOrder.get(b.kind) || Number(b.out) - Number(a.out) ||
        pick(data.relations[a.relation]).localeCompare(pick(data.relations[b.relation]));
    });
    var bands = [{items: [item(n, wrap(label(n), 30, 3), {centre: true})], center: true, top: true}];
    var rolesByEvent = new Map((n.roles || []).map(function (r) { return [r.event, r]; }));
    var cap = Math.max(GROUP_MIN, Math.floor(NEIGHBOURHOOD_BUDGET / Math.max(ordered.length, 1)));
    ordered.forEach(function (g) {
      var members = Array.from(g.nodes.values());
      var dated = members[0].date !== undefined;
      members.sort(dated ? byDate : byLabel);
      var relation = pick(data.relations[g.relation]);
      var count = members.length > cap ? t(dated ? "latestOf" : "shownOf", {n: cap, N: members.length}) : String(members.length);
      members = dated ? members.slice(-cap) : members.slice(0, cap);  // the latest meetings, or the first by name
      bands.push({title: (g.out ? relation + " → " : "← " + relation + " · ") + pick(kinds.get(g.kind).labels) + " (" + count + ")",
                  side: SIDE_KINDS.indexOf(g.kind) >= 0,
                  items: members.map(function (m) {
                    var role = rolesByEvent.get(m.id), office = role && role.office && byId.get(role.office);
                    if (m.kind === "summit") return item(m, summitCard(m) + (office ? "\n" + wrap(t("as", {office: label(office)}), 30, 1) : ""));
                    return item(m);
                  })});
    });
    return {centre: n, title: t("neighbourhood", {label: label(n)}), bands: bands, base: function () { return true; }};
  }
  function overviewView() {
    var instruments = new Map(), areas = new Map(), links = [];
    function link(summit, target, store) {
      var entry = store.get(target.id) || {node: target, summits: new Set()};
      entry.summits.add(summit.id);
      store.set(target.id, entry);
    }
    var kept = summits.slice(-OVERVIEW_CAP);  // beyond that many, the latest: labels stay readable
    kept.forEach(function (s) {
      var claims = claimsAt([s].concat(related(s, "eujo:sideEventOf", "in")));
      related(s, "eujo:reachedAt", "in", "instrument").forEach(function (i) {
        link(s, i, instruments);
        related(i, "eujo:concernsArea", "out", "area").forEach(function (a) { link(s, a, areas); });
      });
      claims.forEach(function (c) {
        related(c, "eujo:instrument", "out", "instrument").forEach(function (i) { link(s, i, instruments); });
        related(c, "eujo:concernsArea", "out", "area").forEach(function (a) { link(s, a, areas); });
      });
    });
    function strongest(store) {
      return Array.from(store.values()).sort(function (a, b) {
        return b.summits.size - a.summits.size || byLabel(a.node, b.node);
      }).slice(0, OVERVIEW_CAP);
    }
    var keptInstruments = strongest(instruments), keptAreas = strongest(areas);
    [keptInstruments, keptAreas].forEach(function (kept) {
      kept.forEach(function (entry) {
        entry.summits.forEach(function (s) { links.push({from: s, to: entry.node.id, area: entry.node.kind === "area"}); });
      });
    });
    var bands = [
      {title: t("summits") + (kept.length < summits.length ? " (" + t("latestOf", {n: kept.length, N: summits.length}) + ")" : ""),
       items: kept.map(function (s) { return item(s, summitCard(s)); })},
      {title: t("instruments"), side: true, items: keptInstruments.map(function (e) { return item(e.node, wrap(label(e.node), 28, 3) + "\n(" + e.summits.size + ")"); })},
      {title: t("areas"), side: true, items: keptAreas.map(function (e) {
        return item(e.node, wrap(label(e.node), 24, 2) + " (" + e.summits.size + ")", {small: true});
      })}
    ];
    return {centre: null, title: t("overviewTitle"), bands: bands, links: links,
            base: function (link) { return !link.area; }};
  }
  function kindsView() {  // a graph without summits: what it holds, by kind
    var cap = Math.max(GROUP_MIN, Math.floor(NEIGHBOURHOOD_BUDGET / Math.max(data.kinds.length, 1)));
    var bands = data.kinds.map(function (k) {
      var these = data.nodes.filter(function (n) { return n.kind === k.name; }).sort(byLabel).slice(0, cap);
      return {title: pick(k.labels), items: these.map(function (n) { return item(n); })};
    });
    return {centre: null, title: t("kindOverview"), bands: bands, base: function () { return true; }};
  }
  function viewFor(spec) {
    if (spec === "overview") return summits.length ? overviewView() : kindsView();
    var n = byId.get(spec);
    if (!n) return summits.length ? summitView(summits[summits.length - 1]) : kindsView();
    if (n.kind === "summit" || n.kind === "event") return summitView(n);
    if (isClaim(n) && summitOf(n)) return summitView(summitOf(n));
    return neighbourhoodView(n);
  }

  /* --- layout: bands of boxes, rows filled left to right, sized from the measured labels ----
     The top band (the view's centre) spans the page; below it a main column and, to its right, a
     side column (instruments, areas, documents). Column widths are chosen for the largest scale
     at which the whole view fits the canvas. */
  function fontSize(it) { return it.centre ? 20 : it.small ? 13 : 14; }
  function measure(it) {
    var size = fontSize(it);
    measurer.font = "bold " + size + "px " + FACE;  // bold: vis-network draws a selected node's label bold
    var lines = it.text.split("\n");
    var width = Math.max.apply(null, lines.map(function (line) { return measurer.measureText(line).width; }));
    it.w = Math.ceil(width + 2 * MARGIN + 8);
    it.h = Math.ceil(lines.length * size * 1.25 + 2 * MARGIN + 6);
  }
  function stack(bands, width, x0, y0, out) {  // lays bands out from (x0, y0); returns the height used
    var y = y0;
    bands.forEach(function (band) {
      if (!band.items.length) return;
      if (band.title) { out.headings.push({text: band.title, x: x0, y: y, w: band.titleWidth}); y += HEADING; }
      var rows = [[]], used = 0;
      band.items.forEach(function (it) {
        if (rows[rows.length - 1].length && used + it.w > width) { rows.push([]); used = 0; }
        rows[rows.length - 1].push(it);
        used += it.w + GAP_X;
      });
      rows.forEach(function (row) {
        var rowWidth = row.reduce(function (sum, it) { return sum + it.w + GAP_X; }, -GAP_X);
        var x = band.center ? x0 + (width - rowWidth) / 2 : x0;
        var height = Math.max.apply(null, row.map(function (it) { return it.h; }));
        row.forEach(function (it) {
          out.positions.push({it: it, x: Math.round(x + it.w / 2), y: Math.round(y + height / 2)});
          x += it.w + GAP_X;
        });
        y += height + GAP_Y;
      });
      y += BAND_GAP;
    });
    return y - y0;
  }
  function candidates(bands) {
    var widest = 0, total = 0;
    bands.forEach(function (band) {
      if (band.items.length) widest = Math.max(widest, band.titleWidth || 0);
      band.items.forEach(function (it) { widest = Math.max(widest, it.w); total += it.w + GAP_X; });
    });
    if (!total) return [0];
    var steps = [], top = Math.max(widest, total);
    for (var k = 0; k <= 14; k++) steps.push(Math.round(widest + (top - widest) * Math.pow(k / 14, 2)));
    return steps;
  }
  function layout(bands, canvas) {
    bands.forEach(function (band) {
      band.items.forEach(measure);
      measurer.font = HEADING_FONT;
      band.titleWidth = band.title ? Math.ceil(measurer.measureText(band.title).width) : 0;
    });
    var top = bands.filter(function (b) { return b.top; });
    var main = bands.filter(function (b) { return !b.top && !b.side; });
    var side = bands.filter(function (b) { return b.side; });
    var best = null;
    candidates(main).forEach(function (mainWidth) {
      candidates(side).forEach(function (sideWidth) {
        var gap = mainWidth && sideWidth ? 80 : 0;
        var width = Math.max(mainWidth + gap + sideWidth, 1);
        var trial = {positions: [], headings: []};
        var head = stack(top, width, 0, 0, trial);
        var height = head + Math.max(stack(main, mainWidth, 0, head, trial),
                                     stack(side, sideWidth, mainWidth + gap, head, trial));
        var scale = Math.min(canvas.width / width, canvas.height / Math.max(height, 1));
        if (!best || scale > best.scale + 1e-9) best = {scale: scale, out: trial};
      });
    });
    return best.out;
  }

  /* --- drawing a view ---------------------------------------------------------------------- */
  function tint(hex, amount) {
    return "#" + [1, 3, 5].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16);
      return Math.round(c + (255 - c) * amount).toString(16).padStart(2, "0");
    }).join("");
  }
  function shade(hex) {
    return "#" + [1, 3, 5].map(function (i) {
      return Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.6).toString(16).padStart(2, "0");
    }).join("");
  }
  function colours(n) {
    var base = kinds.get(n.kind).color;
    var fill = n.kind === "commitment" ? (STATUS_COLORS[n.status] || "#e3e6ea") : tint(base, 0.72);
    return {background: fill, border: shade(base), highlight: {background: fill, border: "#000"},
            hover: {background: fill, border: "#000"}};
  }
  function tooltip(n) {
    var box = el("div", label(n));
    box.append(el("small", " · " + pick(kinds.get(n.kind).labels)));
    return box;
  }
  function visible(n) {
    if (!state.kinds.has(n.kind)) return false;
    if (state.area && n.areas !== undefined && n.areas.indexOf(state.area) < 0) return false;
    return n.status === undefined || state.statuses.has(n.status);
  }
  function panelWidth() {  // the details panel covers the right of the canvas, when there is room beside it
    var width = $("network").clientWidth || 1, panel = $("details").hidden ? 0 : $("details").offsetWidth;
    return panel && width > panel * 1.6 ? panel : 0;
  }
  function canvasSize() {  // the part of the canvas a view is laid out for: beside the panel, if it is open
    var box = $("network");
    return {width: (box.clientWidth || 1200) - panelWidth(), height: box.clientHeight || 800};
  }

  var visNodes = new vis.DataSet([]);
  var visEdges = new vis.DataSet([]);
  var options = {
    nodes: {shape: "box", margin: MARGIN, borderWidth: 1, borderWidthSelected: 3, shapeProperties: {borderRadius: 4},
            font: {size: 14, face: FACE, color: "#1b1f24"}},
    edges: {width: 1, selectionWidth: 1.5, hoverWidth: 1, arrows: {to: {enabled: true, scaleFactor: 0.4}},
            color: {color: "#c3cad2", highlight: "#2b2f36", hover: "#2b2f36", inherit: false},
            font: {size: 11, color: "#2b2f36", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
            smooth: {enabled: true, type: "continuous", roundness: 0.25}},
    layout: {randomSeed: 20250723, improvedLayout: false},
    physics: {enabled: false},
    interaction: {hover: true, keyboard: false, multiselect: false, tooltipDelay: 300, hoverConnectedEdges: true}
  };
  api.timings.data = performance.now();
  var network = new vis.Network($("network"), {nodes: visNodes, edges: visEdges}, options);
  api.timings.network = performance.now();

  function render(spec) {
    var view = viewFor(spec);
    view.spec = spec;
    view.bands.forEach(function (band) {
      band.items = band.items.filter(function (it) { return it.centre || visible(it.node); });
    });
    var placed = layout(view.bands, canvasSize());
    var ids = new Set(), nodes = [];
    placed.positions.forEach(function (p) {
      if (ids.has(p.it.node.id)) return;
      ids.add(p.it.node.id);
      nodes.push({id: p.it.node.id, label: p.it.text, x: p.x, y: p.y, color: colours(p.it.node),
                  font: {size: fontSize(p.it)}, borderWidth: p.it.centre ? 3 : 1,
                  title: tooltip(p.it.node)});
    });
    var edges = [];
    if (view.links) {
      view.links.forEach(function (link) {
        if (ids.has(link.from) && ids.has(link.to)) {
          edges.push({id: "a " + link.from + " " + link.to, from: link.from, to: link.to, base: view.base(link),
                      relation: null});
        }
      });
    } else {
      data.edges.forEach(function (e, i) {
        var from = data.nodes[e[0]].id, to = data.nodes[e[1]].id;
        if (ids.has(from) && ids.has(to) && from !== to) {
          edges.push({id: "e" + i, from: from, to: to, base: view.base(e), relation: e[2]});
        }
      });
    }
    view.nodes = ids;
    view.edges = edges;
    view.headings = placed.headings;
    view.bounds = bounds(placed);
    shown = view;
    current = null;
    visEdges.clear();
    visNodes.clear();
    visNodes.add(nodes);
    visEdges.add(edges.map(function (e) { return edgeStyle(e, false); }));
    $("view-title").textContent = view.title;
    syncPicker();
    buildLegend();
    showCounts();
    fitView();
  }
  function edgeStyle(e, emphasised, named) {
    return {id: e.id, from: e.from, to: e.to, hidden: !e.base && !emphasised,
            label: emphasised && named && e.relation ? pick(data.relations[e.relation]) : "",
            color: {color: emphasised ? "#2b2f36" : "#c3cad2"}, width: emphasised ? 1.5 : 1};
  }
  /* Edge labels only on hover or selection: the edges of that node are drawn dark and named, except
     the centre's, which the band headings name already. */
  function emphasise(id) {
    if (!shown) return;
    var named = !(shown.centre && shown.centre.id === id);
    visEdges.update(shown.edges.map(function (e) { return edgeStyle(e, id !== null && (e.from === id || e.to === id), named); }));
  }
  function bounds(placed) {
    var box = {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity};
    placed.positions.forEach(function (p) {
      box.left = Math.min(box.left, p.x - p.it.w / 2); box.right = Math.max(box.right, p.x + p.it.w / 2);
      box.top = Math.min(box.top, p.y - p.it.h / 2); box.bottom = Math.max(box.bottom, p.y + p.it.h / 2);
    });
    placed.headings.forEach(function (h) {
      box.top = Math.min(box.top, h.y); box.left = Math.min(box.left, h.x); box.right = Math.max(box.right, h.x + h.w);
    });
    return box.left === Infinity ? {left: 0, top: 0, right: 1, bottom: 1} : box;
  }
  /* The whole view in the visible part of the canvas (beside the panel), at most MAX_SCALE. */
  function fitView() {
    if (!shown) return;
    var size = canvasSize(), b = shown.bounds;
    var scale = Math.min(size.width / (b.right - b.left + 2 * FIT_PAD), size.height / (b.bottom - b.top + 2 * FIT_PAD), MAX_SCALE);
    network.moveTo({position: {x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2}, scale: scale,
                    offset: {x: -panelWidth() / 2, y: 0}, animation: false});
  }
  network.on("beforeDrawing", function (ctx) {
    if (!shown) return;
    ctx.save();
    ctx.font = HEADING_FONT;
    ctx.fillStyle = "#3d4a57";
    ctx.textBaseline = "top";
    shown.headings.forEach(function (h) { ctx.fillText(h.text, h.x, h.y + 4); });
    ctx.restore();
  });

  function markReady() {
    if (document.body.hasAttribute("data-ready")) return;
    api.firstRender = performance.now();
    document.body.setAttribute("data-ready", "true");
  }
  function showCounts() {
    $("counts").textContent = t("shown", {n: visNodes.length, N: data.nodes.length,
                                          e: shown ? shown.edges.filter(function (e) { return e.base; }).length : 0});
  }

  /* --- side panel: legend, filters, the view picker ---------------------------------------- */
  function filterItem(selected, name, content) {
    var box = el("input");
    box.type = "checkbox"; box.value = name; box.checked = selected.has(name);
    box.addEventListener("change", function () {
      if (box.checked) selected.add(name); else selected.delete(name);
      refilter();
    });
    var text = el("label");
    text.append.apply(text, [box].concat(content));
    var entry = el("li");
    entry.append(text);
    return entry;
  }
  function buildLegend() {
    var inView = new Map();
    visNodes.forEach(function (v) { var k = byId.get(v.id).kind; inView.set(k, (inView.get(k) || 0) + 1); });
    var list = $("legend");
    list.replaceChildren();
    data.kinds.forEach(function (k) {
      list.append(filterItem(state.kinds, k.name,
        [swatch(tint(k.color, 0.72)), el("span", pick(k.labels)), el("span", String(inView.get(k.name) || 0), "count")]));
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
      list.append(filterItem(state.statuses, s.name, [swatch(STATUS_COLORS[s.name] || "#e3e6ea"), el("span", pick(s.labels))]));
    });
  }
  function buildPicker() {
    var select = $("view-select");
    select.replaceChildren();
    var other = el("option", t("otherView"));
    other.value = ""; other.hidden = true;
    var overview = el("option", t("overview"));
    overview.value = "overview";
    select.append(other, overview);
    summits.forEach(function (s) {
      var place = placeOf(s), own = label(s);
      var option = el("option", (s.date || "") + " — " + own + (place && own.indexOf(label(place)) < 0 ? ", " + label(place) : ""));
      option.value = s.id;
      select.append(option);
    });
  }
  function syncPicker() {
    var select = $("view-select");
    var wanted = shown && shown.spec === "overview" ? "overview" : shown && shown.centre && shown.centre.kind === "summit" ? shown.centre.id : "";
    select.value = wanted;
  }
  function translatePage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = t(node.getAttribute("data-t")); });
    $("search").placeholder = t("search");
    $("search-button").textContent = t("find");
    $("reset").textContent = t("reset");
    $("lang").value = lang;
    buildAreas(); buildStatuses(); buildPicker();
  }
  function refilter() {
    var keep = current;
    render(shown.spec);
    if (keep && shown.nodes.has(keep)) highlight(keep);
  }

  /* --- the details panel ------------------------------------------------------------------- */
  function nodeButton(id, text) {
    var n = byId.get(id);
    var button = el("button", text || (n ? label(n) : id));
    button.type = "button";
    if (n) button.addEventListener("click", function () { open(id); });
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
  function listOf(entries) {
    var list = el("ul");
    entries.forEach(function (entry) { var li = el("li"); li.append.apply(li, entry); list.append(li); });
    return list;
  }
  function summitSections(n, panel) {
    var events = [n].concat(related(n, "eujo:sideEventOf", "in"));
    var eventIds = new Set(events.map(function (e) { return e.id; }));
    var people = unique([].concat.apply([], events.map(function (e) { return related(e, "eujo:atEvent", "in", "person"); })));
    if (people.length) {
      panel.append(el("h3", t("participants")));
      panel.append(listOf(people.sort(byLabel).map(function (p) {
        var role = roleAt(p, eventIds) || {};
        var office = role.office && byId.get(role.office), party = role.party && byId.get(role.party);
        var detail = [office ? label(office) : "", party ? label(party) : ""].filter(Boolean).join(", ");
        return [nodeButton(p.id), document.createTextNode(detail ? " — " + detail : "")];
      })));
    }
    var claims = claimsAt(events);
    if (claims.length) {
      panel.append(el("h3", t("claims")));
      claimBands(claims).forEach(function (band) {
        panel.append(el("h4", band.title + " (" + band.items.length + ")"));
        panel.append(listOf(band.items.map(function (it) { return [nodeButton(it.node.id)]; })));
      });
    }
  }
  function personSection(n, panel) {
    if (!n.roles || !n.roles.length) return;
    panel.append(el("h3", t("roles")));
    panel.append(listOf(n.roles.map(function (r) {
      var office = r.office && byId.get(r.office), event = byId.get(r.event);
      var text = office ? t("at", {office: label(office), event: label(event)}) : label(event);
      return [nodeButton(r.event, text)];
    })));
  }
  function showDetails(id) {
    var n = byId.get(id);
    if (!n) return;
    var panel = $("details");
    var wasHidden = panel.hidden;
    panel.replaceChildren();
    panel.hidden = false;
    var close = el("button", "×", "close");
    close.type = "button"; close.title = t("close");
    close.addEventListener("click", closeDetails);
    var kind = el("p", null, "kind");
    kind.append(swatch(colours(n).background), el("span", pick(kinds.get(n.kind).labels)));
    panel.append(close, kind, el("h2", label(n)));
    data.languages.forEach(function (other) {
      if (other !== lang && n.labels[other] && n.labels[other] !== label(n)) {
        panel.append(el("p", other + ": " + n.labels[other], "other-label"));
      }
    });
    var rows = [];
    if (n.types.length) rows.push([t("types"), n.types.map(pick).join(", ")]);
    if (n.status) rows.push([t("statusLabel"), pick(statuses.get(n.status).labels)]);
    panel.append(definitionList(rows.concat(factRows(n))));
    if (n.kind === "summit" || n.kind === "event") summitSections(n, panel);
    if (n.kind === "person") personSection(n, panel);
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
    var links = adjacency[n.index].map(function (i) {
      var e = data.edges[i];
      var out = e[0] === n.index;
      return {out: out, relation: pick(data.relations[e[2]]), other: data.nodes[out ? e[1] : e[0]]};
    }).sort(function (a, b) {
      return a.relation.localeCompare(b.relation) || label(a.other).localeCompare(label(b.other));
    });
    if (links.length) {
      panel.append(el("h3", t("relations")));
      var list = listOf(links.slice(0, 200).map(function (r) {
        return [el("span", r.out ? r.relation + " → " : "← " + r.relation + ": ", "relation"), nodeButton(r.other.id)];
      }));
      if (links.length > 200) list.append(el("li", t("more", {n: links.length - 200})));
      panel.append(list);
    }
    panel.append(el("p", n.iri, "iri"));
    if (wasHidden) fitView();
  }
  function closeDetails() {
    current = null;
    $("details").hidden = true;
    network.unselectAll();
    emphasise(null);
    fitView();
  }
  function highlight(id) {
    current = id;
    network.selectNodes([id]);
    emphasise(id);
    showDetails(id);
  }

  /* --- moving through the graph: every view is an address (#ID, #overview) in the history -- */
  function specOf(id) {  // claims are shown in their summit's story; every other node in its own view
    var n = byId.get(id);
    if (!n) return id;
    if (isClaim(n) && summitOf(n)) return summitOf(n).id;
    return id;
  }
  function show(spec, selected) {
    if (!shown || shown.spec !== spec) {
      $("details").hidden = !selected;  // lay the new view out beside the panel that will show `selected`
      render(spec);
    }
    if (selected && shown.nodes.has(selected)) {
      if (current !== selected) highlight(selected);
    } else if (!selected && !$("details").hidden) closeDetails();
  }
  var handled = null;  // the address last shown: open() shows it at once, the hashchange that follows is a no-op
  function fromAddress() {
    if (handled === location.hash) return;
    handled = location.hash;
    var wanted = decodeURIComponent(location.hash.slice(1));
    if (wanted === "overview") return show("overview", null);
    if (wanted && byId.has(wanted)) {  // a summit's address opens its story; any other node's, its panel too
      var kind = byId.get(wanted).kind;
      return show(specOf(wanted), kind === "summit" || kind === "event" ? null : wanted);
    }
    show(data.start || defaultSpec(), null);
  }
  function defaultSpec() { return summits.length ? summits[summits.length - 1].id : "overview"; }
  /* A reader's request: a new step in the history. The view changes at once; the hashchange
     event that follows finds it on screen already. */
  function open(id) {
    if (!byId.has(id) && id !== "overview") return;
    var target = "#" + encodeURIComponent(id).replace(/%2F/g, "/");
    if (location.hash !== target) location.hash = target;
    fromAddress();
  }
  /* Show id's details: in the view on screen if it is a claim or the centre there, else in its own view. */
  function select(id) {
    if (!byId.has(id)) return;
    if (!(shown && shown.nodes.has(id) && (isClaim(byId.get(id)) || (shown.centre && shown.centre.id === id)))) open(id);
    if (shown.nodes.has(id) && current !== id) highlight(id);
  }

  function rank(n, q) {
    var best = 4;
    Object.keys(n.labels).forEach(function (l) {
      var text = n.labels[l].toLowerCase(), at = text.indexOf(q);
      if (at < 0) return;
      var tier = text === q ? 0 : at === 0 ? 1 : /[\s(–-]/.test(text.charAt(at - 1)) ? 2 : 3;
      best = Math.min(best, tier);
    });
    if (best === 4 && n.id.toLowerCase().indexOf(q) >= 0) best = 3;
    if (best === 4) return null;
    return isClaim(n) ? [4, 4, 5, 6][best] : [0, 1, 2, 3][best];
  }
  /* Entities before claims, exact before prefix before word before anywhere; the top result is
     opened only when nothing else ranks as high. */
  function search(query) {
    var q = query.trim().toLowerCase();
    var results = $("results");
    results.replaceChildren();
    if (!q) return [];
    var found = [];
    data.nodes.forEach(function (n) { var r = rank(n, q); if (r !== null) found.push({n: n, r: r}); });
    found.sort(function (a, b) { return a.r - b.r || byLabel(a.n, b.n); });
    if (!found.length) {
      results.append(el("li", t("noMatch", {q: query.trim()}), "none"));
      return [];
    }
    if (found[0].r < 4 && (found.length === 1 || found[1].r > found[0].r)) select(found[0].n.id);
    if (found.length > 1) {
      found.slice(0, 20).forEach(function (f) {
        var entry = el("li");
        entry.append(nodeButton(f.n.id), el("small", " · " + pick(kinds.get(f.n.kind).labels)));
        results.append(entry);
      });
      if (found.length > 20) results.append(el("li", t("more", {n: found.length - 20})));
    }
    return found.map(function (f) { return f.n.id; });
  }

  function setLanguage(next) {
    lang = next;
    translatePage();
    var keep = current;
    if (shown) render(shown.spec);
    if (keep && shown.nodes.has(keep)) highlight(keep);
  }
  function reset() {
    state = freshFilters();
    $("search").value = "";
    $("results").replaceChildren();
    translatePage();
    render(defaultSpec());
    closeDetails();
    if (location.hash) location.hash = "";
  }

  network.on("click", function (params) {
    if (!params.nodes.length) { if (!params.edges.length) closeDetails(); return; }
    var id = params.nodes[0];
    if (isClaim(byId.get(id)) || (shown.centre && shown.centre.id === id)) highlight(id);
    else open(id);
  });
  network.on("hoverNode", function (params) { emphasise(params.node); });
  network.on("blurNode", function () { emphasise(current); });
  $("search-form").addEventListener("submit", function (event) { event.preventDefault(); search($("search").value); });
  $("lang").addEventListener("change", function () { setLanguage($("lang").value); });
  $("area").addEventListener("change", function () { state.area = $("area").value; refilter(); });
  $("view-select").addEventListener("change", function () { if ($("view-select").value) open($("view-select").value); });
  $("reset").addEventListener("click", reset);
  window.addEventListener("hashchange", fromAddress);

  Object.assign(api, {network: network, nodes: visNodes, edges: visEdges, data: data, search: search, select: select,
                      open: open, view: function () { return shown && {spec: shown.spec, title: shown.title,
                        nodes: Array.from(shown.nodes), headings: shown.headings.map(function (h) {
                        return {text: h.text, x: h.x, y: h.y + 4, font: HEADING_FONT}; })}; },
                      setLanguage: setLanguage, reset: reset, state: function () { return state; }});
  window.eujgraph = api;
  translatePage();
  fromAddress();
  network.once("afterDrawing", markReady);
  network.redraw();
})();
