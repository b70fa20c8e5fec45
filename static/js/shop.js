/* Làng Số shop page: redraw the payment code as the amount is typed, and copy the account number.
   The page works without this file (the amount field is a plain form). Same-origin requests only. */
(function () {
  "use strict";
  var form = document.querySelector("form.amount");
  var box = document.getElementById("qr");
  var caption = document.getElementById("qr-caption");
  var input = document.getElementById("amount");
  var error = document.getElementById("amount-error");

  // Grouped as the page's language writes numbers (the server's Babel locale names the symbol).
  var group = caption ? caption.getAttribute("data-group") || "." : ".";
  function formatVnd(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  }

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  var seq = 0;
  function redraw() {
    var mine = ++seq;
    // data-qr-url carries ?lang= (the error comes back in the page's language).
    var url = new URL(form.getAttribute("data-qr-url"), window.location.href);
    var value = input.value.trim();
    if (value) url.searchParams.set("amount", value);
    fetch(url.toString(), { credentials: "same-origin" }).then(function (response) {
      return response.text().then(function (body) {
        if (mine !== seq) return;  // a later keystroke already asked again
        if (!response.ok) {
          // Our own 400s are one plain sentence; anything else (a 404 page) is not for reading.
          var plain = (response.headers.get("Content-Type") || "").indexOf("text/plain") === 0;
          if (plain) showError(body);
          return;
        }
        var svg = new DOMParser().parseFromString(body, "image/svg+xml").documentElement;
        box.replaceChildren(document.importNode(svg, true));
        var amount = response.headers.get("X-Amount");
        caption.textContent = amount
          ? caption.getAttribute("data-amount").replace("{amount}", formatVnd(amount))
          : caption.getAttribute("data-open");
        showError("");
        var page = new URLSearchParams(window.location.search);
        if (value) page.set("amount", value); else page.delete("amount");
        var query = page.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      });
    }).catch(function () {
      // Offline or the server went away: the form still works by reloading the page.
    });
  }

  if (form && box && input && window.fetch && window.DOMParser) {
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(redraw, 350);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      redraw();
      input.blur();  // put the keyboard away so the code is in view
    });
  }

  /* Copy: the Clipboard API needs HTTPS, which a cultural-house kiosk on the LAN does not have,
     so fall back to selecting a temporary field and execCommand("copy"). */
  var copy = document.getElementById("copy-account");
  if (copy) {
    copy.hidden = false;
    var label = copy.textContent;
    var done = function () {
      copy.textContent = copy.getAttribute("data-done");
      window.setTimeout(function () { copy.textContent = label; }, 2000);
    };
    var fallback = function (text) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "offscreen";
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(field);
      if (ok) done();
    };
    copy.addEventListener("click", function () {
      var text = copy.getAttribute("data-copy");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); });
      } else {
        fallback(text);
      }
    });
  }
})();
