// engine.js -- libconcord (compiled to WebAssembly by make web) as the page
// uses it: run a script statement by statement, as the concord program
// does; read rows through the public interface; write a result in any of
// the library's formats; stack layers read from the user's files; load
// the user's status files into every run.
//
// Everything goes through concord.h's calls (and web/concord_web.c's three
// helpers), so the page answers exactly as the program does.
"use strict";

const CQ = {
  NOMEM: 3,
  ASSERT: 13,
  ROW: 100,
  DONE: 101,
};

// The names of the five corpus files: dropped together, they make one
// folder layer; any other file is a mapping file, a layer of its own.
// cq_web_rows's type tags: 'n' null, 'i' integer, 'r' real ('t' text).
const TAG_NULL = 0x6e;
const TAG_INTEGER = 0x69;
const TAG_REAL = 0x72;

const UTF8 = new TextEncoder();
const UTF8_TEXT = new TextDecoder();

// The widest source line an error shows (src/cli/diag.c, SHOW_WIDTH).
const SHOW_WIDTH = 160;

const CORPUS_FILES = ["standards.tsv", "clauses.tsv", "edges.tsv",
  "terms.tsv", "term_links.tsv"];

// Where the user's files are kept in the module's file system: the layers
// (also the current folder, as answers name a layer by the name it was
// imported by), the status files loaded, and a status file being checked.
const LAYER_DIR = "/layers";
const STATUS_DIR = "/status";
const STATUS_CHECK_DIR = "/status-check";

class ConcordEngine {
  // Instantiate the module and open the handle that holds the corpus
  // (built-in, plus the layers imported later).
  static async load() {
    const module = await createConcord();
    return new ConcordEngine(module);
  }

  constructor(m) {
    this.m = m;
    const w = (name, ret, args) => m.cwrap(name, ret, args);
    this.c = {
      version: w("concord_version", "string", []),
      webOpen: w("cq_web_open", "number",
        ["number", "number", "number", "number"]),
      loadStatus: w("concord_load_status", "number", ["number", "string"]),
      webWrite: w("cq_web_write", "number", ["number", "number", "number"]),
      webRows: w("cq_web_rows", "number", ["number", "number", "number"]),
      close: w("concord_close", "number", ["number"]),
      importPath: w("concord_import", "number", ["number", "string"]),
      prepare: w("concord_prepare_v2", "number",
        ["number", "number", "number", "number", "number", "number"]),
      step: w("concord_step", "number", ["number"]),
      finalize: w("concord_finalize", "number", ["number"]),
      columnCount: w("concord_column_count", "number", ["number"]),
      columnName: w("concord_column_name", "string", ["number", "number"]),
      formatFromName: w("concord_format_from_name", "number", ["string"]),
      paramCount: w("concord_bind_parameter_count", "number", ["number"]),
      paramName: w("concord_bind_parameter_name", "string",
        ["number", "number"]),
      bindText: w("concord_bind_text", "number",
        ["number", "number", "string", "number"]),
      errmsg: w("concord_errmsg", "string", ["number"]),
      errorOffset: w("concord_error_offset", "number", ["number"]),
    };
    this.slot = m._malloc(8); // two pointers: out-parameters of the calls
    this.status = []; // the status files loaded: {name, path}, in order
    this.statusArgs = { array: 0, strings: [] }; // their names, in C
    this.base = this.openHandle(0);
    this.layers = []; // {name, files}
    this.run = null; // the last run: its handle and live statements
    // Layers are written under /layers and imported by a relative name,
    // which is what answers call the layer (as `--import NAME` does).
    m.FS.mkdir(LAYER_DIR);
    m.FS.chdir(LAYER_DIR);
    m.FS.mkdir(STATUS_DIR);
    m.FS.mkdir(STATUS_CHECK_DIR);
  }

  version() {
    return this.c.version();
  }

