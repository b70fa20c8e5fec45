/* Làng Số admin: ask the server (once a minute at most, server side) whether the public address
 * answers, and show the warning of admin/_public_address.html when it does not. The page already
 * shows everything known without the network; this only adds that one answer. */
(function () {
  "use strict";
  var block = document.getElementById("public-address");
  if (!block || !window.fetch) { return; }
  // The words come from the page (data-message, data-fix), in the admin's language.
  function words(name, key, value) {
    return block.getAttribute("data-" + name).replace("{" + key + "}", function () { return value; });
  }
  fetch(block.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (found) {
      if (!found || found.level === "ok") { return; }
      block.dataset.level = found.level;
      block.querySelector("[data-public-message]").textContent = words("message", "problem", found.message);
      block.querySelector("[data-public-fix]").textContent = found.fix ? words("fix", "fix", found.fix) : "";
      block.querySelector("[data-public-warning]").hidden = false;
      block.querySelector("[data-public-fix-form]").hidden = false;
    })
    .catch(function () { /* the page still shows what it knew */ });
}());
