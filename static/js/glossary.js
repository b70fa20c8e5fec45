/* Tap-to-explain words on a step page (kiosk/web/glossary.py). Without this file each explanation
   is shown in brackets after its word; with it, the brackets hide and a tap on the word shows the
   explanation in a large popup that closes on the next tap. Text is set with textContent only.
   kiosk.js calls setUp again (window.langsoPageHooks) when it swaps the next step in place. */
(function () {
  "use strict";
  var popup = null;
  var opener = null;
  document.documentElement.classList.add("glossary-js");

  function close() {
    popup.hidden = true;
    if (opener) { opener.setAttribute("aria-expanded", "false"); opener.focus(); }
    opener = null;
  }

  function setUp() {
    popup = document.getElementById("term-popup");
    opener = null;
    if (!popup) return;
    var word = popup.querySelector(".term-popup-word");
    var text = popup.querySelector(".term-popup-text");
    Array.prototype.forEach.call(document.querySelectorAll("button.term"), function (button) {
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-haspopup", "dialog");
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        word.textContent = button.textContent;
        text.textContent = button.getAttribute("data-explain");
        opener = button;
        button.setAttribute("aria-expanded", "true");
        popup.hidden = false;
        popup.focus();
      });
    });
    popup.tabIndex = -1;
    popup.addEventListener("click", close);
  }

  setUp();
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popup && !popup.hidden) close();
  });
  (window.langsoPageHooks = window.langsoPageHooks || []).push(setUp);
})();