  // Open a handle on base's corpus (0: the built-in one), with the status
  // files loaded when withStatus; throws with the library's message when
  // that fails.
  openHandle(base, withStatus) {
    const n = withStatus ? this.status.length : 0;
    const rc = this.c.webOpen(base, n ? this.statusArgs.array : 0, n,
      this.slot);
    const db = this.m.getValue(this.slot, "i32");
    if (rc !== 0) {
      const msg = db ? this.c.errmsg(db).replace(/\n+$/, "") :
        "out of memory";
      if (db) this.c.close(db);
      throw new Error(n ? msg : "concord: cannot open the corpus: " + msg);
    }
    return db;
  }

  // Finalize the last run's statements and close its handle.
  finishRun() {
    if (this.run === null) return;
    for (const stmt of this.run.stmts) this.c.finalize(stmt);
    this.c.close(this.run.db);
    this.run = null;
  }

  // Run every statement of text on a fresh handle (sharing the corpus),
  // as the program runs a script: stop at the first failure, except a
  // failed assert, which is reported and the script goes on.  args binds
  // values to $parameters by name, as the program's --arg does.  Returns
  // a list, in order, of {columns, numeric, rows, stmt} for each
  // statement with a table and {error, line, column} for each failure.
  runScript(text, args) {
    this.finishRun();
    const db = this.openHandle(this.base, true);
    this.run = { db, stmts: [] };
    return this.execute(db, text, this.run.stmts, args || {});
  }

  // runScript's work on the handle db; the statements with a table are
  // pushed on keep (to be written in other formats later), or finalized
  // at once when keep is null.
  execute(db, text, keep, args) {
    const m = this.m;
    const c = this.c;
    const bytes = UTF8.encode(text);
    const buf = m._malloc(bytes.length + 1);
    m.HEAPU8.set(bytes, buf);
    m.HEAPU8[buf + bytes.length] = 0;
    const end = buf + bytes.length;
    const out = [];
    let p = buf;
    try {
      while (p < end) {
        let rc = c.prepare(db, p, end - p, buf, this.slot, this.slot + 4);
        if (rc !== 0) {
          out.push(this.located(db, bytes));
          break;
        }
        const stmt = m.getValue(this.slot, "i32");
        const tail = m.getValue(this.slot + 4, "i32");
        if (stmt === 0) break; // only blanks and comments were left
        rc = this.bind(stmt, args);
        if (rc !== 0) {
          out.push(this.located(db, bytes));
          c.finalize(stmt);
          break;
        }
        const result = c.columnCount(stmt) > 0 ? this.readRows(stmt) : null;
        if (result === null) {
          while ((rc = c.step(stmt)) === CQ.ROW);
        } else {
          rc = result.rc;
        }
        if (rc === CQ.NOMEM) {
          out.push({ error: "query: out of memory reading the result",
            line: 0, column: 0 });
          c.finalize(stmt);
          break;
        } else if (rc !== CQ.DONE) {
          // A failed assert is reported and the script goes on.
          out.push(this.located(db, bytes));
          c.finalize(stmt);
          if (rc !== CQ.ASSERT) break;
        } else if (result === null) {
          c.finalize(stmt);
        } else {
          if (keep === null) c.finalize(stmt);
          else keep.push(stmt);
          out.push({ columns: result.columns, numeric: result.numeric,
            rows: result.rows, stmt: keep === null ? 0 : stmt });
        }
        if (tail === 0 || tail <= p || tail > end) break;
        p = tail;
      }
    } finally {
      m._free(buf);
    }
    return out;
  }

  // Bind the values of args to the statement's parameters of those
  // names; one with no value stays unbound, and running the statement
  // then fails with the library's message naming it.
  bind(stmt, args) {
    const n = this.c.paramCount(stmt);
    for (let i = 1; i <= n; i++) {
      const name = this.c.paramName(stmt, i);
      if (!Object.prototype.hasOwnProperty.call(args, name)) continue;
      const value = String(args[name]);
      const rc = this.c.bindText(stmt, i, value, -1);
      if (rc !== 0) return rc;
    }
    return 0;
  }

