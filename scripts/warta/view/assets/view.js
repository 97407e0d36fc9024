/* warta view: layer toggles, span details on focus and hover, sorting and filtering of an index page.
   No network, no storage, no innerHTML: text from the data is only ever set as text. */
(function () {
  "use strict";
  var linked = [];

  function pane(el) { return el.closest("[data-pane]") || document; }

  function fragments(el) {
    var key = el.dataset.layer + ":" + el.dataset.id + ":" + (el.dataset.part || "");
    var rest = pane(el).querySelectorAll('[data-continues="' + CSS.escape(key) + '"]');
    return [el].concat(Array.prototype.slice.call(rest));
  }

  function link(el) {
    linked.forEach(function (x) { x.classList.remove("linked"); });
    linked = [];
    var root = pane(el), found = [];
    if (el.dataset.layer === "quotes") {
      found = root.querySelectorAll('[data-layer="quotes"][data-id="' + CSS.escape(el.dataset.id) + '"]');
    } else if (el.dataset.args) {
      var ids = el.dataset.args.split(" ").map(function (a) { return a.split(":").slice(1).join(":"); });
      found = ids.length ? root.querySelectorAll(ids.map(function (i) {
        return '[data-layer="entities"][data-id="' + CSS.escape(i) + '"],[data-layer="timex"][data-id="' +
          CSS.escape(i) + '"]';
      }).join(",")) : [];
    }
    Array.prototype.forEach.call(found, function (x) {
      if (x !== el) { fragments(x).forEach(function (f) { f.classList.add("linked"); linked.push(f); }); }
    });
  }

  function show(el) {
    var box = document.getElementById("details");
    if (!box) { return; }
    var d = el.dataset, text = fragments(el).map(function (f) { return f.textContent; }).join(" ");
    var parts = [d.layer + (d.part ? " " + d.part : "") + " " + d.id, d.label,
      d.value ? "value " + d.value : "", d.mod ? "mod " + d.mod : "", d.ref ? "→ " + d.ref : "",
      d.args ? "arguments " + d.args : "", "raw " + d.rawStart + "–" + d.rawEnd, d.source,
      d.diff ? "gold vs machine: " + d.diff : ""].filter(Boolean);
    var head = document.createElement("p"), body = document.createElement("p");
    head.textContent = parts.join(" · ");
    body.className = "text";
    body.textContent = text;
    box.replaceChildren(head, body);
    link(el);
  }

  function spanOf(target) {
    var el = target.closest && target.closest("[data-layer], [data-continues]");
    if (el && el.dataset.continues) {
      var p = el.dataset.continues.split(":");
      var sel = '[data-layer="' + CSS.escape(p[0]) + '"][data-id="' + CSS.escape(p[1]) + '"]' +
        (p[2] ? '[data-part="' + CSS.escape(p[2]) + '"]' : ":not([data-part])");
      el = pane(el).querySelector(sel);
    }
    return el;
  }

  document.addEventListener("focusin", function (ev) { var el = spanOf(ev.target); if (el) { show(el); } });
  document.addEventListener("mouseover", function (ev) { var el = spanOf(ev.target); if (el) { show(el); } });

  function filterRows() {
    var table = document.querySelector("table.index");
    if (!table) { return; }
    var value = function (name) { var x = document.querySelector('[data-filter="' + name + '"]'); return x ? x.value : ""; };
    var outlet = value("outlet"), from = value("from"), to = value("to"), state = value("state"), shown = 0;
    var rows = table.tBodies[0].rows;
    Array.prototype.forEach.call(rows, function (row) {
      var d = row.dataset, ok = (!outlet || d.outlet === outlet) && (!state || d.state === state) &&
        (!from || (d.published && d.published >= from)) && (!to || (d.published && d.published <= to));
      row.hidden = !ok;
      shown += ok ? 1 : 0;
    });
    var out = document.querySelector("[data-shown]");
    if (out) { out.textContent = shown + " of " + rows.length + " documents of this page shown"; }
  }

  document.addEventListener("change", function (ev) {
    var t = ev.target, d = t.dataset;
    if (d.toggle) { document.body.classList.toggle("hide-" + d.toggle, !t.checked); }
    if (d.paneToggle) { var p = document.getElementById("pane-" + d.paneToggle); if (p) { p.hidden = !t.checked; } }
    if (t.hasAttribute("data-diff-only")) { document.body.classList.toggle("diff-only", t.checked); }
    if (d.filter !== undefined) { filterRows(); }
  });
  document.addEventListener("input", function (ev) { if (ev.target.dataset.filter !== undefined) { filterRows(); } });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("th button[data-sort]");
    if (!button) { return; }
    var th = button.parentNode, table = th.closest("table"), column = Number(button.dataset.sort);
    var order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", order);
    var key = function (row) { var c = row.cells[column]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; };
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = Number(x), ny = Number(y);
      var cmp = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return order === "ascending" ? cmp : -cmp;
    });
    rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
  });

  document.addEventListener("DOMContentLoaded", filterRows);
}());
