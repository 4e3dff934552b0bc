// tests/web/test.js -- the playground page in a real browser (make
// test-web): Debian's chromium, headless, driven by playwright-core.
//
//     node tests/web/test.js WEBDIR CONCORD TIMING
//
// WEBDIR is the built page (build/web), CONCORD the program the page's
// answers are compared with, TIMING the native timing program
// (tests/web/timing.c).  The page is served from 127.0.0.1 on a port the
// system picks, by a server this test starts and stops.  Checked, among
// others (docs/web.md lists them all): every tour query gives the
// program's rows (its -f json output, with the same --arg values) and
// JSON text, or its error; a syntax error shows its caret; completion
// offers 20000-1:8.5.1 after "20000-1:8.5."; the graph view draws one SVG
// node for each node of the program's dot output; a layer read through
// the file input changes an answer as --import does; a status file read
// through the file input changes an answer as --status does, and a bad
// one shows the program's located message; the page and the library stay
// under 2 MB without Graphviz.  Writes WEBDIR/screenshot.png
// and prints the measurements docs/web.md reports.
"use strict";

const { chromium } = require("playwright-core");
const { spawnSync } = require("child_process");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const [webDir, concord, timing] = process.argv.slice(2);
if (!timing) {
  console.error("usage: node tests/web/test.js WEBDIR CONCORD TIMING");
  process.exit(2);
}
const root = path.resolve(__dirname, "../..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SIZE_LIMIT = 2000000; // bytes: 2 MB
// The goals (docs/web.md): the first query answered within 1 s of the
// page being asked for (the median of LOADS loads, each in a fresh
// context), and a query within 2x of the native library's time.  Timing
// on a shared machine is noisy, so a figure past its goal is reported,
// and fails the test only past its limit, which catches a real
// regression (an unoptimised build, Graphviz loaded up front).
const FIRST_ANSWER_MS = { goal: 1000, limit: 2000 };
const SPEED_RATIO = { goal: 2, limit: 3 };
const LOADS = 5;
const TIMING_RUNS = 50; // a batch; the best of 5 batches (timing.c)

let failures = 0;
let notes = 0;
function check(ok, what, detail) {
  if (ok) {
    console.log("ok   " + what);
  } else {
    failures++;
    console.log("FAIL " + what + (detail ? "\n     " + detail : ""));
  }
}

// A measurement: ok within its goal, a note past the goal, a failure
// past the limit.
function measured(value, bounds, what) {
  if (value <= bounds.goal) {
    check(true, what);
  } else if (value <= bounds.limit) {
    notes++;
    console.log("note " + what + ": past the goal of " + bounds.goal +
      " (a busy machine?); fails past " + bounds.limit);
  } else {
    check(false, what, "past the limit of " + bounds.limit);
  }
}

// ---- the program's answers -------------------------------------------------
function cli(args, cwd) {
  const r = spawnSync(path.resolve(concord), args, { cwd: cwd || root,
    encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

// The program's -f json output: one array a statement, one object a line.
function cliTables(query, args, cwd) {
  const r = cli([...(args || []), "-f", "json", "-c", query], cwd);
  const tables = [];
  // several statements make one document: an array of their arrays
  const nested = /^\[\n\[/.test(r.stdout);
  for (const raw of r.stdout.split("\n")) {
    const line = raw === "[]," ? "[]" : raw;
    if (line === "[" || line === "[]") tables.push([]);
    else if (line.startsWith("{")) {
      const text = line.replace(/,$/, "");
      tables[tables.length - 1].push({ keys: keysInOrder(text),
        values: JSON.parse(text) });
    }
  }
  if (nested) tables.shift(); // the document's own bracket
  return { tables, stdout: r.stdout, stderr: r.stderr.replace(/\n$/, ""),
    status: r.status };
}

// The keys of a flat JSON object in the order written (JSON.parse puts
// keys such as "27001" first).
function keysInOrder(text) {
  const keys = [];
  const string = /"(?:[^"\\]|\\.)*"/y;
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== '"') continue;
    string.lastIndex = i;
    const m = string.exec(text);
    i += m[0].length - 1;
    if (text[i + 1] === ":") keys.push(JSON.parse(m[0]));
  }
  return keys;
}

// Do the page's table (column names, cell texts) and the program's JSON
// rows agree?  Numbers compare as numbers (the table shows 100.0 where
// JSON reads 100), null as an empty cell.
function sameRows(page, rows) {
  if (page.rows.length !== rows.length) {
    return "rows: page " + page.rows.length + ", program " + rows.length;
  }
  for (let r = 0; r < rows.length; r++) {
    const names = rows[r].keys;
    if (names.join(",") !== page.columns.join(",")) {
      return "columns: page " + page.columns + ", program " + names;
    }
    for (let i = 0; i < names.length; i++) {
      const want = rows[r].values[names[i]];
      const got = page.rows[r][i];
      const same = want === null ? got === ""
        : typeof want === "number" ? Number(got) === want
          : String(want) === got;
      if (!same) {
        return "row " + (r + 1) + " " + names[i] + ": page '" + got +
          "', program '" + want + "'";
      }
    }
  }
  return null;
}

// ---- the page ----------------------------------------------------------------
const TYPES = { ".html": "text/html", ".js": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".png": "image/png" };

function serve(dir) {
  const base = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split(/[?#]/)[0]);
    const file = path.join(base, url === "/" ? "index.html" : url);
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(403);
      res.end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ||
        "application/octet-stream" });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1",
    () => resolve(server)));
}

