// The review page of `eujgraph review`: every value from the draft reaches the page through
// textContent, value or setAttribute, never as markup.
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const token = document.querySelector("meta[name=review-token]").getAttribute("content");
  const items = data.items;
  const byUid = new Map(items.map((item, index) => [item.uid, index]));
  const sectionIndex = new Map(data.sections.map((s, i) => [s.name, i]));
  const state = items.map(() => ({ decision: null, values: null, note: "" }));
  const proposalState = new Map();
  const segmentsOf = items.map(() => []);
  const cards = [];
  let current = -1;
  let overwrite = false;

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function valuesOf(index) {
    return state[index].values || items[index].values;
  }

  function optionLabel(target, id) {
    const found = (data.options[target] || []).find((o) => o.id === id);
    return found && found.label ? `${id} — ${found.label}` : id;
  }

  // --- the memo text, cut into segments at every span boundary ---------------------------

  function buildText() {
    const text = data.text;
    const cuts = new Set([0, text.length]);
    const covers = [];
    items.forEach((item, index) => item.spans.forEach(([s, e]) => { cuts.add(s); cuts.add(e); covers.push([s, e, index]); }));
    const excused = [];
    data.no_claim.forEach((entry) => entry.spans.forEach(([s, e]) => { cuts.add(s); cuts.add(e); excused.push([s, e]); }));
    (data.memo.title_spans || []).forEach(([s, e]) => { cuts.add(s); cuts.add(e); excused.push([s, e]); });
    const points = [...cuts].sort((a, b) => a - b);
    const container = document.getElementById("memo-text");
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const chunk = text.slice(start, end);
      const covering = covers.filter(([s, e]) => s <= start && end <= e).map(([, , index]) => index);
      const unique = [...new Set(covering)];
      if (unique.length) {
        const first = items[unique[0]];
        const span = el("span", { class: `ev sec-${sectionIndex.get(first.section) % 8}`, "data-items": unique.join(" "),
                                  title: unique.map((u) => items[u].uid).join("\n"), onclick: () => clickSegment(unique) }, chunk);
        unique.forEach((u) => segmentsOf[u].push(span));
        container.append(span);
      } else if (excused.some(([s, e]) => s <= start && end <= e)) {
        container.append(el("span", { class: "noclaim", title: "no claim (or the memo's title)" }, chunk));
      } else {
        container.append(document.createTextNode(chunk));
      }
    }
    const legend = document.getElementById("legend");
    data.sections.forEach((s, i) => legend.append(el("span", { class: `swatch sec-${i % 8}` }, s.title)));
    legend.append(el("span", { class: "swatch noclaim" }, "no claim"));
  }

  function clickSegment(covering) {
    const at = covering.indexOf(current);
    select(at === -1 ? covering[0] : covering[(at + 1) % covering.length], { scrollCard: true });
  }

  function refreshSegments() {
    items.forEach((item, index) => segmentsOf[index].forEach((span) => {
      const covering = span.getAttribute("data-items").split(" ").map(Number);
      const decisions = covering.map((u) => state[u].decision);
      span.classList.toggle("accepted", decisions.includes("accept"));
      span.classList.toggle("rejected", decisions.every((d) => d === "reject"));
    }));
  }

  // --- the items ------------------------------------------------------------------------

  function facts(index) {
    const values = valuesOf(index);
    const parts = [];
    for (const field of data.fields[items[index].section] || []) {
      const value = values[field.name];
      if (value === undefined || value === null || field.kind === "langmap") continue;
      parts.push(`${field.name}: ${Array.isArray(value) ? value.join(", ") : value}`);
    }
    return parts.join(" · ");
  }

  function titleOf(index) {
    const values = valuesOf(index);
    const label = values.label;
    if (label && typeof label === "object") {
      const text = label[data.language] || label.en || Object.values(label)[0] || "";
      return text.replace(/\[[^\[\]\n]{0,60}\bto write\]/g, "").trim() || items[index].uid;
    }
    return items[index].title;
  }

  function buildItems() {
    const container = document.getElementById("items");
    for (const section of data.sections) {
      const group = el("div", { class: "group", "data-section": section.name });
      group.append(el("h2", { class: `sec-${sectionIndex.get(section.name) % 8}` }, section.title));
      items.forEach((item, index) => {
        if (item.section !== section.name) return;
        const card = el("article", { class: "item", tabindex: "-1", "data-uid": item.uid,
                                     onclick: (event) => { if (!event.target.closest("button, input, select, textarea, .editor")) select(index, { scrollText: true }); } });
        const head = el("div", { class: "head" },
          el("span", { class: "title" }, titleOf(index)),
          item.confidence !== null ? el("span", { class: "confidence", title: "the extractor's confidence" }, item.confidence.toFixed(2)) : null,
          el("span", { class: "decision" }, ""));
        const quoteList = el("ul", { class: "quotes" });
        item.quotes.forEach((q) => quoteList.append(el("li", {}, String(q))));
        const warn = [];
        if (item.missing.length) warn.push(el("p", { class: "warn" }, `quote not found in the memo: ${item.missing.join(" | ")}`));
        if (item.unknown && item.unknown.length) warn.push(el("p", { class: "warn unknown" }, `unknown ids (edit them out or confirm a proposal): ${item.unknown.join(", ")}`));
        if (item.placeholders) warn.push(el("p", { class: "warn placeholder" }, "a label is still to write: edit it before accepting"));
        const buttons = el("div", { class: "buttons" },
          el("button", { type: "button", class: "accept", title: "Accept (a)", onclick: () => decide(index, "accept") }, "Accept"),
          el("button", { type: "button", class: "edit", title: "Edit (e)", onclick: () => openEditor(index) }, "Edit"),
          el("button", { type: "button", class: "reject", title: "Reject (r)", onclick: () => decide(index, "reject") }, "Reject"));
        card.append(head, el("div", { class: "facts" }, facts(index)), quoteList, ...warn, buttons,
                    el("div", { class: "note-line" }, item.note || ""));
        cards[index] = card;
        group.append(card);
      });
      container.append(group);
    }
  }

  function refreshCard(index) {
    const card = cards[index];
    const decision = state[index].decision;
    card.classList.toggle("accepted", decision === "accept");
    card.classList.toggle("rejected", decision === "reject");
    card.querySelector(".decision").textContent = decision === "accept" ? (state[index].values ? "accepted (edited)" : "accepted")
      : decision === "reject" ? "rejected" : "";
    card.querySelector(".title").textContent = titleOf(index);
    card.querySelector(".facts").textContent = facts(index);
  }

  function decide(index, decision, advance) {
    state[index].decision = decision;
    refreshCard(index);
    refreshSegments();
    refreshCounts();
    if (advance && index + 1 < items.length) select(index + 1, { scrollCard: true, scrollText: true });
    else select(index, {});
  }

  function select(index, { scrollCard, scrollText } = {}) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0) {
      cards[current].classList.remove("current");
      segmentsOf[current].forEach((s) => s.classList.remove("current"));
    }
    current = index;
    cards[index].classList.add("current");
    segmentsOf[index].forEach((s) => s.classList.add("current"));
    if (scrollCard) cards[index].scrollIntoView({ block: "nearest" });
    if (scrollText && segmentsOf[index].length) segmentsOf[index][0].scrollIntoView({ block: "center" });
    document.body.setAttribute("data-current", items[index].uid);
  }

  function refreshCounts() {
    const accepted = state.filter((s) => s.decision === "accept").length;
    const rejected = state.filter((s) => s.decision === "reject").length;
    const counts = document.getElementById("counts");
    counts.textContent = `${accepted + rejected} reviewed · ${items.length - accepted - rejected} remaining ` +
      `(${accepted} accepted, ${rejected} rejected)`;
    counts.setAttribute("data-reviewed", String(accepted + rejected));
    counts.setAttribute("data-remaining", String(items.length - accepted - rejected));
  }

  // --- editing --------------------------------------------------------------------------

  function openEditor(index) {
    select(index, { scrollText: true });
    const card = cards[index];
    const old = card.querySelector(".editor");
    if (old) { old.querySelector("input, select, textarea")?.focus(); return; }
    const values = JSON.parse(JSON.stringify(valuesOf(index)));
    const form = el("form", { class: "editor", onsubmit: (event) => { event.preventDefault(); applyEdits(index, form, values); } });
    for (const field of data.fields[items[index].section] || []) form.append(fieldEditor(field, values));
    form.append(el("label", { class: "field" }, "reviewer note (optional)",
      el("textarea", { name: "note", rows: "2" }, state[index].note || "")));
    form.append(el("div", { class: "buttons" },
      el("button", { type: "submit", class: "apply" }, "Accept with these values"),
      el("button", { type: "button", class: "cancel", onclick: () => form.remove() }, "Cancel")));
    card.append(form);
    form.querySelector("input, select, textarea")?.focus();
  }

  function fieldEditor(field, values) {
    const wrap = el("div", { class: "field", "data-field": field.name });
    const value = values[field.name];
    const options = data.options[field.target] || [];
    if (field.kind === "langmap") {
      const langs = [...new Set(["en", "fi", data.language, ...Object.keys(value || {})])];
      for (const lang of langs) {
        wrap.append(el("label", {}, `${field.name} ${lang}`,
          el("input", { type: "text", name: `${field.name}.${lang}`, value: (value || {})[lang] || "" })));
      }
    } else if (field.kind === "choice" || field.kind === "ref") {
      const select = el("select", { name: field.name });
      if (!field.required || value === undefined) select.append(el("option", { value: "" }, "—"));
      const ids = field.kind === "choice" ? field.choices : options.map((o) => o.id);
      if (value && !ids.includes(value)) ids.push(value);
      for (const id of ids) {
        select.append(el("option", { value: id, selected: id === value },
          field.kind === "choice" ? id : optionLabel(field.target, id)));
      }
      wrap.append(el("label", {}, field.name, select));
    } else if (field.kind === "refs") {
      const list = Array.isArray(value) ? [...value] : [];
      values[field.name] = list;
      const chips = el("span", { class: "chips" });
      const listId = `options-${field.name}-${Math.random().toString(36).slice(2)}`;
      const datalist = el("datalist", { id: listId });
      options.forEach((o) => datalist.append(el("option", { value: o.id, label: o.label || o.id })));
      const input = el("input", { type: "text", name: `${field.name}.add`, list: listId, placeholder: "add an id",
                                  onkeydown: (event) => { if (event.key === "Enter") { event.preventDefault(); add(); } } });
      const drawChips = () => {
        chips.replaceChildren(...list.map((id, i) => el("span", { class: "chip", "data-id": id },
          optionLabel(field.target, id),
          el("button", { type: "button", class: "remove", title: `remove ${id}`,
                         onclick: () => { list.splice(i, 1); drawChips(); } }, "×"))));
      };
      const add = () => {
        const id = input.value.trim();
        if (id && !list.includes(id)) list.push(id);
        input.value = "";
        drawChips();
      };
      drawChips();
      wrap.append(el("span", { class: "name" }, field.name), chips, input, datalist,
                  el("button", { type: "button", class: "add", onclick: add }, "Add"));
    } else {
      wrap.append(el("label", {}, field.name,
        el("input", { type: "text", name: field.name, value: value === undefined || value === null ? "" : String(value) })));
    }
    return wrap;
  }

  function applyEdits(index, form, values) {
    const edited = {};
    for (const field of data.fields[items[index].section] || []) {
      if (field.kind === "langmap") {
        const map = {};
        form.querySelectorAll(`input[name^="${field.name}."]`).forEach((input) => {
          map[input.name.slice(field.name.length + 1)] = input.value.trim();
        });
        edited[field.name] = map;
      } else if (field.kind === "refs") {
        const pending = form.querySelector(`input[name="${field.name}.add"]`).value.trim();
        if (pending && !values[field.name].includes(pending)) values[field.name].push(pending);
        edited[field.name] = values[field.name];
      } else {
        const input = form.querySelector(`[name="${field.name}"]`);
        edited[field.name] = field.kind === "int" && /^\d+$/.test(input.value) ? Number(input.value) : input.value;
      }
    }
    state[index].values = Object.assign(JSON.parse(JSON.stringify(items[index].values)), edited);
    for (const [key, value] of Object.entries(edited)) {
      if (value === "" || (Array.isArray(value) && !value.length)) delete state[index].values[key];
    }
    state[index].edits = edited;
    state[index].note = form.querySelector("textarea[name=note]").value;
    form.remove();
    decide(index, "accept", false);
  }

  // --- proposals ------------------------------------------------------------------------

  function buildProposals() {
    if (!data.proposals.length) return;
    const container = document.getElementById("proposals");
    container.append(el("h2", {}, "Proposed reference entries"));
    for (const proposal of data.proposals) {
      const card = el("article", { class: "proposal", "data-uid": proposal.uid });
      const inputs = proposal.fields.map((name) => {
        const value = name === "name" ? proposal.values.name : ((proposal.values.label || {})[name.split(".")[1]] || "");
        return el("label", {}, name, el("input", { type: "text", name, value: value || "" }));
      });
      const targets = el("select", { name: "map-to" }, el("option", { value: "" }, "— existing id —"));
      (data.options[proposal.section] || []).filter((o) => !o.proposed).forEach((o) =>
        targets.append(el("option", { value: o.id }, optionLabel(proposal.section, o.id))));
      const outcome = el("span", { class: "outcome" }, "");
      const confirm = () => {
        const values = {};
        for (const input of card.querySelectorAll("input")) {
          if (input.name === "name") values.name = input.value.trim();
          else { values.label = values.label || {}; values.label[input.name.split(".")[1]] = input.value.trim(); }
        }
        proposalState.set(proposal.uid, { action: "confirm", values });
        outcome.textContent = "confirmed: written to the reference file";
        card.classList.add("decided");
      };
      const map = () => {
        if (!targets.value) { outcome.textContent = "choose the existing id first"; return; }
        proposalState.set(proposal.uid, { action: "map", target: targets.value });
        outcome.textContent = `mapped to ${targets.value}: every use of ${proposal.id} becomes ${targets.value}`;
        card.classList.add("decided");
      };
      card.append(el("div", { class: "head" }, el("span", { class: "title" }, `${proposal.section} · ${proposal.id}`)),
        el("div", { class: "facts" }, proposal.used_by.length ? `used by ${proposal.used_by.join(", ")}` : "not used by any item"),
        el("div", { class: "note-line" }, proposal.values.note || ""),
        ...inputs,
        el("div", { class: "buttons" },
          el("button", { type: "button", class: "confirm", onclick: confirm }, "Confirm"),
          targets, el("button", { type: "button", class: "map", onclick: map }, "Map")),
        outcome);
      container.append(card);
    }
  }

  function buildNoClaim() {
    if (!data.no_claim.length) return;
    const details = el("details", {}, el("summary", {}, `${data.no_claim.length} sentence(s) without a claim (kept)`));
    const list = el("ul", {});
    data.no_claim.forEach((entry) => list.append(el("li", {}, entry.reason)));
    details.append(list);
    document.getElementById("no-claim").append(details);
  }

  // --- saving ---------------------------------------------------------------------------

  function showStatus(kind, message, problems, action) {
    const status = document.getElementById("status");
    status.hidden = false;
    status.className = `status ${kind}`;
    status.replaceChildren(el("p", {}, message));
    if (problems && problems.length > 1) {
      const list = el("ul", {});
      problems.forEach((p) => list.append(el("li", {}, p)));
      status.append(list);
    }
    if (action) status.append(action);
  }

  async function save() {
    const attribution = document.getElementById("attribution").value.trim();
    if (!attribution) {
      showStatus("error", "Write the memo's attribution (its source and reuse terms) before saving.");
      document.getElementById("attribution").focus();
      return;
    }
    const decisions = {};
    items.forEach((item, index) => {
      const s = state[index];
      if (!s.decision) return;
      decisions[item.uid] = { decision: s.decision };
      if (s.edits) decisions[item.uid].values = s.edits;
      if (s.note && s.note.trim()) decisions[item.uid].note = s.note;
    });
    const body = {
      attribution,
      memo_label: { en: document.getElementById("memo-label-en").value, fi: document.getElementById("memo-label-fi").value },
      items: decisions, proposals: Object.fromEntries(proposalState), overwrite,
    };
    showStatus("busy", "Saving…");
    let response, answer;
    try {
      response = await fetch("/save", { method: "POST", headers: { "Content-Type": "application/json", "X-Review-Token": token },
                                        body: JSON.stringify(body), credentials: "same-origin" });
      answer = await response.json();
    } catch (error) {
      showStatus("error", `Could not save: ${error}`);
      return;
    }
    overwrite = false;
    if (response.status === 200) {
      showStatus("saved", answer.message + (answer.notes && answer.notes.length ? ` (${answer.notes.join("; ")})` : ""));
      document.body.setAttribute("data-saved", "true");
    } else if (response.status === 409) {
      showStatus("warning", answer.message, null, el("button", { type: "button", id: "overwrite",
        onclick: () => { overwrite = true; save(); } }, "Overwrite"));
    } else {
      showStatus("error", answer.message, answer.problems);
    }
  }

  // --- keyboard -------------------------------------------------------------------------

  function toggleHelp(show) {
    const help = document.getElementById("help");
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, textarea, select");
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
      return;
    }
    if (event.key === "Escape") {
      toggleHelp(false);
      const editor = current >= 0 && cards[current].querySelector(".editor");
      if (editor) { editor.remove(); cards[current].focus(); }
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    const start = current < 0 ? 0 : current;
    if (key === "j" || key === "ArrowDown") select(current < 0 ? 0 : Math.min(items.length - 1, current + 1), { scrollCard: true, scrollText: true });
    else if (key === "k" || key === "ArrowUp") select(Math.max(0, start - 1), { scrollCard: true, scrollText: true });
    else if (key === "a") decide(start, "accept", true);
    else if (key === "r") decide(start, "reject", true);
    else if (key === "e") openEditor(start);
    else if (key === "s") save();
    else if (key === "?") toggleHelp();
    else return;
    event.preventDefault();
  });

  document.getElementById("save").addEventListener("click", save);
  document.getElementById("help-button").addEventListener("click", () => toggleHelp());
  document.getElementById("help").addEventListener("click", () => toggleHelp(false));

  buildText();
  buildItems();
  buildProposals();
  buildNoClaim();
  items.forEach((_, index) => refreshCard(index));
  refreshSegments();
  refreshCounts();
  if (items.length) select(0, {});
  window.eujgraphReview = { state, proposalState, items, byUid };
  document.body.setAttribute("data-ready", "true");
})();
