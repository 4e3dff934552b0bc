// editor.js -- the query editor: a textarea over a highlighted copy of its
// text, and completion of clause keys, standards and keywords.
//
// The keywords are the language's one list (language.js is generated from
// src/keywords.h); the standards and clause keys are asked of the library
// (ConcordEngine.names), so both follow the language and the corpus,
// layers included, without a copied list.
"use strict";

// One token of the language for highlighting: comment, string, clause
// reference (standard:key), parameter, number or word; anything else is
// passed through as it is.
const TOKEN = new RegExp([
  "(--[^\\n]*)",
  "(\"(?:[^\"\\\\\\n]|\\\\.)*\"?)",
  "([A-Za-z0-9][A-Za-z0-9@._-]*:[A-Za-z0-9.*_-]*)",
  "(\\$[A-Za-z_][A-Za-z0-9_]*)",
  "(\\d+(?:\\.\\d+)?(?![A-Za-z0-9@:_-]))",
  "([A-Za-z_][A-Za-z0-9_@-]*|\\d[A-Za-z0-9@_-]*)",
].join("|"), "g");

// The characters of a word being completed: clause keys, standard names
// ("27001@2022", "20000-1") and keywords.
const WORD_BEFORE_CARET = /[A-Za-z0-9@._:*-]+$/;
const MAX_SHOWN = 12;

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

class QueryEditor {
  // source: the textarea; highlight: the pre behind it; list: the ul of
  // completions; onRun: called for Ctrl-Enter.
  constructor(source, highlight, list, keywords, onRun) {
    this.source = source;
    this.highlight = highlight;
    this.list = list;
    this.keywords = new Set(keywords.map((k) => k.toLowerCase()));
    this.keywordList = keywords.slice().sort();
    this.standards = [];
    this.clauses = [];
    this.standardSet = new Set();
    this.onRun = onRun;
    this.items = [];
    this.selected = 0;
    this.errorAt = null; // {line, column} of the error shown, or null
    source.addEventListener("input", () => {
      this.errorAt = null;
      this.render();
      this.complete(false);
    });
    source.addEventListener("scroll", () => this.syncScroll());
    source.addEventListener("keydown", (e) => this.keydown(e));
    source.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    list.addEventListener("mousedown", (e) => {
      const li = e.target.closest("li");
      if (li === null) return;
      e.preventDefault();
      this.accept(Number(li.dataset.index));
    });
    this.render();
  }

  // The names completion offers (from ConcordEngine.names).
  setNames(names) {
    this.standards = names.standards;
    this.clauses = names.clauses;
    this.standardSet = new Set(names.standards.map((s) => s.name));
    this.render();
  }

  get value() {
    return this.source.value;
  }

  set value(text) {
    this.source.value = text;
    this.errorAt = null;
    this.close();
    this.render();
  }

  // Mark the place of an error (1-based line, 0-based column) in the text.
  markError(line, column) {
    this.errorAt = line > 0 ? { line, column } : null;
    this.render();
  }

  render() {
    const text = this.source.value;
    let html = "";
    let last = 0;
    TOKEN.lastIndex = 0;
    for (let m; (m = TOKEN.exec(text)) !== null;) {
      if (m[0] === "") {
        TOKEN.lastIndex++;
        continue;
      }
      html += this.plain(text, last, m.index);
      const cls = this.classOf(m);
      const body = escapeHtml(m[0]);
      html += cls ? '<span class="' + cls + '">' + body + "</span>" : body;
      last = m.index + m[0].length;
    }
    html += this.plain(text, last, text.length);
    // A final newline needs a character after it to take up its line.
    this.highlight.innerHTML = html + "\n ";
    this.markErrorPlace();
    this.syncScroll();
  }

  plain(text, from, to) {
    return escapeHtml(text.slice(from, to));
  }

  classOf(m) {
    if (m[1]) return "tok-comment";
    if (m[2]) return "tok-string";
    if (m[3]) return this.standardSet.has(m[3].split(":")[0])
      ? "tok-clause" : "tok-clause tok-unknown";
    if (m[4]) return "tok-param";
    if (m[5]) return this.standardSet.has(m[5]) ? "tok-standard" : "tok-number";
    const word = m[6];
    if (this.keywords.has(word.toLowerCase())) return "tok-keyword";
    if (this.standardSet.has(word)) return "tok-standard";
    return "";
  }

