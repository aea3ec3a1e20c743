/* eujgraph page under `eujgraph serve`: the IRI in the details panel links to the node's entity page,
   and the page address's fragment (#person/kaja-kallas) selects a node. Inlined only with an entity base. */
(function () {
  "use strict";
  var base = document.getElementById("eujgraph-entity-links").getAttribute("data-base");
  var namespace = "https://w3id.org/eujgraph/id/";
  var details = document.getElementById("details");

  function linkIri() {
    var paragraph = details.querySelector("p.iri");
    if (!paragraph || paragraph.querySelector("a")) return;
    var iri = paragraph.textContent;
    var link = document.createElement("a");
    link.textContent = iri;
    link.className = "entity-link";
    link.href = iri.indexOf(namespace) === 0
      ? base + iri.slice(namespace.length).split("/").map(encodeURIComponent).join("/")
      : "/resource?iri=" + encodeURIComponent(iri);
    link.title = "Open the entity page";
    paragraph.replaceChildren(link);
  }
  function selectFromFragment() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && window.eujgraph && window.eujgraph.data.nodes.some(function (n) { return n.id === id; })) {
      window.eujgraph.select(id);
    }
  }
  new MutationObserver(linkIri).observe(details, {childList: true});
  window.addEventListener("hashchange", selectFromFragment);
  if (document.body.hasAttribute("data-ready")) {
    selectFromFragment();
  } else {
    var waiting = new MutationObserver(function () {
      if (document.body.hasAttribute("data-ready")) {
        waiting.disconnect();
        selectFromFragment();
      }
    });
    waiting.observe(document.body, {attributes: true, attributeFilter: ["data-ready"]});
  }
})();
