// app.js -- the playground page: examples, Run, results as a sortable
// table or as the library's JSON, CSV and Markdown text, the graph of a
// result drawn by Graphviz, the user's layers and status files, and the
// query kept in the page address (#q=...; the part after # never leaves
// the browser).
"use strict";

const $ = (id) => document.getElementById(id);
const VIEWS = ["table", "json", "csv", "markdown", "graph"];
const EXTENSION = { json: "json", csv: "csv", markdown: "md", graph: "svg" };
// The most rows a table shows: more would only slow the page down; the
// text views and their downloads hold every row.
const TABLE_ROWS = 2000;

const page = {
  engine: null,
  editor: null,
  results: [], // the last run's, from ConcordEngine.runScript
  args: {}, // values of $parameters, by name (the program's --arg)
  view: "table",
  // Milliseconds since the page was asked for: the script started, the
  // library ready, the first answer shown; and the last run's own time.
  timings: { startMs: null, engineMs: null, firstAnswerMs: null,
    lastRunMs: null },
  viz: null, // a promise of the Graphviz instance, made on first use
};
window.concordPage = page;

function setStatus(text) {
  $("status").textContent = text;
}

// ---- the page address --------------------------------------------------
// #q=QUERY&view=VIEW&arg.NAME=VALUE...
function readAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  const view = params.get("view");
  const args = {};
  for (const [key, value] of params) {
    if (key.startsWith("arg.")) args[key.slice(4)] = value;
  }
  return { query: params.get("q"), view: VIEWS.includes(view) ? view : null,
    args };
}

// Spaces as %20, not "+": the address stays readable where it is pasted.
function writeAddress(query) {
  let hash = "#q=" + encodeURIComponent(query);
  if (page.view !== "table") hash += "&view=" + page.view;
  for (const [name, value] of Object.entries(argsOf(query))) {
    hash += "&arg." + encodeURIComponent(name) + "=" +
      encodeURIComponent(value);
  }
  history.replaceState(null, "", hash);
}

// ---- $parameters -----------------------------------------------------------
// The names of the $parameters in text (outside comments and strings).
function parameterNames(text) {
  const bare = text.replace(/--[^\n]*/g, "")
    .replace(/"(?:[^"\\\n]|\\.)*"?/g, "");
  const names = [];
  for (const m of bare.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!names.includes(m[1])) names.push(m[1]);
  }
  return names;
}

// The values given for the parameters of query; one left empty is not
// bound, and the library then says which is missing.
function argsOf(query) {
  const args = {};
  for (const name of parameterNames(query)) {
    if (page.args[name]) args[name] = page.args[name];
  }
  return args;
}

// One field for each $parameter of the editor's text.
function showParameters() {
  const box = $("params");
  const names = parameterNames(page.editor.value);
  const shown = [...box.querySelectorAll("input")].map((i) => i.name);
  box.hidden = names.length === 0;
  if (shown.join() === names.join()) return;
  box.textContent = "";
  for (const name of names) {
    const label = document.createElement("label");
    label.textContent = "$" + name + " ";
    const input = document.createElement("input");
    input.name = name;
    input.value = page.args[name] || "";
    input.spellcheck = false;
    input.addEventListener("input", () => { page.args[name] = input.value; });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") run();
    });
    label.appendChild(input);
    box.appendChild(label);
  }
}

function setQuery(query, args) {
  if (args) page.args = Object.assign({}, args);
  page.editor.value = query;
  showParameters();
}

// ---- running -------------------------------------------------------------
function run() {
  const query = page.editor.value;
  writeAddress(query);
  const start = performance.now();
  let results;
  try {
    results = page.engine.runScript(query, argsOf(query));
  } catch (e) {
    results = [{ error: String(e.message || e) }];
  }
  const ms = performance.now() - start;
  page.timings.lastRunMs = ms;
  page.results = results;
  showErrors(results);
  renderResults();
  const tables = results.filter((r) => r.rows);
  const rows = tables.reduce((n, r) => n + r.rows.length, 0);
  const failed = results.length - tables.length;
  setStatus((failed ? "failed; " : "") + rows + (rows === 1 ? " row" :
    " rows") + " in " + ms.toFixed(1) + " ms");
  if (page.timings.firstAnswerMs === null) {
    page.timings.firstAnswerMs = performance.now();
  }
  document.body.dataset.runs = String(Number(document.body.dataset.runs ||
    0) + 1);
}

function showErrors(results) {
  const errors = results.filter((r) => r.error !== undefined);
  const box = $("errors");
  box.textContent = errors.map((e) => e.error).join("\n");
  box.hidden = errors.length === 0;
  const first = errors.find((e) => e.line > 0);
  page.editor.markError(first ? first.line : 0, first ? first.column : 0);
}

