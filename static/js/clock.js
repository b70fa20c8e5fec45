/* Làng Số admin (issue 19): a Pi with no clock battery may boot hours behind. Send this phone's
 * time with each admin page; when the server says it is more than ten minutes behind, show the
 * banner (admin/_clock.html), whose button sets the server's clock to the phone's time. */
(function () {
  "use strict";
  var banner = document.getElementById("clock-banner");
  if (!banner || !window.fetch) { return; }
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
      var text = (hours ? hours + " giờ " : "") + (minutes % 60) + " phút";
      banner.querySelector("[data-clock-text]").textContent =
        "Đồng hồ máy chủ chậm " + text + " so với điện thoại này.";
      banner.hidden = false;
    })
    .catch(function () { /* offline for a moment: nothing to show */ });
  banner.addEventListener("submit", function () {
    banner.elements.phone_ms.value = String(Date.now());  // the time at the moment of the tap
  });
}());