  // Step stmt to its end, reading every row as text (null for a null
  // value), all at once (web/concord_web.c, cq_web_rows).  A column is
  // numeric when all its values are numbers.
  readRows(stmt) {
    const c = this.c;
    const m = this.m;
    const n = c.columnCount(stmt);
    const columns = [];
    const numeric = [];
    for (let i = 0; i < n; i++) {
      columns.push(c.columnName(stmt, i));
      numeric.push(true);
    }
    const rows = [];
    const rc = c.webRows(stmt, this.slot, this.slot + 4);
    if (rc !== CQ.DONE) return { rc, columns, numeric, rows };
    const ptr = m.getValue(this.slot, "i32");
    const len = m.getValue(this.slot + 4, "i32");
    const values = UTF8_TEXT.decode(m.HEAPU8.subarray(ptr, ptr + len))
      .split("\0");
    m._free(ptr);
    values.pop(); // after the last NUL
    for (let at = 0; at + n <= values.length; at += n) {
      const row = new Array(n);
      for (let i = 0; i < n; i++) {
        const value = values[at + i];
        const tag = value.charCodeAt(0);
        row[i] = tag === TAG_NULL ? null : value.slice(1);
        if (tag !== TAG_NULL && tag !== TAG_INTEGER && tag !== TAG_REAL) {
          numeric[i] = false;
        }
      }
      rows.push(row);
    }
    return { rc, columns, numeric, rows };
  }

  // Write a statement of the last run in a format the library names
  // ("json", "csv", "markdown", "dot", ...).  Returns {text} or {error}.
  write(stmt, formatName) {
    const format = this.c.formatFromName(formatName);
    const rc = this.c.webWrite(stmt, format, this.slot);
    const ptr = this.m.getValue(this.slot, "i32");
    if (rc !== CQ.DONE) return { error: this.c.errmsg(this.run.db) };
    const text = this.m.UTF8ToString(ptr);
    this.m._free(ptr);
    return { text };
  }