// ---- results -------------------------------------------------------------
function renderResults() {
  const container = $("results");
  container.textContent = "";
  for (const b of document.querySelectorAll("#views button")) {
    b.setAttribute("aria-selected", String(b.dataset.view === page.view));
  }
  page.results.forEach((result, index) => {
    if (!result.rows) return;
    const block = document.createElement("div");
    block.className = "result";
    block.dataset.index = String(index);
    container.appendChild(block);
    if (page.view === "table") renderTable(block, result);
    else if (page.view === "graph") renderGraph(block, result, index);
    else renderText(block, result, index);
  });
}

function renderTable(block, result) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  result.columns.forEach((name, i) => {
    const th = document.createElement("th");
    th.textContent = name;
    th.title = "sort by " + name;
    if (result.numeric[i]) th.className = "num";
    if (result.sort && result.sort.column === i) {
      th.setAttribute("aria-sort", result.sort.desc ? "descending" :
        "ascending");
    }
    th.addEventListener("click", () => {
      sortRows(result, i);
      renderResults();
    });
    head.appendChild(th);
  });
  const body = table.createTBody();
  for (const row of result.rows.slice(0, TABLE_ROWS)) {
    const tr = body.insertRow();
    row.forEach((value, i) => {
      const td = tr.insertCell();
      td.textContent = value === null ? "" : value;
      if (result.numeric[i]) td.className = "num";
    });
  }
  const caption = document.createElement("p");
  caption.className = "count";
  caption.textContent = "(" + result.rows.length +
    (result.rows.length === 1 ? " row)" : " rows)") +
    (result.rows.length > TABLE_ROWS ? "; the first " + TABLE_ROWS +
      " are shown here, and all of them in the JSON, CSV and Markdown " +
      "views" : "");
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  wrap.appendChild(table);
  block.append(wrap, caption);
}

// Sort by column i; again on the same column reverses.  Nulls go last;
// numeric columns compare as numbers, others as text.  The library's own
// order comes back with a reload of the result (Run).
function sortRows(result, i) {
  const desc = result.sort && result.sort.column === i && !result.sort.desc;
  result.sort = { column: i, desc };
  const sign = desc ? -1 : 1;
  const collator = new Intl.Collator(undefined, { numeric: true });
  result.rows.sort((a, b) => {
    if (a[i] === null || b[i] === null) {
      return (a[i] === null) - (b[i] === null);
    }
    const d = result.numeric[i] ? Number(a[i]) - Number(b[i])
      : collator.compare(a[i], b[i]);
    return sign * d;
  });
}

// The library's own text of the result (what `concord -f FORMAT` writes),
// made when first asked for and kept.
function textOf(result, format) {
  result.text = result.text || {};
  if (!(format in result.text)) {
    result.text[format] = page.engine.write(result.stmt, format);
  }
  return result.text[format];
}

function renderText(block, result, index) {
  const out = textOf(result, page.view);
  if (out.error !== undefined) {
    block.appendChild(note(out.error));
    return;
  }
  const pre = document.createElement("pre");
  pre.className = "text";
  pre.textContent = out.text;
  block.append(actions(out.text, page.view, index), pre);
}

function note(text) {
  const p = document.createElement("p");
  p.className = "note";
  p.textContent = text;
  return p;
}

// Copy and Download buttons for a result's text.
function actions(text, view, index) {
  const bar = document.createElement("div");
  bar.className = "actions";
  const copy = document.createElement("button");
  copy.textContent = "Copy";
  copy.addEventListener("click", () => copyText(text, copy));
  const download = document.createElement("button");
  download.textContent = "Download";
  download.addEventListener("click", () => {
    const type = view === "graph" ? "image/svg+xml" : "text/plain";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = "concord-" + (index + 1) + "." + EXTENSION[view];
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  bar.append(copy, download);
  return bar;
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    // No clipboard permission (a page not served over https or from
    // localhost): select the text in a scratch field and copy that.
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy"; }, 1200);
}

// ---- the graph -----------------------------------------------------------
// Graphviz (viz-global.js, vendored by make web) is loaded on first use,
// so it costs nothing to a page that never draws a graph.
function viz() {
  if (page.viz === null) {
    page.viz = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "viz-global.js";
      script.onload = () => window.Viz.instance().then(resolve, reject);
      script.onerror = () => reject(new Error("cannot load viz-global.js"));
      document.head.appendChild(script);
    });
  }
  return page.viz;
}

