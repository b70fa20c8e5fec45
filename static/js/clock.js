/* Làng Số admin (issue 19): a Pi with no clock battery may boot hours behind. Send this phone's
 * time with each admin page; when the server says it is more than ten minutes behind, show the
 * banner (admin/_clock.html), whose button sets the server's clock to the phone's time. */
(function () {
  "use strict";
  var banner = document.getElementById("clock-banner");
  if (!banner || !window.fetch) { return; }
  // The words come from the page (data-slow, data-hour…), in the admin's language.
  function words(name, key, value) {
    return banner.getAttribute("data-" + name).replace("{" + key + "}", function () { return value; });
  }
  function count(n, one, many) { return words(n === 1 ? one : many, "n", String(n)); }
  var body = new FormData();
  body.append("csrf_token", banner.elements.csrf_token.value);
  body.append("phone_ms", String(Date.now()));
  fetch(banner.dataset.reportUrl, { method: "POST", body: body, credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (answer) {
      banner.dataset.checked = answer && answer.slow ? "slow" : "ok";  // for tests and curious eyes
      if (!answer || !answer.slow) { return; }
      var minutes = Math.round(answer.ahead / 60);
      var hours = Math.floor(minutes / 60);
      var text = (hours ? count(hours, "hour", "hours") + " " : "") +
        count(minutes % 60, "minute", "minutes");
      banner.querySelector("[data-clock-text]").textContent = words("slow", "time", text);
      banner.hidden = false;
    })
    .catch(function () { /* offline for a moment: nothing to show */ });
  banner.addEventListener("submit", function () {
    banner.elements.phone_ms.value = String(Date.now());  // the time at the moment of the tap
  });
}());
