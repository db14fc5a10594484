/* Drawing with a finger for the business card: strokes on a canvas, kept as a PNG in the
   form's file field so the form sends it like a chosen picture. Loaded by live.js only
   when a card is on screen.

   The canvas is white paper and stays so: the pens draw in colour, the eraser in white,
   "start again" paints it white (a white page stored is no drawing). A stored drawing
   (data-drawing-saved, its URL) is painted back into the canvas, so after "Save" the
   drawing stays where it was made; a chosen picture is shown there too. While the
   stored drawing is on its way the canvas waits (data-ready="loading"), so a stroke
   begun meanwhile is not painted over; then data-ready is "true" (data-shown is
   "picture" once a chosen picture is in the canvas). The pen picked stays picked in
   the form that comes back. */
(function () {
  "use strict";

  var WHITE = "#ffffff";
  var lastTool = ""; // the pen picked, kept for the form that comes back after "Save"
  var carried = null; // a drawing not stored (the save was refused), for the form that answers

  function setUp(canvas) {
    if (canvas.dataset.ready) return;
    canvas.dataset.ready = "loading";
    var form = canvas.closest("form");
    var input = form.querySelector("[data-drawing-input]");
    var pen = canvas.getContext("2d");
    var drawing = false;

    function paper() {
      pen.fillStyle = WHITE;
      pen.fillRect(0, 0, canvas.width, canvas.height);
    }
    function show(picture, width, height) {
      // The whole picture, as large as fits, centred on white paper.
      paper();
      var scale = Math.min(canvas.width / width, canvas.height / height);
      var shownWidth = width * scale;
      var shownHeight = height * scale;
      pen.drawImage(
        picture,
        (canvas.width - shownWidth) / 2,
        (canvas.height - shownHeight) / 2,
        shownWidth,
        shownHeight
      );
    }
    function ready() {
      canvas.dataset.ready = "true";
    }
    function tool() {
      var chosen = form.querySelector("[data-drawing-tool]:checked");
      pen.strokeStyle = (chosen && chosen.dataset.colour) || "#1a1a1a";
      pen.lineWidth = Number(chosen && chosen.dataset.width) || 6;
      pen.lineCap = "round";
      pen.lineJoin = "round";
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

    if (lastTool) {
      var again = form.querySelector('[data-drawing-tool][value="' + lastTool + '"]');
      if (again) again.checked = true;
    }
    form.addEventListener("change", function (event) {
      if (event.target.matches("[data-drawing-tool]")) lastTool = event.target.value;
    });

    paper();
    var saved = canvas.dataset.drawingSaved;
    if (carried) {
      pen.drawImage(carried.picture, 0, 0, canvas.width, canvas.height);
      if (carried.files && carried.files.length) input.files = carried.files;
      carried = null;
      ready();
    } else if (saved) {
      var stored = new Image();
      stored.onload = function () {
        show(stored, stored.naturalWidth, stored.naturalHeight);
        ready();
      };
      stored.onerror = ready; // offline: a blank page to draw on; the stored one stays
      stored.src = saved;
    } else {
      ready();
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (canvas.dataset.ready !== "true") return;
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      tool();
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
      keep(); // a white page: saved, it takes the stored drawing away
    });
    input.addEventListener("change", function () {
      // A chosen picture goes as it is; the canvas shows it, to draw on if wished.
      var file = input.files && input.files[0];
      if (!file || !window.createImageBitmap) return;
      createImageBitmap(file).then(function (bitmap) {
        show(bitmap, bitmap.width, bitmap.height);
        if (bitmap.close) bitmap.close();
        canvas.dataset.shown = "picture";
      }, function () { /* a picture the browser cannot show: the server still may */ });
    });
  }

  /* A refused save (an age that is not a number) answers with a new form: the drawing
     and the picture in the old one go on into it, since nothing of them was stored. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var old = target && target.querySelector && target.querySelector("[data-drawing-canvas]");
    if (!old || !event.detail.xhr || event.detail.xhr.status < 400) return;
    var copy = document.createElement("canvas");
    copy.width = old.width;
    copy.height = old.height;
    copy.getContext("2d").drawImage(old, 0, 0);
    var input = old.closest("form").querySelector("[data-drawing-input]");
    carried = { picture: copy, files: input.files };
  });
  document.addEventListener("htmx:afterSettle", function () { carried = null; });

  function scan(root) {
    root.querySelectorAll("[data-drawing-canvas]").forEach(setUp);
  }
  scan(document);
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt); });
})();