  // The failure just recorded on db, shown as the program shows it: the
  // input's name, "line:column: message", then the line and a caret
  // under the place (src/cli/diag.c).  bytes is the script as UTF-8.
  located(db, bytes) {
    const msg = this.c.errmsg(db).replace(/\n+$/, "");
    const off = this.c.errorOffset(db);
    const m = /^(\d+):(\d+): /.exec(msg);
    const result = { error: "query:" + (m ? "" : " ") + msg, line: 0,
      column: 0 };
    if (off < 0 || off > bytes.length) return result;
    let lstart = off;
    let lend = off;
    let lineno = 1;
    while (lstart > 0 && bytes[lstart - 1] !== 0x0a) lstart--;
    for (let i = 0; i < lstart; i++) if (bytes[i] === 0x0a) lineno++;
    while (lend < bytes.length && bytes[lend] !== 0x0a) lend++;
    if (lend > lstart && bytes[lend - 1] === 0x0d) lend--;
    // A message placed in another text names its own place: no caret.
    if (m && (Number(m[1]) !== lineno || Number(m[2]) !== off - lstart + 1)) {
      return result;
    }
    // A line longer than SHOW_WIDTH bytes shows only the part around
    // the place, "..." for what is left out (whole UTF-8 sequences).
    let cutLeft = false;
    let cutRight = false;
    const column = off - lstart;
    if (lend - lstart > SHOW_WIDTH) {
      let from = off > lstart + SHOW_WIDTH / 2 ? off - SHOW_WIDTH / 2 : lstart;
      let to = Math.min(from + SHOW_WIDTH, lend);
      while (from > lstart && (bytes[from] & 0xc0) === 0x80) from--;
      while (to < lend && (bytes[to] & 0xc0) === 0x80) to++;
      cutLeft = from > lstart;
      cutRight = to < lend;
      lstart = from;
      lend = to;
    }
    const line = UTF8_TEXT.decode(bytes.subarray(lstart, lend))
      .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, " ");
    let pad = "";
    for (let i = lstart; i < off; i++) {
      if (bytes[i] === 0x09) pad += "\t";
      else if ((bytes[i] & 0xc0) !== 0x80) pad += " ";
    }
    const num = String(lineno);
    result.error += "\n    " + num + " |" +
      (lend > lstart ? (cutLeft ? " ..." : " ") : "") + line +
      (cutRight ? "..." : "") + "\n    " + " ".repeat(num.length) + " | " +
      (cutLeft ? "   " : "") + pad + "^";
    result.line = lineno;
    result.column = UTF8_TEXT.decode(bytes.subarray(off - column, off)).length;
    return result;
  }

  // Stack a layer made of files the user chose ({name, bytes, folder}):
  // the corpus files among them as one folder layer, each other file as a
  // mapping-file layer.  Returns the messages of the layers that failed
  // (the library lists every problem it found); the others are kept.
  importFiles(files) {
    const errors = [];
    const corpus = files.filter((f) => CORPUS_FILES.includes(f.name));
    const mappings = files.filter((f) => !CORPUS_FILES.includes(f.name));
    if (corpus.length > 0) {
      const dir = this.freeName(corpus[0].folder || "layer");
      this.m.FS.mkdir(dir);
      for (const f of corpus) this.m.FS.writeFile(dir + "/" + f.name, f.bytes);
      this.importOne(dir, corpus.map((f) => f.name), errors);
    }
    for (const f of mappings) {
      const name = this.freeName(f.name);
      this.m.FS.writeFile(name, f.bytes);
      this.importOne(name, [f.name], errors);
    }
    return errors;
  }

  importOne(path, names, errors) {
    this.finishRun(); // no run holds the corpus about to be replaced
    if (this.c.importPath(this.base, path) !== 0) {
      errors.push(this.c.errmsg(this.base).replace(/\n+$/, ""));
      this.remove(path); // its name is free for the next try
      return;
    }
    this.layers.push({ name: path, files: names });
  }

  // A name under /layers not taken yet: name, name-2, name-3, ...
  freeName(name) {
    const clean = name.replace(/[^A-Za-z0-9._-]/g, "_") || "layer";
    let candidate = clean;
    for (let i = 2; this.exists(candidate); i++) candidate = clean + "-" + i;
    return candidate;
  }

  exists(path) {
    try {
      this.m.FS.stat(path);
      return true;
    } catch (e) {
      return false;
    }
  }

  // Back to the built-in corpus alone.  The layers' files are deleted
  // (nothing holds the corpus made of them once base is closed), so a
  // layer chosen again is called by its own name again.
  resetLayers() {
    this.finishRun();
    this.c.close(this.base);
    this.base = this.openHandle(0);
    for (const layer of this.layers) this.remove(layer.name);
    this.layers = [];
  }

  // Delete a file, or a folder and the files in it, of the file system.
  remove(path) {
    const FS = this.m.FS;
    if (!FS.isDir(FS.stat(path).mode)) {
      FS.unlink(path);
      return;
    }
    for (const f of FS.readdir(path)) {
      if (f !== "." && f !== "..") FS.unlink(path + "/" + f);
    }
    FS.rmdir(path);
  }

  // Load status files the user chose ({name, bytes}), in order, as the
  // program's --status loads them; a file of the name of one loaded
  // before replaces it (a file edited and chosen again).  A status file
  // belongs to a handle, not to the corpus, and each run opens a fresh
  // handle, so the files are kept in the module's file system (under
  // /status, by their own names) and every run's handle loads them all
  // (web/concord_web.c, cq_web_open).  Each is first checked whole, alone,
  // by concord_load_status on a handle of its own: a file with a bad row
  // is not kept, and the library's list of its problems
  // (file:line:column: column: message, under the file's own name) is
  // returned with the others'.
  addStatusFiles(files) {
    const errors = [];
    for (const f of files) {
      const name = f.name.replace(/\//g, "_");
      const scratch = STATUS_CHECK_DIR + "/" + name;
      this.m.FS.writeFile(scratch, f.bytes);
      const problem = this.checkStatus(STATUS_CHECK_DIR, name);
      if (problem !== null) {
        this.m.FS.unlink(scratch);
        errors.push(problem);
        continue;
      }
      const path = STATUS_DIR + "/" + name;
      this.status = this.status.filter((s) => s.path !== path);
      if (this.exists(path)) this.m.FS.unlink(path);
      this.m.FS.rename(scratch, path);
      this.status.push({ name, path });
    }
    this.statusChanged();
    return errors;
  }

  // The library's message when the status file name in dir does not load
  // on the corpus as it is now, else null.  It is loaded from its folder,
  // so messages call it by its own name, as the user knows it.
  checkStatus(dir, name) {
    const db = this.openHandle(this.base, false);
    this.m.FS.chdir(dir);
    try {
      if (this.c.loadStatus(db, name) === 0) return null;
      return this.c.errmsg(db).replace(/\n+$/, "");
    } finally {
      this.m.FS.chdir(LAYER_DIR);
      this.c.close(db);
    }
  }

  // Check the loaded status files again after the corpus changed (a layer
  // added or removed: a row may name a clause that only a layer had).
  // Those that no longer load are removed; returns their messages.
  recheckStatus() {
    const errors = [];
    this.status = this.status.filter((s) => {
      const problem = this.checkStatus(STATUS_DIR, s.name);
      if (problem === null) return true;
      this.m.FS.unlink(s.path);
      errors.push(problem);
      return false;
    });
    this.statusChanged();
    return errors;
  }

  // Forget the status file at index (all of them when index is null): the
  // next run answers without it.
  removeStatus(index) {
    const gone = index === null ? this.status : [this.status[index]];
    for (const s of gone) this.m.FS.unlink(s.path);
    this.status = this.status.filter((s) => !gone.includes(s));
    this.statusChanged();
  }

  // Write the status files' names as the C array cq_web_open takes.
  statusChanged() {
    const m = this.m;
    for (const p of this.statusArgs.strings) m._free(p);
    if (this.statusArgs.array) m._free(this.statusArgs.array);
    this.statusArgs = { array: 0, strings: [] };
    if (this.status.length === 0) return;
    const array = m._malloc(4 * this.status.length);
    this.status.forEach((s, i) => {
      const bytes = UTF8.encode(s.path);
      const p = m._malloc(bytes.length + 1);
      m.HEAPU8.set(bytes, p);
      m.HEAPU8[p + bytes.length] = 0;
      m.setValue(array + 4 * i, p, "i32");
      this.statusArgs.strings.push(p);
    });
    this.statusArgs.array = array;
  }

  // What completion offers, asked of the library with its own statements:
  // the standards (`standards`) and every clause of each (`clauses of`).
  names() {
    const standards = [];
    const clauses = [];
    const db = this.openHandle(this.base);
    try {
      this.listNames(db, standards, clauses);
    } finally {
      this.c.close(db);
    }
    return { standards, clauses };
  }

  listNames(db, standards, clauses) {
    const all = this.execute(db, "standards | select standard, other," +
      " title, clauses", null, {});
    if (all.length !== 1 || !all[0].rows) return;
    const script = [];
    for (const [std, other, title, count] of all[0].rows) {
      if (other) continue; // a pair of standards, not a standard
      standards.push({ name: std, title: title || "" });
      if (Number(count) > 0) {
        script.push("clauses of " + std + " | select clause, title;");
      }
    }
    for (const r of this.execute(db, script.join("\n"), null, {})) {
      if (!r.rows) continue;
      for (const [key, title] of r.rows) clauses.push({ name: key, title });
    }
  }
}

window.ConcordEngine = ConcordEngine;
