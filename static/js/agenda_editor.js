// The agenda editor: items dragged by their handle, within a day or into another.
// Sortable fires "end" on the day's list; it bubbles to #agenda-days, where the
// arrangement form's hx-trigger listens, and the form posts every day's items in page
// order (their order fields belong to it). The move buttons do the same one step at a
// time by keyboard.
htmx.onLoad(function (content) {
  content.querySelectorAll("[data-sortable-items]").forEach(function (list) {
    Sortable.create(list, {
      group: "agenda-items",
      handle: "[data-drag-handle]",
      animation: 150,
      forceFallback: true, // pointer events: the same on touch screens and mice
    });
  });
});