function renderGraph(block, result, index) {
  const out = textOf(result, "dot");
  if (out.error !== undefined) {
    block.appendChild(note(out.error));
    return;
  }
  const holder = document.createElement("div");
  holder.className = "graph";
  holder.textContent = "drawing...";
  block.appendChild(holder);
  viz().then((v) => {
    const svg = v.renderSVGElement(out.text);
    holder.textContent = "";
    holder.appendChild(svg);
    const text = new XMLSerializer().serializeToString(svg);
    block.insertBefore(actions(text, "graph", index), holder);
    holder.dataset.drawn = "true";
  }).catch((e) => {
    holder.textContent = "";
    holder.appendChild(note("cannot draw the graph: " + (e.message || e)));
  });
}

// ---- layers ----------------------------------------------------------------
// Read chosen or dropped files in the page ({file, folder}: a File object
// and the folder it came from, "" if none): {read: [{name, folder,
// bytes}], errors: [message]}.
async function readFiles(files) {
  const read = [];
  const errors = [];
  for (const { file, folder } of files) {
    try {
      read.push({ name: file.name, folder,
        bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch (e) {
      errors.push(file.name + ": cannot be read (a folder? drop the " +
        "folder itself, or choose the files inside it)");
    }
  }
  return { read, errors };
}

function showErrorsIn(id, errors) {
  const box = $(id);
  box.textContent = errors.join("\n");
  box.hidden = errors.length === 0;
}

// Stack the chosen or dropped files as layers.
async function addLayerFiles(files) {
  const { read, errors } = await readFiles(files);
  if (read.length > 0) errors.push(...page.engine.importFiles(read));
  showErrorsIn("layer-errors", errors);
  if (read.length === 0) return;
  layersChanged();
}

// After the corpus changed: the list, completion, the status files
// checked again on the new corpus, and the answer on it.
function layersChanged() {
  showLayers();
  page.editor.setNames(page.engine.names());
  const dropped = page.engine.recheckStatus();
  if (dropped.length > 0) {
    showErrorsIn("status-errors", ["a status file that no longer loads " +
      "on the corpus as it is now was removed:", ...dropped]);
    showStatusFiles();
  }
  run();
}

// The files of a drop: a dropped folder gives the files directly in it,
// which make one layer named after the folder.
async function droppedFiles(transfer) {
  const entries = [...transfer.items].map((i) =>
    i.webkitGetAsEntry ? i.webkitGetAsEntry() : null);
  if (entries.some((e) => e === null)) {
    return [...transfer.files].map((file) => ({ file, folder: "" }));
  }
  const files = [];
  for (const entry of entries) {
    if (entry.isFile) {
      files.push({ file: await new Promise((ok, no) => entry.file(ok, no)),
        folder: "" });
      continue;
    }
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, no) => reader.readEntries(ok, no));
      if (batch.length === 0) break;
      for (const child of batch.filter((c) => c.isFile)) {
        files.push({ file: await new Promise((ok, no) => child.file(ok, no)),
          folder: entry.name });
      }
    }
  }
  return files;
}

function showLayers() {
  const list = $("layers");
  list.textContent = "";
  for (const layer of page.engine.layers) {
    const li = document.createElement("li");
    li.textContent = "layer " + layer.name + ": " + layer.files.join(", ");
    list.appendChild(li);
  }
  $("reset-layers").hidden = page.engine.layers.length === 0;
}

// A file input and a drop area that hand their files to add (an async
// function of [{file, folder}]); a drop that cannot be read is reported
// in the box errorsId.
function acceptFiles(inputId, dropId, errorsId, add) {
  const input = $(inputId);
  input.addEventListener("change", () => {
    const files = [...input.files].map((file) => ({ file, folder: "" }));
    add(files).finally(() => { input.value = ""; });
  });
  const drop = $(dropId);
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    droppedFiles(e.dataTransfer).then(add, (err) => {
      showErrorsIn(errorsId, ["cannot read the drop: " + err]);
    });
  });
}

function setUpLayers() {
  acceptFiles("layer-file", "drop", "layer-errors", addLayerFiles);
  $("reset-layers").addEventListener("click", () => {
    page.engine.resetLayers();
    $("layer-errors").hidden = true;
    layersChanged();
  });
}

// ---- status files ------------------------------------------------------------
// Load the chosen or dropped status files (as --status does) for every
// run after; a file with a bad row is not loaded, and the library's list
// of its problems is shown.  Runs the editor's query again when a file
// was loaded.
async function addStatusFiles(files) {
  const { read, errors } = await readFiles(files);
  const refused = read.length > 0 ? page.engine.addStatusFiles(read) : [];
  showErrorsIn("status-errors", errors.concat(refused));
  showStatusFiles();
  if (read.length > refused.length) run();
}

