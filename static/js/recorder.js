/* Làng Số admin: record a narration from the microphone (MediaRecorder), listen back, keep or redo.
 *
 * "Giữ và lưu" puts the recording into the form's own file input and submits the form, so a
 * recording takes exactly the path of a chosen file and the server checks both the same way.
 * Without MediaRecorder (old browser, no microphone) the panel stays hidden: upload still works.
 * The panel's data-* attributes hold its messages in the admin's language ({time}, {max} and
 * {error} filled in here). */
(function () {
  "use strict";

  // What Chromium, Firefox and Safari can record, best first; the server accepts all of them.
  var TYPES = [["audio/webm;codecs=opus", "webm"], ["audio/ogg;codecs=opus", "ogg"],
               ["audio/webm", "webm"], ["audio/ogg", "ogg"], ["audio/mp4", "m4a"]];

  function pickType() {
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported(TYPES[i][0])) return TYPES[i];
    }
    return null;
  }

  function clock(seconds) {
    var s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }

  function setup(form) {
    var panel = form.querySelector("[data-rec=panel]");
    var say = function (name, values) {
      return panel.getAttribute("data-" + name).replace(/\{(\w+)\}/g, function (all, key) {
        return values[key];
      });
    };
    var part = function (name) { return form.querySelector("[data-rec=" + name + "]"); };
    var start = part("start"), stop = part("stop"), keep = part("keep"), redo = part("redo");
    var review = part("review"), time = part("time"), status = part("status");
    var input = form.querySelector("input[type=file]");
    var maxSeconds = parseInt(form.getAttribute("data-max-seconds"), 10) || 300;
    var type = pickType();
    if (!panel || !type) return;
    panel.hidden = false;

    var recorder = null, stream = null, chunks = [], blob = null, timer = null, began = 0;

    function show(states) {
      start.hidden = !states.start;
      stop.hidden = !states.stop;
      keep.hidden = !states.keep;
      redo.hidden = !states.redo;
      review.hidden = !states.review;
    }
    function release() {
      if (timer) { clearInterval(timer); timer = null; }
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    }
    function discard() {
      if (review.src) { URL.revokeObjectURL(review.src); review.removeAttribute("src"); }
      blob = null;
    }

    start.addEventListener("click", function () {
      discard();
      status.textContent = say("asking", {});
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (s) {
        stream = s;
        chunks = [];
        recorder = new MediaRecorder(stream, { mimeType: type[0] });
        recorder.addEventListener("dataavailable", function (e) {
          if (e.data && e.data.size) chunks.push(e.data);
        });
        recorder.addEventListener("stop", function () {
          release();
          blob = new Blob(chunks, { type: recorder.mimeType || type[0] });
          review.src = URL.createObjectURL(blob);
          show({ start: false, stop: false, keep: true, redo: true, review: true });
          status.textContent = say("recorded", { time: time.textContent });
        });
        recorder.start(1000);
        began = Date.now();
        time.textContent = clock(0);
        timer = setInterval(function () {
          var seconds = (Date.now() - began) / 1000;
          time.textContent = clock(seconds);
          // Stop a little before the server's limit, so what was said is never refused.
          if (seconds >= maxSeconds - 1 && recorder.state === "recording") recorder.stop();
        }, 250);
        show({ start: false, stop: true, keep: false, redo: false, review: false });
        status.textContent = say("recording", { max: clock(maxSeconds) });
      }).catch(function (err) {
        release();
        status.textContent = say("no-mic", { error: err.name });
      });
    });

    stop.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") recorder.stop();
    });

    redo.addEventListener("click", function () {
      discard();
      time.textContent = "";
      status.textContent = "";
      show({ start: true, stop: false, keep: false, redo: false, review: false });
      start.click();
    });

    keep.addEventListener("click", function () {
      if (!blob) return;
      var file = new File([blob], "ghi-am-" + form.getAttribute("data-lang") + "." + type[1],
                          { type: blob.type });
      var files = new DataTransfer();
      files.items.add(file);
      input.files = files.files;
      keep.disabled = true;
      status.textContent = say("saving", {});
      form.submit();  // no "action" field: the server treats it as an upload
    });
  }

  if (!("MediaRecorder" in window) || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) return;
  document.querySelectorAll("form[data-recorder]").forEach(setup);
})();
