/* eujgraph page under `eujgraph serve`: the IRI in the details panel links to the node's entity page.
   Inlined only with an entity base. */
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
  new MutationObserver(linkIri).observe(details, {childList: true});
  linkIri();  // the page script, which runs first, may have filled the panel already (an address #ID)
})();