// The tables the page shows now: column names and cell texts.
function pageTables(page) {
  return page.$$eval("#results .result table", (tables) => tables.map((t) =>
    ({ columns: [...t.tHead.rows[0].cells].map((c) => c.textContent),
      rows: [...t.tBodies[0].rows].map((r) =>
        [...r.cells].map((c) => c.textContent)) })));
}

// Run the editor's query with Ctrl-Enter, or fn's action, and wait until
// the page has answered it.
async function answered(page, fn) {
  const before = await page.evaluate(() => Number(document.body.dataset.runs));
  await fn();
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n,
    before);
}

async function setQuery(page, query) {
  await page.evaluate((q) => { window.concordPage.editor.value = q; }, query);
}

async function runQuery(page, query) {
  await setQuery(page, query);
  await answered(page, () => page.press("#source", "Control+Enter"));
}

async function view(page, name) {
  await page.click('#views button[data-view="' + name + '"]');
}

// ---- the checks --------------------------------------------------------------
function checkSize() {
  let total = 0;
  const files = [];
  for (const f of fs.readdirSync(webDir, { recursive: true })) {
    if (f === "viz-global.js" || f === "screenshot.png") continue;
    const stat = fs.statSync(path.join(webDir, f));
    if (!stat.isFile()) continue;
    total += stat.size;
    files.push(f + " " + stat.size);
  }
  check(total < SIZE_LIMIT, "page and library " + total +
    " bytes (limit 2 MB, Graphviz excluded): " + files.join(", "));
  return total;
}

