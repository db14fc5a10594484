/* Questions from the room on a phone. Every phone gets the same list; this marks in it
   what is this phone's own (its upvotes, its questions), from its own part of the round
   (#questions-mine-<round>: data-upvoted, data-asked), after every swap, and keeps the
   order the person chose: most upvoted (as sent) or newest. */
(function () {
  "use strict";

  var order = "upvotes";

  function ids(value) {
    return new Set((value || "").split(" ").filter(Boolean));
  }

  function mark() {
    document.querySelectorAll("[data-my-questions]").forEach(function (mine) {
      var list = document.getElementById("question-list-" + mine.dataset.myQuestions);
      if (!list) return;
      var upvoted = ids(mine.dataset.upvoted);
      var asked = ids(mine.dataset.asked);
      list.querySelectorAll("[data-question]").forEach(function (item) {
        var id = item.dataset.question;
        var button = item.querySelector("[data-upvote]");
        if (button) button.setAttribute("aria-pressed", upvoted.has(id) ? "true" : "false");
        var own = item.querySelector("[data-mine-mark]");
        if (own) own.hidden = !asked.has(id);
      });
    });
  }

  function sortKey(item) {
    return [Number(item.dataset.upvotes), Number(item.dataset.asked), Number(item.dataset.question)];
  }

  function sort() {
    document.querySelectorAll("[data-room-questions]").forEach(function (list) {
      var items = Array.prototype.slice.call(list.children);
      items.sort(function (a, b) {
        var x = sortKey(a);
        var y = sortKey(b);
        if (order === "newest") return y[1] - x[1] || y[2] - x[2];
        return y[0] - x[0] || x[1] - y[1] || x[2] - y[2];
      });
      items.forEach(function (item) { list.appendChild(item); });
    });
    document.querySelectorAll("[data-sort-questions]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.sortQuestions === order ? "true" : "false");
    });
  }

  function update() {
    mark();
    sort(); // a fresh list comes most upvoted first; the sort buttons follow it too
  }

  /* Every upvote button submits its list's one form: the button pressed says which
     question, and whether this phone gives its upvote or takes it back. */
  document.addEventListener("click", function (event) {
    var upvote = event.target.closest && event.target.closest("[data-upvote]");
    if (!upvote || !upvote.form) return;
    upvote.form.querySelector("[data-upvote-question]").value = upvote.value;
    upvote.form.querySelector("[data-upvote-action]").value =
      upvote.getAttribute("aria-pressed") === "true" ? "unvote" : "upvote";
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-sort-questions]");
    if (!button) return;
    order = button.dataset.sortQuestions;
    sort();
  });
  document.addEventListener("htmx:load", update);
  document.addEventListener("plenum:socketMessage", update);
  update();
})();
