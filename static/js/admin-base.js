/* Làng Số admin, on every page (the pages work without it):
 * - Tables on a phone: each cell gets the label of its column (data-label, shown by admin.css)
 *   when the template did not give one.
 * - Typing keeps the session alive (a ping every 4 minutes while someone types).
 * - A form kept across a login (kiosk/kept_forms.py): fill the form in again with what was typed
 *   before the session expired, then show the banner that says so. */
(function () {
  "use strict";

  function labelCells(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) { return; }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var label = heads[column];
        if (label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
        column += cell.colSpan || 1;
      });
    });
  }

  function pathOf(form) {
    return new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname;
  }

  function refill(kept) {
    var values = {};
    kept.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    var form = Array.prototype.filter.call(document.forms, function (f) {
      return f.method.toLowerCase() === "post" && pathOf(f) === kept.action;
    })[0];
    if (!form) { return false; }
    Array.prototype.forEach.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      if (!el.name || ["file", "hidden", "password", "submit", "button", "reset"].indexOf(type) >= 0) {
        return;
      }
      var given = values[el.name] || [];
      if (type === "checkbox" || type === "radio") {
        el.checked = given.indexOf(el.value) >= 0;
      } else if (el.multiple && el.options) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = given.indexOf(o.value) >= 0; });
      } else if (given.length) {
        el.value = given.shift();
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    return true;
  }

  // Typing is activity too: while someone types, tell the server every few minutes, so the idle
  // limit (ADMIN_IDLE_MINUTES, 15 by default) does not end the session under a long text.
  function keepAliveWhileTyping(url) {
    var typed = false;
    document.addEventListener("input", function () { typed = true; }, true);
    window.setInterval(function () {
      if (!typed) { return; }
      typed = false;
      fetch(url, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
    }, 4 * 60 * 1000);
  }

  if (document.body.dataset.keepAlive) { keepAliveWhileTyping(document.body.dataset.keepAlive); }
  document.querySelectorAll("table").forEach(labelCells);
  var data = document.getElementById("kept-form");
  var banner = document.getElementById("kept-banner");
  if (data && banner && refill(JSON.parse(data.textContent))) {
    banner.hidden = false;
    banner.scrollIntoView();
  }
}());
