/* The console's own script: keyboard shortcuts, and the import form following the
   projector. Keyboard shortcuts: a key presses the button that lists it in data-keys.
   Presentation clickers send PageUp and PageDown. Typing in a field is never taken over. */
(function () {
  "use strict";

  function keyName(event) {
    if (event.key === " ") return "Space";
    return event.key.length === 1 ? event.key.toLowerCase() : event.key;
  }

  function onKeyDown(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    var key = keyName(event);
    // Space and Enter on a focused button or link keep their usual meaning.
    if ((key === "Space" || key === "Enter") && target.closest("button, a")) return;
    var buttons = document.querySelectorAll("[data-keys]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].dataset.keys.split(" ").indexOf(key) >= 0) {
        event.preventDefault();
        buttons[i].click();
        return;
      }
    }
  }

  document.addEventListener("keydown", onKeyDown);

  /* "Your own slides" imports into the item on the projector unless the facilitator has
     chosen another one. */
  function followCurrentItem() {
    var select = document.querySelector("#deck-import select[name=item]");
    var current = document.querySelector("#console-agenda [aria-current] button");
    if (!select || !current || select.dataset.chosen) return;
    select.value = current.id.replace("agenda-item-", "");
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("#deck-import select[name=item]")) event.target.dataset.chosen = "true";
  });
  document.addEventListener("plenum:socketMessage", followCurrentItem);
  document.addEventListener("htmx:afterSettle", followCurrentItem);
})();
