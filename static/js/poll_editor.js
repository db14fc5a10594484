// The poll editor: with script, choosing another kind redraws the form at once (htmx), so
// the button that does it without script is not needed.
document.querySelectorAll("[data-poll-kind-button]").forEach(function (button) {
  button.hidden = true;
});
