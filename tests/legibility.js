/* The legibility of the view on screen, measured from vis-network: every visible node's box
   (getBoundingBox, label included) and every band heading, checked pairwise for overlap, for a
   label, and for lying inside the canvas. Read by tests/test_viz_browser.py and benchmarks/bench_viz.py. */
(() => {
  const network = eujgraph.network, canvas = document.getElementById("network");
  const panel = document.getElementById("details");  // an open details panel covers the canvas's right side
  const width = canvas.clientWidth - (panel.hidden ? 0 : panel.offsetWidth), height = canvas.clientHeight;
  const view = eujgraph.view();
  const ids = eujgraph.nodes.getIds();
  const boxes = ids.map(id => ({what: id, box: network.getBoundingBox(id)}));
  const measure = document.createElement("canvas").getContext("2d");
  for (const h of view.headings) {
    measure.font = h.font;
    const m = measure.measureText(h.text);
    boxes.push({what: "heading " + h.text,
                box: {left: h.x, right: h.x + m.width, top: h.y, bottom: h.y + m.fontBoundingBoxAscent + m.fontBoundingBoxDescent}});
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box, b = boxes[j].box;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push([boxes[i].what, boxes[j].what]);
    }
  }
  const outside = boxes.filter(({box}) => {
    const topLeft = network.canvasToDOM({x: box.left, y: box.top});
    const bottomRight = network.canvasToDOM({x: box.right, y: box.bottom});
    return topLeft.x < -0.5 || topLeft.y < -0.5 || bottomRight.x > width + 0.5 || bottomRight.y > height + 0.5;
  }).map(({what}) => what);
  const unlabelled = ids.filter(id => !String(eujgraph.nodes.get(id).label || "").trim());
  const sizes = eujgraph.nodes.get().map(n => (n.font && n.font.size) || network.body.nodes[n.id].options.font.size);
  const scale = network.getScale();  // on screen, text is its font size times the scale
  return {view: view.spec, nodes: ids.length, headings: view.headings.length, overlaps, outside, unlabelled,
          scale, smallestTextPx: Math.min(...sizes) * scale};
})()