// The examples of the list (a selector): each {query, args, status}; one
// with status files loads them (no status file is loaded yet), so the
// program is given them with --status.
async function checkTour(page, tour, list) {
  for (let i = 0; i < tour.length; i++) {
    const { query, args, status } = tour[i];
    const options = Object.entries(args).flatMap(([n, v]) => ["--arg", n, v])
      .concat(status.flatMap((f) => ["--status", f]));
    const want = cliTables(query, options);
    await view(page, "table");
    await answered(page, () => page.click(list + " button >> nth=" + i));
    const got = await pageTables(page);
    const errors = await page.$eval("#errors", (e) => e.hidden ? ""
      : e.textContent);
    let problem = null;
    if (got.length !== want.tables.length) {
      problem = "tables: page " + got.length + ", program " +
        want.tables.length;
    }
    for (let t = 0; problem === null && t < got.length; t++) {
      problem = sameRows(got[t], want.tables[t]);
    }
    if (problem === null && errors !== want.stderr) {
      problem = "errors: page\n" + errors + "\n     program\n" + want.stderr;
    }
    const label = query.replace(/\s+/g, " ");
    check(problem === null, "tour: " + label + (options.length ? " (" +
      options.join(" ") + ")" : ""), problem);
    if (Object.keys(args).length > 0) {
      // The values are shown, and kept in the address with the query.
      const fields = await page.$$eval("#params input", (inputs) =>
        inputs.map((input) => input.name + "=" + input.value));
      const hash = await page.evaluate(() => location.hash);
      const named = Object.entries(args).map(([n, v]) => n + "=" + v);
      check(fields.join() === named.join() && named.every(
        (nv) => hash.includes("&arg." + nv.replace(":", "%3A"))),
      "the parameters' values are shown and kept in the address",
      fields.join() + " " + hash);
    }
    // The JSON view is the library's own text: the program's, byte for byte.
    await view(page, "json");
    const pres = await page.$$eval("#results pre.text",
      (pres) => pres.map((p) => p.textContent));
    const json = pres.join("");
    // several statements: the program writes one document of their arrays,
    // the page one array a statement; the same values either way
    let same = json === want.stdout;
    if (!same && /^\[\n\[/.test(want.stdout)) {
      try {
        same = JSON.stringify(pres.map((p) => JSON.parse(p))) ===
          JSON.stringify(JSON.parse(want.stdout));
      } catch (e) { same = false; }
    }
    check(same, "tour, JSON view: " + label,
      "page:\n" + json + "\n     program:\n" + want.stdout);
  }
  await view(page, "table");
}

async function checkSyntaxError(page) {
  const query = "correlate 20000-1:8.5.1 width 27001";
  await runQuery(page, query);
  const shown = await page.$eval("#errors", (e) => e.hidden ? ""
    : e.textContent);
  const want = cli(["-c", query]).stderr.replace(/\n$/, "");
  check(shown === want && /\n\s+\|\s+\^$/.test(shown),
    "a syntax error shows the program's message and caret",
    "page:\n" + shown + "\n     program:\n" + want);
  const marked = await page.$eval("#highlight .tok-error",
    (e) => e.textContent).catch(() => null);
  check(marked === "w", "the editor marks the error's place",
    "marked: " + marked);
  // On a later line, and in a line too long to show whole.
  const long = "correlate 20000-1:8.5.1 with 27001 where " +
    "strength >= 1 and ".repeat(12) + "strengthh >= 2" +
    " and strength <= 9".repeat(6);
  for (const q of ["clauses of 20000-1\n  | selct clause", long]) {
    await runQuery(page, q);
    const got = await page.$eval("#errors", (e) => e.textContent);
    const program = cli(["-c", q]).stderr.replace(/\n$/, "");
    check(got === program && got.includes("^"), "the error of a " +
      (q === long ? "long line" : "second line") + " is shown as the " +
      "program shows it", "page:\n" + got + "\n     program:\n" + program);
  }
}

async function checkCompletion(page) {
  await setQuery(page, "");
  await page.click("#source");
  await page.keyboard.type("correlate 20000-1:8.5.");
  await page.waitForSelector("#completion:not([hidden])");
  const offered = await page.$$eval("#completion li .name",
    (items) => items.map((i) => i.textContent));
  check(offered.includes("20000-1:8.5.1"),
    "completion offers 20000-1:8.5.1 after 20000-1:8.5.",
    "offered: " + offered.join(" "));
  await page.keyboard.press("Tab");
  const value = await page.$eval("#source", (e) => e.value);
  check(value === "correlate 20000-1:8.5.1", "Tab takes the first offer",
    "editor: " + value);
  await page.keyboard.type(" with 27");
  const standards = await page.$$eval("#completion li .name",
    (items) => items.map((i) => i.textContent));
  check(standards.includes("27001") && standards.includes("27001@2022"),
    "completion offers the standards from the library",
    "offered: " + standards.join(" "));
  await page.keyboard.type("001");
  await page.keyboard.press("Enter");
  const lines = await page.$eval("#source", (e) => e.value);
  check(lines === "correlate 20000-1:8.5.1 with 27001\n",
    "Enter on an offer already typed starts a new line", lines);
}

async function checkGraph(page) {
  const query = "correlate 20000-1:8.5.1 with 27001 where annex = C";
  await runQuery(page, query);
  await view(page, "graph");
  await page.waitForSelector("#results .graph[data-drawn] svg",
    { timeout: 30000 });
  const nodes = await page.$$eval("#results .graph svg g.node",
    (g) => g.length);
  const dot = cli(["-f", "dot", "-c", query]).stdout;
  const want = dot.split("\n").filter((l) =>
    /^\s*"[^"]+" \[label=/.test(l)).length;
  check(want > 0 && nodes === want, "the graph view draws " + want +
    " nodes", "SVG nodes: " + nodes);
  // A table with no clauses to draw: the library's refusal, as a note.
  await runQuery(page, "standards | count");
  const refusal = await page.$eval("#results .result .note",
    (e) => e.textContent).catch(() => "");
  const program = cli(["-f", "dot", "-c", "standards | count"]).stderr;
  check(refusal !== "" && program.includes(refusal),
    "a table the dot export cannot draw shows the library's message",
    "page: " + refusal + "\n     program: " + program);
  await view(page, "table");
}

// Sorting by a heading, and the CSV view's Download: the program's CSV.
async function checkTableAndDownload(page) {
  const query = "correlate 20000-1:8.5.1 with 27001 | select to, strength";
  await runQuery(page, query);
  const heading = "#results th >> text=strength";
  await page.click(heading);
  const up = (await pageTables(page))[0].rows.map((r) => Number(r[1]));
  await page.click(heading);
  const down = (await pageTables(page))[0].rows.map((r) => Number(r[1]));
  const sorted = (a, sign) => a.every((v, i) => i === 0 ||
    sign * (v - a[i - 1]) >= 0);
  check(up.length > 2 && sorted(up, 1) && sorted(down, -1) &&
    !sorted(up, -1), "a heading sorts the table, again reverses it",
  "ascending: " + up + "; descending: " + down);
  await view(page, "csv");
  const [download] = await Promise.all([page.waitForEvent("download"),
    page.click("#results .actions button >> text=Download")]);
  const file = await download.path();
  const got = fs.readFileSync(file, "utf8");
  const want = cli(["-f", "csv", "-c", query]).stdout;
  check(got === want && download.suggestedFilename() === "concord-1.csv",
    "Download of the CSV view saves the program's CSV",
    download.suggestedFilename() + ":\n" + got);
  await view(page, "table");
}

async function checkLayer(page) {
  const query = "correlate 20000-1:8.5.1 with 27001 where to = " +
    "27001:A.12.1.2 | select from, to, relation, strength, confidence, " +
    "source, layer";
  await runQuery(page, query);
  const before = await pageTables(page);
  const shipped = cliTables(query).tables[0];
  check(before.length === 1 && sameRows(before[0], shipped) === null,
    "before the layer: the shipped answer");
  const files = ["standards.tsv", "clauses.tsv", "edges.tsv"].map((f) =>
    path.join(root, "examples/layer", f));
  await answered(page, () => page.setInputFiles("#layer-file", files));
  const after = await pageTables(page);
  // The page names a layer of loose corpus files "layer", as --import
  // names the folder it is given.
  const layered = cliTables(query, ["--import", "layer"],
    path.join(root, "examples")).tables[0];
  const problem = after.length === 1 ? sameRows(after[0], layered)
    : "no table";
  check(problem === null && sameRows(after[0], shipped) !== null,
    "a layer read through the file input changes the answer as --import " +
    "does", problem);
  const listed = await page.$eval("#layers", (e) => e.textContent);
  check(/layer layer: standards.tsv, clauses.tsv, edges.tsv/.test(listed),
    "the page lists the layer", listed);
  const broken = path.join(root, "tests/web/broken-edges.tsv");
  await page.setInputFiles("#layer-file", broken);
  await page.waitForSelector("#layer-errors:not([hidden])");
  const message = await page.$eval("#layer-errors", (e) => e.textContent);
  check(/broken-edges\.tsv/.test(message),
    "a file that is not a layer is refused with the library's message",
    message);
  await answered(page, () => page.click("#reset-layers"));
  const reset = await pageTables(page);
  check(reset.length === 1 && sameRows(reset[0], shipped) === null,
    "Remove layers brings the shipped answer back");

  // A mapping file dropped on the page: the program's own SSSOM export of
  // the edge, which then answers from that layer.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-web-"));
  try {
    const sssom = cli(["-f", "sssom", "-c", "correlate 20000-1:8.5.1 with " +
      "27001 where to = 27001:A.12.1.2"]).stdout;
    fs.writeFileSync(path.join(dir, "acme.sssom.tsv"), sssom);
    await answered(page, () => page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "acme.sssom.tsv"));
      document.getElementById("drop").dispatchEvent(new DragEvent("drop",
        { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, sssom));
    const dropped = await pageTables(page);
    const mapped = cliTables(query, ["--import", "acme.sssom.tsv"], dir)
      .tables[0];
    const differs = dropped.length === 1 &&
      sameRows(dropped[0], shipped) !== null;
    const same = dropped.length === 1 ? sameRows(dropped[0], mapped)
      : "no table";
    check(differs && same === null, "a mapping file dropped on the page " +
      "is a layer, as --import makes it", same);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await answered(page, () => page.click("#reset-layers"));
  const none = await page.$eval("#layers", (e) => e.textContent);
  check(none === "", "no layer is left after Remove layers", none);
}

// The bundled status file checkStatus makes the server refuse.
const UNSERVED = "/examples/acme/status-9001.csv";

// The status files listed on the page, by name.
function statusListed(page) {
  return page.$$eval("#status-list li", (items) => items.map((li) =>
    li.firstChild.textContent.replace(/^status file /, "").trim()));
}

async function removeAllStatus(page) {
  while (await page.$("#status-list .remove")) {
    await answered(page, () => page.click("#status-list .remove >> nth=0"));
  }
}

// Does the page's one table for the editor's query equal the program's
// answer with options (run in cwd)?  null if so, else what differs.
async function sameAsProgram(page, query, options, cwd) {
  const got = await pageTables(page);
  const want = cliTables(query, options, cwd).tables;
  if (got.length !== 1 || want.length !== 1) {
    return "tables: page " + got.length + ", program " + want.length;
  }
  return sameRows(got[0], want[0]);
}

// Status files: chosen through the file input, dropped, refused with the
// library's located message, kept across runs and layers, removed; the
// Acme example's own, loaded by its button.
async function checkStatus(page) {
  await removeAllStatus(page);
  const query = "status of 20000-1:8.5.1";
  const acme = (f) => "examples/acme/" + f;
  const s9001 = ["--status", acme("status-9001.csv")];
  const s27001 = ["--status", acme("status-27001-2022.tsv")];
  await runQuery(page, query);
  const bare = cliTables(query).tables[0];
  check(await sameAsProgram(page, query, []) === null &&
    bare[0].values.status === "not assessed",
  "without a status file: " + query + " is not assessed");

  await answered(page, () => page.setInputFiles("#status-file",
    path.join(root, acme("status-9001.csv"))));
  let problem = await sameAsProgram(page, query, s9001);
  const changed = await sameAsProgram(page, query, []);
  check(problem === null && changed !== null, "a status file read " +
    "through the file input changes the answer as --status does", problem);
  check((await statusListed(page)).join() === "status-9001.csv",
    "the page lists the status file", (await statusListed(page)).join());
  // Every run after, of any query, reads it.
  const other = "readiness of 20000-1 from 9001 | limit 3";
  await runQuery(page, other);
  problem = await sameAsProgram(page, other, s9001);
  await runQuery(page, query);
  problem = problem || await sameAsProgram(page, query, s9001);
  check(problem === null, "the status file applies to every run after",
    problem);

  // A second file, dropped on its area: both, in order, as two --status.
  const text = fs.readFileSync(path.join(root,
    acme("status-27001-2022.tsv")), "utf8");
  await answered(page, () => page.evaluate((t) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([t], "status-27001-2022.tsv"));
    document.getElementById("status-drop").dispatchEvent(new DragEvent(
      "drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, text));
  problem = await sameAsProgram(page, query, [...s9001, ...s27001]);
  check(problem === null && (await statusListed(page)).join() ===
    "status-9001.csv,status-27001-2022.tsv", "a status file dropped on " +
    "the page is loaded after the first, as a second --status", problem);

  // A bad file: refused whole, with the program's located message.
  await page.setInputFiles("#status-file",
    path.join(root, "tests/web/bad-status.tsv"));
  await page.waitForSelector("#status-errors:not([hidden])");
  const shown = await page.$eval("#status-errors", (e) => e.textContent);
  const program = cli(["--status", "bad-status.tsv", "-c", query],
    path.join(root, "tests/web"));
  const want = program.stderr.replace(/^concord: /, "").replace(/\n$/, "");
  check(program.status !== 0 && shown === want &&
    /^bad-status\.tsv:\d+:\d+: /m.test(shown), "a bad status file " +
    "shows the program's located message", "page:\n" + shown +
    "\n     program:\n" + program.stderr);
  await runQuery(page, query);
  problem = await sameAsProgram(page, query, [...s9001, ...s27001]);
  check(problem === null && (await statusListed(page)).length === 2,
    "a bad status file is not loaded; those before stay", problem);

  // A layer stacked after: the status files still apply.
  const layer = ["standards.tsv", "clauses.tsv", "edges.tsv"].map((f) =>
    path.join(root, "examples/layer", f));
  await answered(page, () => page.setInputFiles("#layer-file", layer));
  problem = await sameAsProgram(page, query, ["--import", "layer",
    "--status", "acme/status-9001.csv", "--status",
    "acme/status-27001-2022.tsv"], path.join(root, "examples"));
  check(problem === null && (await statusListed(page)).length === 2,
    "the status files apply on a layer added after them", problem);
  // A status file of the layer's own controls: loaded while the layer is
  // there, refused (and removed) with the program's message once it goes.
  await answered(page, () => page.setInputFiles("#status-file",
    path.join(root, "tests/web/layer-status.tsv")));
  check((await statusListed(page)).length === 3,
    "a status file naming a layer's control loads on that layer",
    (await statusListed(page)).join());
  await answered(page, () => page.click("#reset-layers"));
  const gone = await page.$eval("#status-errors", (e) => e.hidden ? ""
    : e.textContent);
  const unknown = cli(["--status", "layer-status.tsv", "-c", query],
    path.join(root, "tests/web")).stderr.replace(/^concord: /, "")
    .replace(/\n$/, "");
  check(unknown !== "" && gone.endsWith("\n" + unknown) &&
    (await statusListed(page)).length === 2, "without the layer that " +
    "status file is removed, with the program's message",
  "page:\n" + gone + "\n     program:\n" + unknown);

  // Remove one: the answer of the other alone; then none.
  await answered(page, () => page.click("#status-list .remove >> nth=0"));
  problem = await sameAsProgram(page, query, s27001);
  check(problem === null && (await statusListed(page)).join() ===
    "status-27001-2022.tsv", "Remove forgets that status file", problem);
  await removeAllStatus(page);
  check(await sameAsProgram(page, query, []) === null &&
    await page.$eval("#status-none", (e) => !e.hidden),
  "with every status file removed, the answer is the bare one again");

  // A bundled file the server cannot give: said so, the other loaded.
  await page.route("**" + UNSERVED, (r) => r.abort());
  await answered(page, () => page.click("#load-acme"));
  const unserved = await page.$eval("#status-errors", (e) => e.hidden ? ""
    : e.textContent);
  check(/^cannot read examples\/acme\/status-9001\.csv from the page's /
    .test(unserved) && (await statusListed(page)).join() ===
    "status-27001-2022.tsv", "a bundled status file that cannot be " +
    "fetched is reported", unserved);
  await page.unroute("**" + UNSERVED);
  await removeAllStatus(page);

  // The Acme example's files, bundled with the page.
  await answered(page, () => page.click("#load-acme"));
  const names = await page.evaluate(() =>
    window.CONCORD_LANGUAGE.acme.status);
  problem = await sameAsProgram(page, query, names.flatMap((f) =>
    ["--status", f]));
  check(problem === null && (await statusListed(page)).join() ===
    names.map((f) => path.basename(f)).join(), "the Acme button loads " +
    "the example's status files", problem);
  // What loading them into every run's handle costs (reported only).
  const withStatus = await runTime(page, query);
  await removeAllStatus(page);
  const without = await runTime(page, query);
  console.log("     a run of '" + query + "': " + without.toFixed(0) +
    " us, " + withStatus.toFixed(0) + " us with the Acme example's two " +
    "status files loaded into its handle");
}

// The best time, in microseconds, of a run of query in the page (best of
// 5 batches of TIMING_RUNS runs, as measure() times them).
function runTime(page, query) {
  return page.evaluate(({ q, runs }) => {
    let best = Infinity;
    for (let b = 0; b < 5; b++) {
      const start = performance.now();
      for (let r = 0; r < runs; r++) window.concordPage.engine.runScript(q);
      best = Math.min(best, (performance.now() - start) / runs);
    }
    return best * 1000;
  }, { q: query, runs: TIMING_RUNS });
}

// Each tour query's time in the page (what Run does: a fresh handle,
// every row read) and natively (timing.c), measured the same way, in
// ROUNDS rounds taking turns, keeping each side's best: the first rounds
// also give the browser's engine time to optimise the module's hot code.
const ROUNDS = 5;
async function measure(page, tour) {
  const native = tour.map(() => Infinity);
  const browser = tour.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    spawnSync(path.resolve(timing), [String(TIMING_RUNS), ...tour],
      { encoding: "utf8" }).stdout.trim().split("\n").forEach((l, i) => {
      native[i] = Math.min(native[i], Number(l.split("\t")[0]));
    });
    const times = await page.evaluate(({ queries, runs }) =>
      queries.map((q) => {
        let best = Infinity;
        for (let b = 0; b < 5; b++) {
          const start = performance.now();
          for (let r = 0; r < runs; r++) {
            window.concordPage.engine.runScript(q);
          }
          best = Math.min(best, (performance.now() - start) / runs);
        }
        return best * 1000;
      }), { queries: tour, runs: TIMING_RUNS });
    times.forEach((us, i) => { browser[i] = Math.min(browser[i], us); });
  }
  let nativeSum = 0;
  let browserSum = 0;
  console.log("     native us  browser us  ratio  query");
  tour.forEach((q, i) => {
    nativeSum += native[i];
    browserSum += browser[i];
    console.log("     " + native[i].toFixed(1).padStart(9) +
      browser[i].toFixed(1).padStart(12) +
      (browser[i] / native[i]).toFixed(2).padStart(7) + "  " + q);
  });
  console.log("     " + nativeSum.toFixed(1).padStart(9) +
    browserSum.toFixed(1).padStart(12) +
    (browserSum / nativeSum).toFixed(2).padStart(7) + "  all " +
    tour.length);
  return browserSum / nativeSum;
}

async function main() {
  checkSize();
  const server = await serve(webDir);
  const url = "http://127.0.0.1:" + server.address().port + "/";
  const browser = await chromium.launch({ executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const first = "correlate 20000-1:8.5.1 with 27001 where annex = C " +
      "and strength >= 6";
    const loads = [];
    for (let i = 0; i < LOADS; i++) {
      // A fresh context each time: nothing cached, as for a new visitor.
      const context = await browser.newContext();
      const fresh = await context.newPage();
      await fresh.goto(url + "#q=" + encodeURIComponent(first));
      await fresh.waitForSelector("body[data-ready]");
      loads.push(await fresh.evaluate(() =>
        window.concordPage.timings.firstAnswerMs));
      await context.close();
    }
    const median = loads.slice().sort((a, b) => a - b)[LOADS >> 1];
    measured(median, FIRST_ANSWER_MS, "first query answered " +
      median.toFixed(0) + " ms after the page was asked for (median of " +
      LOADS + " loads: " + loads.map((ms) => ms.toFixed(0)).join(", ") +
      " ms; the first in a just-started browser)");

    const page = await browser.newPage({ viewport: { width: 1280,
      height: 900 }, acceptDownloads: true });
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      // The browser logs the request checkStatus makes fail on purpose.
      if (m.type() === "error" && !(m.location().url || "")
        .endsWith(UNSERVED)) problems.push(m.text());
    });
    await page.goto(url + "#q=" + encodeURIComponent(first));
    await page.waitForSelector("body[data-ready]");
    const fromAddress = await pageTables(page);
    check(fromAddress.length === 1 && sameRows(fromAddress[0],
      cliTables(first).tables[0]) === null,
    "the query in the page address is run on load");
    // A link to another query, with a parameter's value: the page runs it
    // when its address changes (hashchange), as on load.
    const linked = "correlate $clause with 27001 | select to, strength";
    await answered(page, () => page.goto(url + "#q=" +
      encodeURIComponent(linked) + "&arg.clause=20000-1%3A8.5.3"));
    const fromLink = await pageTables(page);
    const wantLink = cliTables(linked, ["--arg", "clause", "20000-1:8.5.3"]);
    check(fromLink.length === 1 && sameRows(fromLink[0],
      wantLink.tables[0]) === null && wantLink.tables[0].length > 0,
    "a link with a parameter's value answers as --arg does");

    const tour = await page.evaluate(() => window.CONCORD_LANGUAGE.tour);
    check(tour.length >= 10, tour.length + " tour queries from the README");
    check(tour.some((t) => Object.keys(t.args).length > 0),
      "the tour's --arg example is among them");
    check(tour.some((t) => t.status.length > 0),
      "the tour's --status examples are among them");
    await checkTour(page, tour, "#example-list");
    // The Acme report's statements (examples/acme/report.cq), with its
    // status files.
    await removeAllStatus(page);
    const acme = await page.evaluate(() => window.CONCORD_LANGUAGE.acme);
    check(acme.queries.some((q) => /^soa 27001@2022\b/.test(q)) &&
      acme.queries.some((q) => /^readiness of 20000-1 from 27001@2022, 9001/
        .test(q)), "the Acme examples include readiness and soa",
    acme.queries.join("; "));
    await checkTour(page, acme.queries.map((query) => ({ query, args: {},
      status: acme.status })), "#acme-list");
    await checkStatus(page);
    await checkSyntaxError(page);
    await checkCompletion(page);
    await checkGraph(page);
    await checkTableAndDownload(page);
    await checkLayer(page);

    await runQuery(page, "correlate 20000-1:8.5.1 with 27001 where " +
      "strength >= 3 | select to, to_title, relation, strength, confidence");
    const address = await page.evaluate(() => location.hash);
    check(address.startsWith("#q=correlate%20"), "Run keeps the query in " +
      "the address", address);
    await page.screenshot({ path: path.join(webDir, "screenshot.png") });
    console.log("     wrote " + path.join(webDir, "screenshot.png"));

    const ratio = await measure(page, tour.map((t) => t.query));
    measured(ratio, SPEED_RATIO, "the page's queries take " +
      ratio.toFixed(2) + "x the native library's time");
    check(problems.length === 0, "no error in the browser's console",
      problems.join("\n     "));
  } finally {
    await browser.close();
    server.close();
  }
  if (failures > 0) {
    console.log("test-web: " + failures + " check(s) failed");
    process.exit(1);
  }
  console.log("test-web: all checks passed" + (notes ? " (" + notes +
    " figure(s) past the goal: see the notes above)" : ""));
}

main().catch((e) => {
  console.error("test-web: " + (e.stack || e));
  process.exit(1);
});
