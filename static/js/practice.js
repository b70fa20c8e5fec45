/* Làng Số pretend phone: tap through a guide's practice screens. Vanilla JS, no network except
   the anonymous counts (sendBeacon). Progress is kept in memory only, so the kiosk's idle reset
   (a new page) forgets it. */
(function () {
  "use strict";
  var root = document.getElementById("practice");
  var dataEl = document.getElementById("practice-data");
  if (!root || !dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var screens = data.screens || [];
  if (!screens.length) return;
  var $ = function (id) { return document.getElementById(id); };
  var phone = $("practice-phone"), image = $("practice-image"), pad = $("practice-pad");
  var display = $("pad-display"), prompt = $("practice-prompt"), feedback = $("practice-feedback");
  var count = $("practice-count"), backBtn = $("practice-back"), againBtn = $("practice-again");
  var MIN_TARGET = 64;  /* px: the kiosk's smallest touch target, even for a small drawn button */
  var index = 0, wrong = 0, typed = "", areas = [];

  function send(event) {
    if (navigator.sendBeacon) {
      var form = new FormData();
      form.append("event", event);
      form.append("subject", data.slug);
      navigator.sendBeacon(root.getAttribute("data-event-url"), form);
    }
  }
  function say(text, kind) {
    feedback.textContent = text || "";
    feedback.className = "practice-feedback" + (kind ? " is-" + kind : "");
  }

  /* Tap areas sit over the picture where its viewBox (360×640) puts the targets. */
  function placeAreas() {
    var box = image.getBoundingClientRect(), host = phone.getBoundingClientRect();
    var sx = box.width / 360, sy = box.height / 640;
    areas.forEach(function (a) {
      var t = a.target;
      var w = Math.max(t.w * sx, MIN_TARGET), h = Math.max(t.h * sy, MIN_TARGET);
      var cx = box.left - host.left + (t.x + t.w / 2) * sx;
      var cy = box.top - host.top + (t.y + t.h / 2) * sy;
      a.el.style.left = (cx - w / 2) + "px";
      a.el.style.top = (cy - h / 2) + "px";
      a.el.style.width = w + "px";
      a.el.style.height = h + "px";
    });
  }
  function clearAreas() {
    areas.forEach(function (a) { a.el.remove(); });
    areas = [];
  }
  function show(i) {
    index = i; wrong = 0; typed = "";
    var screen = screens[i];
    clearAreas();
    say("");
    count.textContent = root.getAttribute("data-label-step")
      .replace("{n}", String(i + 1)).replace("{total}", String(screens.length));
    prompt.textContent = screen.prompt;
    backBtn.hidden = i === 0;
    image.src = screen.image;
    pad.hidden = !screen.pad;
    if (screen.pad) pad.scrollIntoView({ block: "nearest" });  /* the OK key on a short screen */
    display.textContent = "";
    display.classList.remove("is-shown");
    (screen.targets || []).forEach(function (target, n) {
      var el = document.createElement("button");
      el.type = "button";
      el.className = "tap-area";
      el.setAttribute("data-target", String(n));
      /* Named by the screen's prompt (in the page's language) and its number: the drawing
         behind it is an image a screen reader cannot see. */
      el.setAttribute("aria-label", screen.prompt + " (" + (n + 1) + ")");
      el.addEventListener("click", function () { tap(target, el); });
      phone.appendChild(el);
      areas.push({ el: el, target: target });
    });
    if (image.complete) placeAreas();
  }
  function right(message) {
    say(root.getAttribute("data-label-right") + " " + (message || ""), "right");
    areas.forEach(function (a) { a.el.disabled = true; });
    setTimeout(function () {
      if (index + 1 < screens.length) show(index + 1); else finish();
    }, 1500);
  }
  function miss(message) {
    wrong += 1;
    var screen = screens[index];
    say((message || "") + (message && screen.hint ? " " : "") + (wrong >= 2 ? screen.hint : ""),
        "hint");
    if (wrong >= 2) {
      areas.forEach(function (a) { if (a.target.right) a.el.classList.add("is-shown"); });
      if (screen.pad) { display.textContent = screen.pad.answer; display.classList.add("is-shown"); }
    }
  }
  function tap(target, el) {
    if (el.disabled) return;
    if (target.right) right(target.feedback); else miss(target.feedback || screens[index].hint);
  }
  function key(k) {
    var screen = screens[index];
    if (!screen.pad) return;
    if (k === "back") typed = typed.slice(0, -1);
    else if (k === "ok") {
      if (typed === screen.pad.answer) right(screen.pad.feedback);
      else { typed = ""; miss(screen.hint); }
      return;
    } else if (typed.length < 12) typed += k;
    display.classList.remove("is-shown");
    display.textContent = typed;
  }
  function finish() {
    clearAreas();
    $("practice-play").hidden = true;
    $("practice-end").hidden = false;
    backBtn.hidden = true;
    againBtn.hidden = false;
    send("practice_done");
  }
  function start() {
    $("practice-end").hidden = true;
    $("practice-play").hidden = false;
    againBtn.hidden = true;
    send("practice_start");
    show(0);
  }

  pad.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-key]");
    if (btn) key(btn.getAttribute("data-key"));
  });
  backBtn.addEventListener("click", function () { if (index > 0) show(index - 1); });
  againBtn.addEventListener("click", start);
  image.addEventListener("load", placeAreas);
  window.addEventListener("resize", placeAreas);
  $("practice-needs-js").hidden = true;
  start();
})();
