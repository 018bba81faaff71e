(function () {
  // The page of `qarin edit`. Every change goes to the server that served the page (same
  // address, so the token in it comes along); the server applies it, writes it to the
  // journal and answers with the whole page, whose header and rows replace these.
  "use strict";
  var sel = { link: 0, side: null, index: null };
  var busy = false;
  var editing = null; // { p, side, index, original }
  var body = document.body;

  function $(q, root) { return (root || document).querySelector(q); }
  function rowOf(k) { return $('tbody.row[data-link="' + k + '"]'); }
  function linkCount() { return document.querySelectorAll("tbody.row").length; }
  function say(text) { $("#message").textContent = text || ""; }

  function select(link, side, index, scroll) {
    var n = linkCount();
    if (n === 0) return;
    link = Math.max(0, Math.min(n - 1, link));
    Array.prototype.forEach.call(document.querySelectorAll(".sel"), function (e) {
      e.classList.remove("sel");
    });
    var row = rowOf(link);
    sel = { link: link, side: null, index: null };
    row.classList.add("sel");
    if (side) {
      var p = $("p[data-" + side + '="' + index + '"]', row);
      if (p) {
        p.classList.add("sel");
        sel.side = side;
        sel.index = index;
      }
    }
    if (scroll !== false) row.scrollIntoView({ block: "nearest" });
  }

  // The sentences of the selected link, Arabic first, for ← and →.
  function sentences() {
    return Array.prototype.slice.call(rowOf(sel.link).querySelectorAll("p[data-s], p[data-t]"));
  }
  function pick(step) {
    var list = sentences();
    if (list.length === 0) return;
    var at = list.findIndex(function (p) { return p.classList.contains("sel"); });
    var next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step))];
    var side = next.hasAttribute("data-s") ? "s" : "t";
    select(sel.link, side, Number(next.getAttribute("data-" + side)), false);
  }

  function post(path, payload) {
    if (busy) return Promise.resolve(null);
    busy = true;
    body.classList.add("busy");
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload || {}),
      credentials: "omit"
    }).then(function (r) { return r.json(); })
      .then(function (answer) { busy = false; body.classList.remove("busy"); return answer; },
        function (err) {
          busy = false;
          body.classList.remove("busy");
          say("the editor server does not answer (" + err + "): is `qarin edit` still running?");
          return null;
        });
  }

  function show(answer, focus) {
    if (!answer) return;
    if (!answer.ok) { say(answer.error); return; }
    var doc = new DOMParser().parseFromString(answer.page, "text/html");
    ["style", ".editbar", "header", "main", "footer"].forEach(function (q) {
      var now = $(q), next = $(q, doc);
      if (now && next) now.replaceWith(document.adoptNode(next));
    });
    say(answer.message || "");
    body.setAttribute("data-unsaved", doc.body.getAttribute("data-unsaved"));
    body.setAttribute("data-version", doc.body.getAttribute("data-version"));
    bindButtons();
    fitHeader();
    var at = focus != null ? focus : (answer.touched ? answer.touched[0] : sel.link);
    select(at, null, null);
  }

  function act(action, focus) {
    return post("api/act", action).then(function (a) { show(a, focus); return a; });
  }
  function edit(fields, focus) { return act({ action: "edit", edit: fields }, focus); }
  function needSentence(what) {
    if (sel.side) return true;
    say("pick a sentence first (click it, or ← →) to " + what);
    return false;
  }
  function side() { return sel.side === "s" ? "source" : "target"; }
  function statusToggle(status) {
    var row = rowOf(sel.link);
    var now = row.classList.contains(status) ? "proposed" : status;
    return edit({ op: "set_status", link: sel.link, status: now }, sel.link);
  }

  var commands = {
    undo: function () { return act({ action: "undo" }); },
    redo: function () { return act({ action: "redo" }); },
    save: function () {
      return post("api/save").then(function (a) { show(a, sel.link); });
    },
    merge_next: function () { return edit({ op: "merge_next", link: sel.link }); },
    merge_previous: function () { return edit({ op: "merge_previous", link: sel.link }); },
    split_link: function () { return edit({ op: "split_link", link: sel.link }); },
    source_up: function () { return edit({ op: "shift_first", link: sel.link, side: "source" }, sel.link); },
    source_down: function () { return edit({ op: "shift_last", link: sel.link, side: "source" }, sel.link); },
    target_up: function () { return edit({ op: "shift_first", link: sel.link, side: "target" }, sel.link); },
    target_down: function () { return edit({ op: "shift_last", link: sel.link, side: "target" }, sel.link); },
    detach: function () {
      if (!needSentence("give it a link of its own")) return;
      return edit({ op: "detach", side: side(), sentence: sel.index });
    },
    confirm: function () { return statusToggle("confirmed"); },
    reject: function () { return statusToggle("rejected"); },
    realign: function () { return edit({ op: "realign_after", link: sel.link }, sel.link); },
    edit_text: function () { if (needSentence("edit it")) startEditing(); },
    split_sentence: function () {
      if (editing) return splitAtCursor();
      say("edit the sentence (e), put the cursor where it should be cut, then Alt+Enter");
    },
    join: function () {
      if (!needSentence("join it with the next one")) return;
      return edit({ op: "join_sentences", side: side(), sentence: sel.index });
    }
  };

  function startEditing() {
    var p = $("p.sel", rowOf(sel.link));
    if (!p) return;
    var text = p.textContent;
    editing = { p: p, side: side(), index: sel.index, original: text, html: p.innerHTML };
    p.textContent = text; // plain text: the marks come back with the answer
    p.contentEditable = "true";
    p.focus();
  }
  function stopEditing() {
    var e = editing;
    editing = null;
    if (e) e.p.contentEditable = "false";
    return e;
  }
  function commitEditing() {
    var e = stopEditing();
    if (!e) return;
    var text = e.p.textContent.replace(/\s*\n\s*/g, " ");
    if (text === e.original) { e.p.innerHTML = e.html; return; }
    return edit({ op: "set_text", side: e.side, sentence: e.index, text: text }, sel.link);
  }
  function cancelEditing() {
    var e = stopEditing();
    if (e) e.p.innerHTML = e.html;
  }
  function splitAtCursor() {
    var e = editing;
    var range = window.getSelection().rangeCount ? window.getSelection().getRangeAt(0) : null;
    if (!range) return;
    var before = document.createRange();
    before.selectNodeContents(e.p);
    before.setEnd(range.startContainer, range.startOffset);
    var at = new TextEncoder().encode(before.toString()).length;
    var text = e.p.textContent;
    stopEditing();
    var split = function () {
      return edit({ op: "split_sentence", side: e.side, sentence: e.index, at: at }, sel.link);
    };
    if (text === e.original) return split();
    return edit({ op: "set_text", side: e.side, sentence: e.index, text: text }, sel.link)
      .then(function (a) { if (a && a.ok) return split(); });
  }

  function bindButtons() {
    Array.prototype.forEach.call(document.querySelectorAll(".editbar button[data-command]"), function (b) {
      b.addEventListener("click", function () { commands[b.getAttribute("data-command")](); });
    });
  }

  document.addEventListener("click", function (ev) {
    if (editing && ev.target.closest("p") === editing.p) return;
    var row = ev.target.closest && ev.target.closest("tbody.row");
    if (!row) return;
    var p = ev.target.closest("p[data-s], p[data-t]");
    var k = Number(row.getAttribute("data-link"));
    if (p) {
      var s = p.hasAttribute("data-s") ? "s" : "t";
      select(k, s, Number(p.getAttribute("data-" + s)), false);
    } else {
      select(k, null, null, false);
    }
  });
  document.addEventListener("dblclick", function (ev) {
    if (!editing && ev.target.closest("p[data-s], p[data-t]")) startEditing();
  });
  document.addEventListener("focusout", function (ev) {
    if (editing && ev.target === editing.p) commitEditing();
  });

  var keys = {
    "m": "merge_next", "M": "merge_previous", "s": "split_link",
    "{": "source_up", "}": "source_down", "[": "target_up", "]": "target_down",
    "x": "detach", "c": "confirm", "r": "reject", "a": "realign", "e": "edit_text",
    "F2": "edit_text", "J": "join"
  };
  document.addEventListener("keydown", function (ev) {
    var ctrl = ev.ctrlKey || ev.metaKey;
    if (ctrl && (ev.key === "s" || ev.key === "S")) { ev.preventDefault(); commands.save(); return; }
    if (editing) {
      if (ev.key === "Enter" && ev.altKey) { ev.preventDefault(); splitAtCursor(); }
      else if (ev.key === "Enter") { ev.preventDefault(); commitEditing(); }
      else if (ev.key === "Escape") { ev.preventDefault(); cancelEditing(); }
      return;
    }
    if (ev.target.closest && ev.target.closest("input, textarea, select, button, summary")) {
      if (ev.key !== "Escape") return;
    }
    if (ctrl && (ev.key === "z" || ev.key === "Z")) {
      ev.preventDefault();
      (ev.shiftKey ? commands.redo : commands.undo)();
      return;
    }
    if (ctrl && (ev.key === "y" || ev.key === "Y")) { ev.preventDefault(); commands.redo(); return; }
    if (ctrl || ev.altKey) return;
    var move = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[ev.key];
    if (move) { ev.preventDefault(); select(sel.link + move, null, null); return; }
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      ev.preventDefault();
      // Columns run Arabic, English: → walks towards the English.
      pick(ev.key === "ArrowRight" ? 1 : -1);
      return;
    }
    var command = keys[ev.key];
    if (command) { ev.preventDefault(); commands[command](); }
  });
  window.addEventListener("beforeunload", function (ev) {
    if (body.getAttribute("data-unsaved") !== "0") { ev.preventDefault(); ev.returnValue = ""; }
  });

  // The table's sticky header sits under the toolbar, however many lines it wraps to.
  function fitHeader() {
    var bar = $(".editbar");
    if (bar) document.documentElement.style.setProperty("--bar", bar.offsetHeight + "px");
  }
  window.addEventListener("resize", fitHeader);

  bindButtons();
  fitHeader();
  var start = /^#l(\d+)$/.exec(location.hash);
  select(start ? Number(start[1]) - 1 : 0, null, null);
})();
