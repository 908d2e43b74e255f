// socialmaps live: the editor page.  Everything it needs is in this file and the page; it talks
// only to the server that served it, with the token from the address.
"use strict";
(() => {
  const REDRAW_MS = 300;     // a pause in typing this long redraws
  const AUTOSAVE_MS = 2000;  // ... and this long saves
  const LINE_PX = 18;
  const token = new URLSearchParams(location.search).get("token") || "";
  const tab = Math.random().toString(36).slice(2, 12);
  const $ = (id) => document.getElementById(id);
  const text = $("text"), gutter = $("gutter"), problemsList = $("problems"), statusEl = $("status");
  const tabsEl = $("tabs"), drawingsEl = $("drawings"), popup = $("complete");

  const state = {
    name: "", base: "", saved: "", seq: 0, applied: 0, keys: {}, kinds: [], current: "",
    places: {}, events: [], redrawTimer: 0, saveTimer: 0, conflict: false, saving: null,
    completion: { fields: {}, enums: {}, id_fields: [] }, badLines: new Set(), lineCount: 0,
  };
  const draftKey = () => "socialmaps-draft:" + state.name;

  function api(path, options = {}) {
    const headers = Object.assign({ "X-Socialmaps-Token": token }, options.headers || {});
    return fetch(path, Object.assign({}, options, { headers, credentials: "same-origin" }));
  }
  function setStatus(message, bad = false) {
    statusEl.textContent = message;
    statusEl.classList.toggle("bad", bad);
  }
  function clock() { return new Date().toLocaleTimeString(); }

  // ---- banner: drafts, conflicts, external edits -------------------------------------------------
  function banner(message, actions = [], conflict = false) {
    const box = $("banner");
    $("banner-text").textContent = message;
    const holder = $("banner-actions");
    holder.textContent = "";
    for (const [label, act] of actions) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.addEventListener("click", () => { box.hidden = true; act(); });
      holder.appendChild(b);
    }
    box.classList.toggle("conflict", conflict);
    box.hidden = !message;
  }

  // ---- line numbers and marks --------------------------------------------------------------------
  function renderGutter() {
    const count = text.value.split("\n").length;
    if (count !== state.lineCount) {
      const frag = document.createDocumentFragment();
      for (let i = 1; i <= count; i++) {
        const d = document.createElement("div");
        d.textContent = String(i);
        frag.appendChild(d);
      }
      gutter.textContent = "";
      gutter.appendChild(frag);
      state.lineCount = count;
    }
    gutter.querySelectorAll("div.bad").forEach((d) => d.classList.remove("bad"));
    for (const line of state.badLines) {
      const d = gutter.children[line - 1];
      if (d) d.classList.add("bad");
    }
    gutter.scrollTop = text.scrollTop;
  }
  text.addEventListener("scroll", () => { gutter.scrollTop = text.scrollTop; hidePopup(); });

  function offsetOf(line, column) {
    const lines = text.value.split("\n");
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
    return Math.min(offset + Math.max(column - 1, 0), text.value.length);
  }
  function moveCursor(line, column) {
    const at = offsetOf(line, column);
    text.focus();
    text.setSelectionRange(at, at);
    const top = (line - 1) * LINE_PX;
    if (top < text.scrollTop || top > text.scrollTop + text.clientHeight - 2 * LINE_PX) {
      text.scrollTop = Math.max(top - text.clientHeight / 3, 0);
    }
    gutter.scrollTop = text.scrollTop;
  }

  // ---- problems ----------------------------------------------------------------------------------
  function showProblems(problems) {
    problemsList.textContent = "";
    state.badLines = new Set(problems.map((p) => p.line));
    for (const p of problems) {
      const li = document.createElement("li");
      li.textContent = p.text;
      li.dataset.line = p.line;
      li.addEventListener("click", () => moveCursor(p.line, p.column));
      problemsList.appendChild(li);
    }
    drawingsEl.querySelectorAll(".drawing").forEach((d) => d.classList.toggle("old", problems.length > 0));
    renderGutter();
  }

  // ---- drawings ----------------------------------------------------------------------------------
  function showTab(kind) {
    state.current = kind;
    for (const b of tabsEl.children) b.setAttribute("aria-selected", String(b.dataset.kind === kind));
    for (const d of drawingsEl.children) d.classList.toggle("on", d.dataset.kind === kind);
  }
  function applyDrawings(result) {
    for (const kind of result.kinds) {
      const entry = result.diagrams[kind];
      let holder = drawingsEl.querySelector(`.drawing[data-kind="${kind}"]`);
      if (!holder) {
        holder = document.createElement("div");
        holder.className = "drawing";
        holder.dataset.kind = kind;
        holder.id = "diagram-" + kind;
        drawingsEl.appendChild(holder);
      }
      if (entry.svg !== null && entry.svg !== undefined) holder.innerHTML = entry.svg;
      state.keys[kind] = entry.key;
    }
    if (result.ok) {
      for (const holder of [...drawingsEl.children]) {
        if (!result.kinds.includes(holder.dataset.kind)) {
          delete state.keys[holder.dataset.kind];
          holder.remove();
        }
      }
      state.kinds = result.kinds;
    }
    tabsEl.textContent = "";
    for (const holder of drawingsEl.children) {
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", "tab");
      b.dataset.kind = holder.dataset.kind;
      b.textContent = holder.dataset.kind;
      b.addEventListener("click", () => showTab(b.dataset.kind));
      tabsEl.appendChild(b);
    }
    const kinds = [...drawingsEl.children].map((d) => d.dataset.kind);
    showTab(kinds.includes(state.current) ? state.current : (kinds[0] || ""));
  }

  drawingsEl.addEventListener("click", (event) => {
    const part = event.target.closest("[data-id]");
    if (part && state.places[part.dataset.id]) {
      const [line, column] = state.places[part.dataset.id];
      moveCursor(line, column);
      return;
    }
    const marker = event.target.closest(".sm-event");
    if (marker) {
      const label = marker.textContent.replace(/\s+/g, " ");
      const found = state.events.find((e) => e.title && label.includes(e.title.replace(/\s+/g, " ").slice(0, 12)));
      if (found) moveCursor(found.line, found.column);
    }
  });

  // ---- redraw: newest wins -----------------------------------------------------------------------
  function query(extra = {}) {
    const q = new URLSearchParams(Object.assign({ lang: $("lang").value, style: $("style").value }, extra));
    return q.toString();
  }
  async function redraw() {
    const seq = ++state.seq;
    const have = Object.entries(state.keys).map(([k, v]) => `${k}=${v}`).join(",");
    let result;
    try {
      const response = await api(`/api/render?${query({ tab, seq })}`, {
        method: "POST", body: text.value, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Have": have },
      });
      result = await response.json();
      if (!response.ok) { showProblems([{ line: 1, column: 1, text: "1:1: " + result.error }]); return; }
    } catch (err) {
      setStatus("the server does not answer: your text is kept in this browser", true);
      return;
    }
    if (result.stale || seq !== state.seq || seq < state.applied) return;  // a newer edit is on its way
    state.applied = seq;
    state.places = result.places || {};
    state.events = result.events || [];
    applyDrawings(result);
    showProblems(result.problems);
  }

  // ---- saving ------------------------------------------------------------------------------------
  function keepDraft() {
    try {
      if (text.value === state.saved) localStorage.removeItem(draftKey());
      else localStorage.setItem(draftKey(), JSON.stringify({ text: text.value, base: state.base, time: Date.now() }));
    } catch (err) { /* storage full or off: the autosave still runs */ }
  }
  async function save(keepalive = false) {
    if (state.conflict || text.value === state.saved) return;
    const body = text.value;
    if (state.saving && !keepalive) { await state.saving; return save(); }
    const run = (async () => {
      try {
        const response = await api("/api/save", {
          method: "POST", body, keepalive,
          headers: { "Content-Type": "text/plain; charset=utf-8", "X-Base-Version": state.base },
        });
        const answer = await response.json();
        if (response.status === 409) {
          state.conflict = true;
          setStatus("not saved: conflict", true);
          banner("Not saved: " + answer.error, [
            ["Load the file's version (yours stays in this browser's draft)", () => loadFromDisk()],
            ["Keep mine and overwrite the file", () => { state.conflict = false; state.base = answer.version; save(); }],
          ], true);
          return;
        }
        if (!response.ok) { setStatus("not saved: " + answer.error, true); return; }
        state.base = answer.version;
        state.saved = body;
        keepDraft();
        setStatus(`saved ${clock()}` + (answer.backup ? " (previous version kept)" : ""));
      } catch (err) {
        setStatus("not saved (no server): your text is kept in this browser", true);
      }
    })();
    state.saving = run;
    await run;
    state.saving = null;
  }
  async function loadFromDisk() {
    const response = await api("/api/state");
    const s = await response.json();
    if (text.value !== s.text) setAside(text.value);
    setText(s.text, s.version);
    keepDraft();
    state.conflict = false;
  }
  // Texts replaced by the file's version after a conflict: kept (the last 5) and offered at the next start.
  const asideKey = () => "socialmaps-aside:" + state.name;
  function setAside(value) {
    try {
      const kept = JSON.parse(localStorage.getItem(asideKey()) || "[]").slice(-4);
      kept.push({ text: value, base: state.base, time: Date.now() });
      localStorage.setItem(asideKey(), JSON.stringify(kept));
    } catch (err) { /* storage off: nothing more to do */ }
  }
  function setText(value, version) {
    text.value = value;
    state.saved = value;
    state.base = version;
    renderGutter();
    redraw();
  }

  function edited() {
    renderGutter();
    keepDraft();
    clearTimeout(state.redrawTimer);
    clearTimeout(state.saveTimer);
    state.redrawTimer = setTimeout(redraw, REDRAW_MS);
    state.saveTimer = setTimeout(() => save(), AUTOSAVE_MS);
    if (text.value !== state.saved && !state.conflict) setStatus("editing…");
  }
  text.addEventListener("input", () => { edited(); complete(); });
  window.addEventListener("pagehide", () => { keepDraft(); save(true); });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") save(true); });
  $("save").addEventListener("click", () => save());

  // ---- changes on disk (another editor) ----------------------------------------------------------
  function listen() {
    const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.addEventListener("file", (event) => {
      const change = JSON.parse(event.data);
      if (change.version === state.base) return;  // our own save
      if (text.value === state.saved) {
        setText(change.text, change.version);
        banner(`The file was changed in another editor; the page now shows it (${clock()}).`);
      } else {
        state.conflict = true;
        banner("The file was changed in another editor while you have unsaved edits here.", [
          ["Load the file's version (yours stays in this browser's draft)", () => loadFromDisk()],
          ["Keep mine and overwrite the file", () => { state.conflict = false; state.base = change.version; save(); }],
        ], true);
      }
    });
  }

  // ---- downloads ---------------------------------------------------------------------------------
  for (const button of document.querySelectorAll("#downloads button")) {
    button.addEventListener("click", async () => {
      if (!state.current) return;
      const format = button.dataset.format;
      const response = await api(`/api/export?${query({ kind: state.current, format })}`, {
        method: "POST", body: text.value, headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
      if (!response.ok) { setStatus("download failed: " + (await response.json()).error, true); return; }
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement("a");
      a.href = url;
      const stem = state.name.replace(/\.[^.]*$/, "");
      a.download = format === "report" ? `${stem}-report.pdf` : `${stem}-${state.current}.${format}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
  }
  for (const id of ["lang", "style"]) $(id).addEventListener("change", () => { state.keys = {}; redraw(); });

  // ---- completion --------------------------------------------------------------------------------
  const pop = { items: [], index: 0, start: 0, end: 0 };
  function hidePopup() { popup.hidden = true; pop.items = []; }
  function enclosingKey(lines, row, indent) {
    // The nearest line above with less indentation that opens a mapping or list: `key:` or `- key:`.
    for (let i = row - 1; i >= 0; i--) {
      const m = lines[i].match(/^(\s*)(?:- )?([A-Za-z_][\w-]*):\s*(?:#.*)?$/);
      const lead = lines[i].match(/^\s*/)[0].length;
      if (lines[i].trim() === "" || lines[i].trim().startsWith("#")) continue;
      if (m && m[1].length < indent) return m[2];
      if (lead < indent && !m) {
        const inner = lines[i].match(/^(\s*)-?\s*([A-Za-z_][\w-]*):/);
        if (inner && inner[1].length < indent && lead === 0) return inner[2];
      }
      if (lead === 0 && i < row - 1 && indent === 0) return "";
    }
    return "";
  }
  function peopleIds() {
    const ids = [];
    const re = /(?:^|[{,\s-])id:\s*([A-Za-z0-9_-]+)/gm;
    for (const m of text.value.matchAll(re)) if (!ids.includes(m[1])) ids.push(m[1]);
    return ids;
  }
  function candidates() {
    const at = text.selectionStart;
    if (at !== text.selectionEnd) return null;
    const before = text.value.slice(0, at);
    const lines = before.split("\n");
    const row = lines.length - 1;
    const line = lines[row];
    const word = line.match(/[A-Za-z0-9_-]*$/)[0];
    const start = at - word.length;
    const c = state.completion;
    // A value: `field: wo|` (block or inside { }), or an id in `partners: [a, b|`.
    const valueMatch = line.match(/([A-Za-z_][\w-]*):\s*(?:\[[^\]]*?,?\s*)?[A-Za-z0-9_-]*$/);
    const allLines = text.value.split("\n");
    const indent = line.match(/^\s*(?:- )?/)[0].length;
    const container = enclosingKey(allLines, row, line.match(/^\s*/)[0].length + (line.trim().startsWith("-") ? 1 : 0));
    if (valueMatch && !/:\s*$/.test(line.slice(0, line.length - word.length) + "x")) {
      const field = valueMatch[1];
      let options = c.enums[`${container}.${field}`] || c.enums[field];
      if (!options && c.id_fields.includes(field) && field !== "id") options = peopleIds();
      if (!options) return null;
      return { start, word, options: options.filter((o) => o.startsWith(word) && o !== word).map((o) => ({ name: o })) };
    }
    // A field name: at the start of a line (after `- `) or after `{` / `, ` in a flow mapping.
    const keyPlace = /^\s*(?:- )?[A-Za-z_][\w-]*$/.test(line) || /[{,]\s*[A-Za-z_][\w-]*$/.test(line);
    if (!keyPlace || word.length === 0) return null;
    const inFlow = /[{,]\s*[A-Za-z_][\w-]*$/.test(line) && line.includes("{");
    const key = inFlow ? enclosingKey(allLines, row + 1, indent + 1) || container : container;
    const fields = c.fields[key] || c.fields[container] || [];
    const options = fields.filter((f) => f.name.startsWith(word) && f.name !== word);
    return { start, word, options, field: true };
  }
  function complete() {
    const found = candidates();
    if (!found || found.options.length === 0) { hidePopup(); return; }
    pop.items = found.options.slice(0, 12);
    pop.index = 0;
    pop.start = found.start;
    pop.field = !!found.field;
    popup.textContent = "";
    pop.items.forEach((item, i) => {
      const li = document.createElement("li");
      li.textContent = item.name;
      if (item.doc) { const s = document.createElement("small"); s.textContent = item.doc.slice(0, 50); li.appendChild(s); }
      li.className = i === 0 ? "on" : "";
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pop.index = i; accept(); });
      popup.appendChild(li);
    });
    const before = text.value.slice(0, text.selectionStart).split("\n");
    const charPx = measureChar();
    popup.style.top = `${before.length * LINE_PX - text.scrollTop + 6}px`;
    popup.style.left = `${46 + 6 + before[before.length - 1].length * charPx - text.scrollLeft}px`;
    popup.hidden = false;
  }
  let charWidth = 0;
  function measureChar() {
    if (!charWidth) {
      const probe = document.createElement("span");
      probe.className = "probe";  // the textarea's font (live.css)
      probe.textContent = "x".repeat(100);
      $("editor").appendChild(probe);
      charWidth = probe.getBoundingClientRect().width / 100;
      probe.remove();
    }
    return charWidth;
  }
  function accept() {
    const item = pop.items[pop.index];
    if (!item) return;
    const at = text.selectionStart;
    const insert = item.name + (pop.field ? ": " : "");
    text.setRangeText(insert, pop.start, at, "end");
    hidePopup();
    edited();
  }
  text.addEventListener("keydown", (event) => {
    if (popup.hidden || pop.items.length === 0) {
      if (event.key === "Tab") {  // two spaces, as YAML wants
        event.preventDefault();
        text.setRangeText("  ", text.selectionStart, text.selectionEnd, "end");
        edited();
      }
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      pop.index = (pop.index + (event.key === "ArrowDown" ? 1 : pop.items.length - 1)) % pop.items.length;
      [...popup.children].forEach((li, i) => li.classList.toggle("on", i === pop.index));
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      accept();
    } else if (event.key === "Escape") {
      hidePopup();
    }
  });
  text.addEventListener("blur", () => setTimeout(hidePopup, 150));

  // ---- texts kept in the browser: an unsaved draft, or texts set aside after a conflict ------------
  function offerBack(disk) {
    let draft = null, aside = [];
    try {
      draft = JSON.parse(localStorage.getItem(draftKey()) || "null");
      aside = JSON.parse(localStorage.getItem(asideKey()) || "[]");
    } catch (err) { draft = null; }
    let entry = null, what = "", forget = null;
    if (draft && draft.text !== disk.text) {
      entry = draft; what = "An unsaved draft"; forget = () => localStorage.removeItem(draftKey());
    } else if (aside.length && aside[aside.length - 1].text !== disk.text) {
      entry = aside[aside.length - 1]; what = "A text set aside after a conflict";
      forget = () => localStorage.setItem(asideKey(), JSON.stringify(aside.slice(0, -1)));
    }
    if (!entry) return;
    const when = new Date(entry.time).toLocaleString();
    banner(`${what} from ${when} was found in this browser.`, [
      ["Restore the draft", () => {
        forget();
        text.value = entry.text;
        if (entry.base !== disk.version) state.conflict = true;  // the file moved on: saving asks first
        edited();
        if (state.conflict) banner("This text was based on an older file: it is not saved until you choose.", [
          ["Keep it and overwrite the file", () => { state.conflict = false; save(); }],
          ["Load the file's version (this text is set aside again)", () => loadFromDisk()],
        ], true);
      }],
      ["Discard it", () => { forget(); offerBack(disk); }],
    ]);
  }

  // ---- start -------------------------------------------------------------------------------------
  async function start() {
    const response = await api("/api/state");
    if (!response.ok) { setStatus((await response.json()).error, true); return; }
    const s = await response.json();
    state.name = s.name;
    state.completion = s.completion;
    $("name").textContent = s.name;
    document.title = `${s.name} — socialmaps live`;
    for (const l of s.languages) $("lang").add(new Option(l, l));
    for (const st of s.styles) $("style").add(new Option(st, st));
    setText(s.text, s.version);
    offerBack(s);
    listen();
  }
  start();
})();