// The status files loaded, in order (a later one wins for a clause both
// speak of), each with a Remove button.
function showStatusFiles() {
  const list = $("status-list");
  list.textContent = "";
  page.engine.status.forEach((s, index) => {
    const li = document.createElement("li");
    li.textContent = "status file " + s.name + " ";
    const remove = document.createElement("button");
    remove.className = "remove";
    remove.textContent = "Remove";
    remove.title = "answer without " + s.name;
    remove.addEventListener("click", () => {
      page.engine.removeStatus(index);
      $("status-errors").hidden = true;
      showStatusFiles();
      run();
    });
    li.appendChild(remove);
    list.appendChild(li);
  });
  $("status-none").hidden = page.engine.status.length > 0;
}

// An example's status files, when no status file is loaded yet; with the
// user's own loaded, the example answers on those.
async function ensureStatus(paths) {
  if (paths.length === 0 || page.engine.status.length > 0) return;
  await loadBundledStatus(paths);
}

// Load status files bundled with the page (paths in the project, copied
// beside the page by make web), read from the page's own folder.
// Resolves when done; a file that cannot be fetched is reported.
async function loadBundledStatus(paths) {
  const files = [];
  const errors = [];
  for (const p of paths) {
    const name = p.slice(p.lastIndexOf("/") + 1);
    try {
      const response = await fetch(p);
      if (!response.ok) throw new Error("HTTP " + response.status);
      files.push({ name, bytes: new Uint8Array(await
      response.arrayBuffer()) });
    } catch (e) {
      errors.push("cannot read " + p + " from the page's folder: " +
        (e.message || e));
    }
  }
  const refused = files.length > 0 ? page.engine.addStatusFiles(files) : [];
  showErrorsIn("status-errors", errors.concat(refused));
  showStatusFiles();
}

function setUpStatus() {
  acceptFiles("status-file", "status-drop", "status-errors", addStatusFiles);
  $("load-acme").addEventListener("click", () => {
    loadBundledStatus(window.CONCORD_LANGUAGE.acme.status).then(run);
  });
  showStatusFiles();
}

// ---- start ---------------------------------------------------------------
// A button for an example; one that reads status files loads the example's
// own (the Acme firm's) when none is loaded (ensureStatus).
function exampleButton(query, args, status) {
  const b = document.createElement("button");
  b.className = "example";
  const bound = Object.entries(args).map(([n, v]) => "$" + n + " = " + v);
  b.textContent = query.replace(/\s+/g, " ") + (bound.length ? "  [" +
    bound.join(", ") + "]" : "");
  b.title = b.textContent;
  if (status.length > 0) {
    b.classList.add("with-status");
    b.title += "\n(reads status files: Acme's, loaded when none is; or " +
      "yours)";
  }
  b.addEventListener("click", () => {
    ensureStatus(status).then(() => {
      setQuery(query, args);
      run();
    });
  });
  return b;
}

function setUpExamples() {
  const language = window.CONCORD_LANGUAGE;
  const list = $("example-list");
  for (const { query, args, status } of language.tour) {
    list.appendChild(exampleButton(query, args, status));
  }
  const acme = $("acme-list");
  for (const query of language.acme.queries) {
    acme.appendChild(exampleButton(query, {}, language.acme.status));
  }
}

function setUpViews() {
  for (const b of document.querySelectorAll("#views button")) {
    b.addEventListener("click", () => {
      page.view = b.dataset.view;
      writeAddress(page.editor.value);
      renderResults();
    });
  }
}

async function start() {
  page.editor = new QueryEditor($("source"), $("highlight"), $("completion"),
    window.CONCORD_LANGUAGE.keywords, run);
  setUpExamples();
  setUpViews();
  $("run").addEventListener("click", run);
  page.timings.startMs = performance.now();
  try {
    page.engine = await ConcordEngine.load();
    page.timings.engineMs = performance.now();
  } catch (e) {
    setStatus("concord did not load: " + (e.message || e));
    return;
  }
  $("version").textContent = page.engine.version();
  setUpLayers();
  setUpStatus();
  const address = readAddress();
  if (address.view) page.view = address.view;
  if (address.query !== null) setQuery(address.query, address.args);
  else setQuery(window.CONCORD_LANGUAGE.tour[0].query, {});
  $("source").addEventListener("input", showParameters);
  run();
  page.editor.setNames(page.engine.names());
  document.body.dataset.ready = "true";
  window.addEventListener("hashchange", () => {
    const a = readAddress();
    if (a.query !== null && a.query !== page.editor.value) {
      if (a.view) page.view = a.view;
      setQuery(a.query, a.args);
      run();
    }
  });
}

start();