  // Underline the character at the error's place in the highlighted copy.
  markErrorPlace() {
    if (this.errorAt === null) return;
    const lines = this.source.value.split("\n");
    const line = lines[this.errorAt.line - 1];
    if (line === undefined) return;
    const before = lines.slice(0, this.errorAt.line - 1).join("\n").length +
      (this.errorAt.line > 1 ? 1 : 0);
    const at = before + Math.min(this.errorAt.column, line.length);
    const text = this.source.value;
    const end = at < text.length && text[at] !== "\n" ? at + 1 : at;
    this.highlight.innerHTML = escapeHtml(text.slice(0, at)) +
      '<span class="tok-error">' + (escapeHtml(text.slice(at, end)) || " ") +
      "</span>" + escapeHtml(text.slice(end)) + "\n ";
  }

  syncScroll() {
    this.highlight.scrollTop = this.source.scrollTop;
    this.highlight.scrollLeft = this.source.scrollLeft;
  }

  keydown(e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.close();
      this.onRun();
      return;
    }
    if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      this.complete(true);
      return;
    }
    if (this.list.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const n = this.items.length;
      this.selected = (this.selected + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      this.showList();
    } else if (e.key === "Tab" || e.key === "Enter") {
      // Enter on an offer that is already the word typed is a new line.
      if (e.key === "Enter" && this.items[this.selected].name === this.at.word) {
        this.close();
        return;
      }
      e.preventDefault();
      this.accept(this.selected);
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.close();
    }
  }

  // The word before the caret and where it starts, or null inside a
  // comment or a string.
  wordAtCaret() {
    const caret = this.source.selectionStart;
    if (caret !== this.source.selectionEnd) return null;
    const text = this.source.value;
    const lineStart = text.lastIndexOf("\n", caret - 1) + 1;
    const line = text.slice(lineStart, caret);
    if (line.includes("--") || (line.split('"').length - 1) % 2 === 1) {
      return null;
    }
    const m = WORD_BEFORE_CARET.exec(line);
    const word = m ? m[0] : "";
    return { word, start: caret - word.length, caret };
  }

  // Open (or update) the list for the word before the caret; explicit is
  // Ctrl-Space, which also offers completions for an empty word.
  complete(explicit) {
    const at = this.wordAtCaret();
    if (at === null || (at.word === "" && !explicit)) {
      this.close();
      return;
    }
    const word = at.word.toLowerCase();
    const starts = (s) => s.toLowerCase().startsWith(word);
    let items;
    if (word.includes(":")) {
      items = this.clauses.filter((c) => starts(c.name));
    } else {
      items = this.keywordList.filter(starts).map((k) => ({ name: k,
        title: "keyword" }))
        .concat(this.standards.filter((s) => starts(s.name)));
    }
    items = items.filter((i) => i.name.toLowerCase() !== word ||
      items.length > 1);
    if (items.length === 0) {
      this.close();
      return;
    }
    this.items = items.slice(0, MAX_SHOWN);
    this.more = items.length - this.items.length;
    this.at = at;
    this.selected = 0;
    this.showList();
  }

  showList() {
    const list = this.list;
    list.innerHTML = this.items.map((item, i) =>
      '<li role="option" data-index="' + i + '"' +
      (i === this.selected ? ' aria-selected="true"' : "") + ">" +
      '<span class="name">' + escapeHtml(item.name) + "</span>" +
      '<span class="title">' + escapeHtml(item.title || "") + "</span></li>")
      .join("") +
      (this.more > 0 ? '<li class="more">' + this.more + " more</li>" : "");
    // Below the caret's line: the editor's font is monospaced and lines
    // do not wrap, so the place follows from line and column.
    const text = this.source.value.slice(0, this.at.start);
    const lineNo = text.split("\n").length;
    const col = text.length - text.lastIndexOf("\n") - 1;
    const style = getComputedStyle(this.source);
    const lineHeight = parseFloat(style.lineHeight);
    const charWidth = this.charWidth(style);
    list.style.top = (parseFloat(style.paddingTop) + lineNo * lineHeight -
      this.source.scrollTop + 2) + "px";
    list.style.left = Math.max(0, parseFloat(style.paddingLeft) +
      col * charWidth - this.source.scrollLeft) + "px";
    list.hidden = false;
    const sel = list.querySelector('[aria-selected="true"]');
    if (sel) sel.scrollIntoView({ block: "nearest" });
  }

  charWidth(style) {
    if (this.width === undefined) {
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = style.fontSize + " " + style.fontFamily;
      this.width = ctx.measureText("0000000000").width / 10;
    }
    return this.width;
  }

  accept(index) {
    const item = this.items[index];
    if (item === undefined) return;
    const text = this.source.value;
    this.source.value = text.slice(0, this.at.start) + item.name +
      text.slice(this.at.caret);
    const caret = this.at.start + item.name.length;
    this.source.setSelectionRange(caret, caret);
    this.close();
    this.render();
    this.source.focus();
  }

  close() {
    this.list.hidden = true;
    this.items = [];
  }
}

window.QueryEditor = QueryEditor;
