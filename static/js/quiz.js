/* Làng Số "Thật hay lừa?": a round of messages, each answered "Lừa đảo" or "An toàn", with the
   explanation after each and the score at the end. Vanilla JS; the round lives in memory only,
   so the kiosk's idle reset (a new page) forgets it. */
(function () {
  "use strict";
  var root = document.getElementById("quiz");
  var dataEl = document.getElementById("quiz-data");
  if (!root || !dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var items = data.items || [];
  if (!items.length) return;
  var $ = function (id) { return document.getElementById(id); };
  var label = function (name) { return root.getAttribute("data-label-" + name); };
  var message = $("quiz-message"), feedback = $("quiz-feedback"), count = $("quiz-count");
  var scamBtn = $("quiz-scam"), safeBtn = $("quiz-safe"), nextBtn = $("quiz-next");
  var againBtn = $("quiz-again");
  var round = [], index = 0, score = 0, missed = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function send(subject) {
    if (!navigator.sendBeacon) return;
    var form = new FormData();
    form.append("event", "quiz_answer");
    form.append("subject", subject);
    navigator.sendBeacon(root.getAttribute("data-event-url"), form);
  }
  /* Each kind drawn as residents see it: SMS bubble, Zalo chat, call transcript, web page. */
  function draw(item) {
    message.textContent = "";
    message.className = "quiz-message kind-" + item.kind;
    var head = el("p", "msg-head");
    if (item.kind === "web") head.appendChild(el("span", "msg-address", item.sender));
    else if (item.kind === "call") head.textContent = "📞 " + label("call") + ": " + item.sender;
    else head.textContent = item.sender;
    message.appendChild(head);
    if (item.image) {
      var img = el("img", "msg-image");
      img.src = item.image;
      img.alt = "";
      message.appendChild(img);
    }
    item.text.split("\n").forEach(function (line) {
      if (line.trim()) message.appendChild(el("p", "msg-line", line));
    });
  }
  function show(i) {
    index = i;
    var item = round[i];
    count.textContent = label("count").replace("{n}", String(i + 1))
      .replace("{total}", String(round.length));
    draw(item);
    feedback.textContent = "";
    feedback.className = "quiz-feedback";
    scamBtn.hidden = safeBtn.hidden = false;
    nextBtn.hidden = true;
  }
  function answer(choice) {
    var item = round[index];
    var ok = choice === item.answer;
    if (ok) score += 1; else missed.push(item);
    send(item.id + "/" + (ok ? "right" : "wrong"));
    feedback.textContent = (ok ? label("right") : label("wrong")) + " " +
      label(item.answer) + ": " + item.explain;
    feedback.className = "quiz-feedback is-" + (ok ? "right" : "wrong");
    scamBtn.hidden = safeBtn.hidden = true;
    nextBtn.hidden = false;
    nextBtn.focus();
    /* On a short screen the explanation sits below a long message: bring it into view. */
    feedback.scrollIntoView({ block: "nearest" });
  }
  function finish() {
    $("quiz-play").hidden = true;
    $("quiz-end").hidden = false;
    nextBtn.hidden = true;
    againBtn.hidden = false;
    $("quiz-score").textContent = label("score").replace("{n}", String(score))
      .replace("{total}", String(round.length));
    var list = $("quiz-missed");
    list.textContent = "";
    $("quiz-missed-title").hidden = !missed.length;
    missed.forEach(function (item) {
      var li = el("li", "quiz-missed-item");
      li.appendChild(el("p", "msg-head", item.sender + " — " + label(item.answer)));
      li.appendChild(el("p", "", item.explain));
      list.appendChild(li);
    });
  }
  function start() {
    var pool = items.slice();
    for (var i = pool.length - 1; i > 0; i--) {  /* Fisher–Yates */
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = pool[i]; pool[i] = pool[j]; pool[j] = tmp;
    }
    round = pool.slice(0, data.round || 8);
    score = 0; missed = [];
    $("quiz-end").hidden = true;
    $("quiz-play").hidden = false;
    againBtn.hidden = true;
    show(0);
  }

  scamBtn.addEventListener("click", function () { answer("scam"); });
  safeBtn.addEventListener("click", function () { answer("safe"); });
  nextBtn.addEventListener("click", function () {
    if (index + 1 < round.length) show(index + 1); else finish();
  });
  againBtn.addEventListener("click", start);
  $("quiz-needs-js").hidden = true;
  start();
})();
