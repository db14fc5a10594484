/* Drawing with a finger for the business card: strokes on a canvas, kept as a PNG in the
   form's file field so the form sends it like a chosen picture. Loaded by live.js only
   when a card is on screen. */
(function () {
  "use strict";

  function setUp(canvas) {
    if (canvas.dataset.ready) return;
    canvas.dataset.ready = "true";
    var form = canvas.closest("form");
    var input = form.querySelector("[data-drawing-input]");
    var pen = canvas.getContext("2d");
    var drawing = false;

    function paper() {
      pen.fillStyle = "#ffffff";
      pen.fillRect(0, 0, canvas.width, canvas.height);
      pen.lineWidth = 6;
      pen.lineCap = "round";
      pen.lineJoin = "round";
      pen.strokeStyle = "#1a1a1a";
    }
    function at(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * canvas.width / box.width,
        y: (event.clientY - box.top) * canvas.height / box.height
      };
    }
    function keep() {
      if (!window.DataTransfer) return;
      canvas.toBlob(function (blob) {
        if (!blob) return;
        var files = new DataTransfer();
        files.items.add(new File([blob], "drawing.png", { type: "image/png" }));
        input.files = files.files;
      }, "image/png");
    }
    function end() {
      if (!drawing) return;
      drawing = false;
      keep();
    }

    paper();
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var point = at(event);
      pen.beginPath();
      pen.moveTo(point.x, point.y);
      pen.lineTo(point.x + 0.1, point.y);
      pen.stroke();
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var point = at(event);
      pen.lineTo(point.x, point.y);
      pen.stroke();
      event.preventDefault();
    });
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    form.querySelector("[data-drawing-clear]").addEventListener("click", function () {
      paper();
      input.value = "";
    });
  }

  function scan(root) {
    root.querySelectorAll("[data-drawing-canvas]").forEach(setUp);
  }
  scan(document);
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt); });
})();
