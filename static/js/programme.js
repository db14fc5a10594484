// The programme page: slides dragged by their handle, within an item or into another.
// Sortable fires "end" on the list; it bubbles to the arrangement form, whose hx-trigger
// posts every item's order. The move buttons do the same one step at a time by keyboard.
htmx.onLoad(function (content) {
  content.querySelectorAll("[data-sortable]").forEach(function (list) {
    Sortable.create(list, {
      group: "slides",
      handle: "[data-drag-handle]",
      animation: 150,
      forceFallback: true, // pointer events: the same on touch screens and mice
      filter: "button",
      preventOnFilter: false,
    });
  });
});
