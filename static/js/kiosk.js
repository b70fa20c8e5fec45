/* Làng Số kiosk behaviour: text size, read-aloud, clock, idle reset, and steps swapped in place.
   Vanilla JS, no network beyond the page the visitor asked for. Every page works without this
   file; it only adds comfort on the touchscreen. */
(function () {
  "use strict";
  var root = document.documentElement;
  var store = window.sessionStorage;

  /* Text size: four steps, kept for this visitor's session only. */
  var SIZES = ["text-1", "text-2", "text-3", "text-4"];
  function applySize(i) {
    SIZES.forEach(function (c) { root.classList.remove(c); });
    root.classList.add(SIZES[i]);
  }
  var size = parseInt(store.getItem("textSize") || "1", 10);
  if (!(size >= 0 && size < SIZES.length)) size = 1;
  applySize(size);

  /* Step pages fit the screen: while the step's text would need scrolling, give up room step by
     step (smaller picture, no phone QR, no picture, tighter lines; see kiosk.css). Text is never
     hidden; if it still does not fit (A+ on a small screen), main scrolls between the bars. */
  var FIT = ["fit-1", "fit-2", "fit-3", "fit-4"];
  function fitting() {
    var body = document.body;
    return body.classList.contains("is-kiosk") && body.classList.contains("page-step") &&
      document.getElementById("main") !== null;
  }
  function fitStep() {
    /* Each class added costs a layout (scrollHeight); a step that fits costs just the one
       layout its first paint needs anyway. */
    if (!fitting()) return;
    var body = document.body;
    var main = document.getElementById("main");
    FIT.forEach(function (c) { body.classList.remove(c); });
    for (var i = 0; i < FIT.length && main.scrollHeight > main.clientHeight + 1; i++) {
      body.classList.add(FIT[i]);
    }
  }
  function fitWhenPicturesArrive() {
    fitStep();
    document.querySelectorAll("#main img").forEach(function (img) {
      if (!img.complete) img.addEventListener("load", fitStep);
    });
  }
  window.addEventListener("resize", fitStep);

  /* Read aloud: a recorded file if the pack has one; else the browser's voice, but only if it
     has a voice for the language shown (a wrong-language voice is worse than none). */
  var stopReading = function () {};
  var offerVoice = function () {};
  if ("speechSynthesis" in window) {
    window.speechSynthesis.addEventListener("voiceschanged", function () { offerVoice(); });
  }
  /* Which region a voice speaks, from its tag or name: espeak-ng reports "vi",
     "vi-VN-X-CENTRAL", "vi-VN-X-SOUTH"; Windows and Android name theirs. */
  function voiceRegion(voice, tag) {
    var text = tag + " " + (voice.name || "").toLowerCase();
    if (/central|trung|hue/.test(text)) return "trung";
    if (/south|nam bo|saigon/.test(text)) return "nam";
    return "bac";
  }
  function setUpReader() {
    var reader = document.getElementById("read-aloud");
    stopReading = function () {};
    offerVoice = function () {};
    if (!reader) return;
    var audioUrl = reader.getAttribute("data-audio");
    var speechText = reader.getAttribute("data-speech");
    var speechLang = (reader.getAttribute("data-speech-lang") || "vi").toLowerCase();
    var region = reader.getAttribute("data-voice-region") || "bac";
    var rate = (parseInt(reader.getAttribute("data-speech-rate"), 10) || 90) / 100;
    var label = reader.querySelector("span");
    var startLabel = label.textContent;
    var stopLabel = reader.getAttribute("data-label-stop");
    var player = null;
    var speaking = false;
    function setPlaying(on) {
      speaking = on;
      label.textContent = on ? stopLabel : startLabel;
    }
    function findVoice() {
      if (!("speechSynthesis" in window)) return null;
      var voices = window.speechSynthesis.getVoices();
      var best = null;
      var bestScore = -1;
      for (var i = 0; i < voices.length; i++) {
        var tag = (voices[i].lang || "").toLowerCase().replace(/_/g, "-");
        if (tag !== speechLang && tag.indexOf(speechLang + "-") !== 0) continue;
        var score = 0;
        if (speechLang !== "vi" || voiceRegion(voices[i], tag) === region) score += 4;
        if (voices[i].localService) score += 2;   /* works offline */
        if ((voices[i].name || "").indexOf("+") < 0) score += 1;   /* espeak's plain voice */
        if (score > bestScore) { best = voices[i]; bestScore = score; }
      }
      return best;
    }
    if (audioUrl) {
      reader.hidden = false;
      stopReading = function () { if (player) player.pause(); };
      reader.addEventListener("click", function () {
        if (!player) {
          player = new Audio(audioUrl);
          player.addEventListener("ended", function () { setPlaying(false); });
        }
        if (speaking) { player.pause(); player.currentTime = 0; setPlaying(false); }
        else { player.play(); setPlaying(true); }
      });
    } else if ("speechSynthesis" in window && speechText) {
      offerVoice = function () { if (findVoice()) reader.hidden = false; };
      offerVoice();
      stopReading = function () { if (speaking) window.speechSynthesis.cancel(); };
      reader.addEventListener("click", function () {
        if (speaking) { window.speechSynthesis.cancel(); setPlaying(false); return; }
        var voice = findVoice();
        if (!voice) return;
        var utterance = new SpeechSynthesisUtterance(speechText);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.rate = rate;
        utterance.onend = function () { setPlaying(false); };
        window.speechSynthesis.speak(utterance);
        setPlaying(true);
      });
    }
  }

  /* What belongs to the page's elements: set up at load, and again after a step swapped in. */
  function setUpPage() {
    /* Practice and quiz links need this script's sibling scripts: shown only when scripts run. */
    document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });
    ["text-smaller", "text-larger"].forEach(function (id, i) {
      var btn = document.getElementById(id);
      if (!btn) return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        size = Math.max(0, Math.min(SIZES.length - 1, size + (i === 0 ? -1 : 1)));
        store.setItem("textSize", String(size));
        applySize(size);
        fitStep();
      });
    });
    setUpReader();
  }
  setUpPage();
  if (fitting()) {
    /* Measured once every deferred script has run: glossary.js hides the bracketed
       explanations, so measured before it a step was shrunk for nothing, then measured again
       at load. Again only when a picture that was still loading arrives, or the size changes. */
    document.addEventListener("DOMContentLoaded", fitWhenPicturesArrive);
  }

  /* Between two steps of a guide the touchscreen swaps the page's parts in place instead of
     loading a new document: on a Raspberry Pi a new document costs ~330 ms from tap to paint
     (bench/pi_check.py), mostly the browser tearing one down and building the next; the swap
     about half. The server sees the same GET, counted the same way. A link to anything but a
     step, or an answer that is not a step page with the same scripts, loads normally. */
  var PARTS = ["header.topbar", "#main", "nav.bottombar"];
  var STEP_PATH = /^\/guides\/[^/]+\/\d+$/;
  function scriptsOf(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("script[src]"), function (s) {
      return s.getAttribute("src");
    }).sort().join(" ");
  }
  function swapIn(doc, href) {
    var ok = doc.body && doc.body.classList.contains("page-step") &&
      scriptsOf(doc) === scriptsOf(document) &&
      PARTS.every(function (sel) { return doc.querySelector(sel) && document.querySelector(sel); });
    if (!ok) return false;
    stopReading();
    PARTS.forEach(function (sel) {
      document.querySelector(sel).replaceWith(document.adoptNode(doc.querySelector(sel)));
    });
    document.title = doc.title;
    document.body.className = doc.body.className;
    history.pushState({ langsoStep: true }, "", href);
    window.scrollTo(0, 0);
    (window.langsoPageHooks || []).forEach(function (hook) { hook(); });
    setUpPage();
    fitWhenPicturesArrive();
    /* For bench/pi_check.py: the task after the frame that showed the new step. */
    requestAnimationFrame(function () {
      setTimeout(function () { performance.mark("langso-step-shown"); }, 0);
    });
    return true;
  }
  var swapping = false;  /* a second tap while the next step is on its way is not a second step */
  function softStep(href) {
    swapping = true;
    fetch(href, { credentials: "same-origin" }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) return null;
      return response.text();
    }).then(function (html) {
      var doc = html && new DOMParser().parseFromString(html, "text/html");
      swapping = false;
      if (!doc || !swapIn(doc, href)) window.location.assign(href);
    }).catch(function () { window.location.assign(href); });
  }
  if (fitting() && window.fetch && window.DOMParser && window.history.pushState) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[rel="next"], a[rel="prev"]');
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey ||
          event.ctrlKey || event.shiftKey || event.altKey) return;
      if (link.origin !== window.location.origin || !STEP_PATH.test(link.pathname)) return;
      if (!document.body.classList.contains("page-step")) return;
      event.preventDefault();
      if (!swapping) softStep(link.href);
    });
    /* Back and forward through swapped steps: load the page the address now names. */
    window.addEventListener("popstate", function () { window.location.reload(); });
  }

  var body = document.body;
  /* Clock on the attract screen. */
  var clock = document.getElementById("clock");
  if (clock) {
    var locale = clock.getAttribute("data-lang") === "en" ? "en-GB" : "vi-VN";
    var tick = function () {
      var now = new Date();
      var time = now.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
      var date = now.toLocaleDateString(locale, { weekday: "long", day: "numeric", month: "numeric", year: "numeric" });
      clock.textContent = time + " · " + date;
    };
    tick();
    setInterval(tick, 10000);
  }

  /* Leaving the attract screen starts a fresh visit. */
  if (body.classList.contains("page-attract")) {
    store.clear();
    applySize(1);
  }
  /* Idle reset, on the touchscreen only: ask "are you still there?", then go back to the
     attract screen with everything the last visitor chose forgotten. */
  if (!body.classList.contains("is-kiosk") || body.classList.contains("page-attract")) return;
  var idleSeconds = parseFloat(body.getAttribute("data-idle")) || 90;
  var countdownSeconds = parseFloat(body.getAttribute("data-countdown")) || 20;
  var overlay = document.getElementById("idle");
  var secondsEl = document.getElementById("idle-seconds");
  var continueBtn = document.getElementById("idle-continue");
  var idleTimer = null;
  var countdownTimer = null;
  var remaining = 0;

  function resetToAttract() {
    store.clear();
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    window.location.replace(body.getAttribute("data-attract"));
  }
  function showPrompt() {
    remaining = Math.ceil(countdownSeconds);
    secondsEl.textContent = String(remaining);
    overlay.hidden = false;
    continueBtn.focus();
    countdownTimer = setInterval(function () {
      remaining -= 1;
      secondsEl.textContent = String(Math.max(remaining, 0));
      if (remaining <= 0) { clearInterval(countdownTimer); resetToAttract(); }
    }, 1000);
  }
  function activity() {
    if (!overlay.hidden) return; /* only the big button dismisses the prompt */
    clearTimeout(idleTimer);
    idleTimer = setTimeout(showPrompt, idleSeconds * 1000);
  }
  continueBtn.addEventListener("click", function () {
    clearInterval(countdownTimer);
    overlay.hidden = true;
    activity();
  });
  ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (type) {
    window.addEventListener(type, activity, { passive: true });
  });
  activity();
})();
