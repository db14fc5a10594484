// Sorting sticky notes on the console: a note dragged onto a theme presses that theme's
// button, with the dragged note ticked along with any others, so dragging and the
// keyboard path (tick, then press a theme) send the same one request. The ticks are
// remembered across the console's live updates, which redraw the board as notes arrive.
//
// A live update during a drag would redraw the board under the pointer and drop the
// note on the floor: it is held back (the socket's message skipped) and the console's
// current screen fetched once the drag ends, as live.js does when it polls.
(function () {
  var ticked = new Set();
  var dragging = false;
  var missed = false;

  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    if (dragging) { event.preventDefault(); missed = true; }
  });

  document.addEventListener("pointerup", function () { if (dragging) setTimeout(caughtUp, 0); });
  document.addEventListener("pointercancel", function () { if (dragging) setTimeout(caughtUp, 0); });

  function isNewTheme(form) { return form.matches && form.matches("[data-new-theme]"); }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (isNewTheme(form)) form.dataset.sent = form.elements.namedItem("name").value;
  });

  // Only the name that was sent is emptied: one typed while it was on its way stays.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!isNewTheme(form) || !event.detail.successful) return;
    if (form.elements.namedItem("name").value === form.dataset.sent) form.reset();
  });

  function caughtUp() {
    dragging = false;
    if (!missed) return;
    missed = false;
    var url = document.body.dataset.screenUrl;
    if (url) htmx.ajax("GET", url, { target: document.body, swap: "none" });
  }

  function label(button, count) {
    var text = count === 0 ? button.dataset.none : count === 1 ? button.dataset.one : button.dataset.many;
    button.textContent = text.replace("{count}", String(count));
  }

  function refresh(board) {
    var count = board.querySelectorAll('input[name="note"]:checked').length;
    board.querySelectorAll("[data-move-button]").forEach(function (button) { label(button, count); });
    var status = board.querySelector("[data-ticked-status]");
    if (status) {
      status.textContent = count === 0 ? "" : (count === 1 ? status.dataset.one : status.dataset.many).replace("{count}", String(count));
    }
  }

  htmx.onLoad(function (content) {
    var boards = content.matches && content.matches("[data-note-sorting]") ? [content] : [];
    content.querySelectorAll("[data-note-sorting]").forEach(function (board) { boards.push(board); });
    boards.forEach(function (board) {
      board.querySelectorAll('input[name="note"]').forEach(function (box) {
        box.checked = ticked.has(box.value);
      });
      board.addEventListener("change", function (event) {
        var box = event.target;
        if (box.name !== "note") return;
        if (box.checked) ticked.add(box.value); else ticked.delete(box.value);
        refresh(board);
      });
      board.addEventListener("submit", function () { ticked.clear(); });
      // From the press on, not only once the drag starts (after 5 px or a hold).
      board.addEventListener("pointerdown", function (event) {
        if (event.target.closest("[data-note]")) dragging = true;
      });
      board.querySelectorAll("[data-theme-drop]").forEach(function (list) {
        Sortable.create(list, {
          group: "notes",
          // Only notes are items: a theme's "no notes" line is not one, so a note dropped
          // anywhere on an empty theme lands in it (on that line's exact middle Sortable
          // would weigh "before or after it" and do neither).
          draggable: "[data-note]",
          sort: false,
          animation: 150,
          forceFallback: true, // pointer events: the same on touch screens and mice
          filter: "input", // a tick is a tick, not the start of a drag
          preventOnFilter: false,
          fallbackTolerance: 5, // a click on a note's text ticks it; a drag moves it
          delay: 200, // on a touch screen a press and hold drags; a swipe still scrolls
          delayOnTouchOnly: true,
          onEnd: caughtUp,
          onAdd: function (event) {
            var box = event.item.querySelector('input[name="note"]');
            if (box) { box.checked = true; ticked.add(box.value); }
            var button = event.to.closest("section").querySelector("[data-move-button]");
            if (button) button.click();
          },
        });
      });
      refresh(board);
    });
  });
})();
