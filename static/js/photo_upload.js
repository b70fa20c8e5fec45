/* Làng Số admin: check the photos chosen before the form is sent.
 * A request larger than the server takes (MAX_UPLOAD_MB) is refused before the form is read, so
 * the typed texts would be lost with it: say so beside the photo inputs and do not send. The
 * server checks everything again; this only spares the trip. */
(function () {
  "use strict";
  var MB = 1024 * 1024;

  function mb(bytes) { return (bytes / MB).toFixed(1).replace(".", ","); }

  function setUp(field) {
    var form = field.closest("form");
    var out = field.querySelector("[data-photo-check]");
    var inputs = field.querySelectorAll("input[type=file]");
    var maxFile = Number(field.dataset.maxFile);
    var maxTotal = Number(field.dataset.maxTotal);
    var maxCount = Number(field.dataset.maxCount);
    if (!form || !out) { return; }

    function problem() {
      var files = [];
      inputs.forEach(function (input) {
        for (var i = 0; i < input.files.length; i++) { files.push(input.files[i]); }
      });
      if (files.length > maxCount) {
        return "mỗi lần gửi tối đa " + maxCount + " ảnh (đã chọn " + files.length +
          "); hãy gửi làm nhiều lần";
      }
      var total = 0;
      for (var j = 0; j < files.length; j++) {
        if (files[j].size > maxFile) {
          return files[j].name + ": ảnh quá lớn (" + mb(files[j].size) + " MB, tối đa " +
            Math.floor(maxFile / MB) + " MB)";
        }
        total += files[j].size;
      }
      if (total > maxTotal) {
        return "các ảnh đã chọn nặng " + mb(total) + " MB, mỗi lần gửi tối đa " +
          field.dataset.requestMb + " MB: hãy chọn bớt ảnh và gửi phần còn lại sau";
      }
      return "";
    }

    function show() {
      var text = problem();
      out.textContent = text;
      out.hidden = !text;
      inputs.forEach(function (input) {
        if (text) { input.setAttribute("aria-invalid", "true"); }
      });
      return text;
    }

    field.addEventListener("change", show);
    form.addEventListener("submit", function (event) {
      if (show()) {
        event.preventDefault();
        out.scrollIntoView({ block: "center" });
      }
    });
  }

  document.querySelectorAll("[data-photo-field]").forEach(setUp);
}());
