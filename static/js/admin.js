/* Làng Số admin: small helpers on top of pages that work without JavaScript.
 * - Live story preview: a textarea with data-preview posts its text to data-preview-url and shows
 *   the HTML the server renders (Markdown is rendered on the server only, by kiosk.markup).
 * - Buttons with data-confirm ask before they submit. */
(function () {
  "use strict";

  function livePreview(area) {
    var target = document.getElementById(area.dataset.preview);
    var form = area.form;
    if (!target || !form) { return; }
    var timer = null;
    var sent = 0;
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var body = new FormData();
        body.append("csrf_token", form.elements.csrf_token.value);
        body.append("text", area.value);
        var ticket = ++sent;
        fetch(area.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            // Only the newest answer counts: an older, slower one must not overwrite it.
            if (html !== null && ticket === sent) { target.innerHTML = html; }
          })
          .catch(function () { /* offline for a moment: the "Xem trước" button still works */ });
      }, 400);
    });
  }

  document.querySelectorAll("textarea[data-preview]").forEach(livePreview);
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
    });
  });
}());
