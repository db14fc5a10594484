/* A ranking poll on the phone: one list of every choice, put in order with large Up and
   Down buttons or by drag, instead of one list of the choices per place. The page's own
   lists (polls/poll.html#ranking_places) stay in the form, hidden, and this writes the
   order into them, so the form sends what it always sent: the places in order, an empty
   place empty. Without script, or before this has run, those lists are the form.

   The choices with a place are on top, numbered; below "Not ranked" the rest, always in
   the poll's own order. Up on a choice that has no place gives it the next free one (the
   last place, when all are taken: its choice goes back below). Its words come from the
   template's data-* attributes, in the phone's language. SortableJS is loaded only when a
   ranking is on the page. */
(function () {
  "use strict";

  var sortableWaiting = [];
  var sortableScript = null;

  function withSortable(url, then) {
    if (window.Sortable) { then(); return; }
    sortableWaiting.push(then);
    if (sortableScript || !url) return;
    sortableScript = document.createElement("script");
    sortableScript.src = url;
    sortableScript.dataset.sortable = "true";
    sortableScript.addEventListener("load", function () {
      var waiting = sortableWaiting;
      sortableWaiting = [];
      waiting.forEach(function (run) { run(); });
    });
    document.head.appendChild(sortableScript);
  }

  function say(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  var rankings = 0;

  function enhance(root) {
    if (root.dataset.rankingReady) return;
    var selects = Array.prototype.slice.call(root.querySelectorAll("select"));
    if (!selects.length) return;
    root.dataset.rankingReady = "true";
    rankings += 1;
    var words = root.dataset;
    var choices = Array.prototype.filter.call(selects[0].options, function (option) {
      return option.value !== "";
    }).map(function (option) {
      return { id: option.value, label: option.textContent.trim() };
    });
    var byId = {};
    choices.forEach(function (choice) { byId[choice.id] = choice; });
    var places = Math.min(selects.length, choices.length);

    // Where the page starts: the places already chosen (a stored answer, a changed one).
    var ranked = [];
    selects.forEach(function (select) {
      if (select.value && byId[select.value] && ranked.indexOf(select.value) < 0 && ranked.length < places) {
        ranked.push(select.value);
      }
    });

    var titleId = "ranking-" + rankings + "-title";
    var box = element("div", "ranking__box");
    var how = element("p", "help ranking__how", words.how);
    var title = element("p", "ranking__title", words.rankedTitle);
    title.id = titleId;
    var rankedList = element("ol", "ranking__list ranking__list--ranked");
    rankedList.setAttribute("aria-labelledby", titleId);
    var freeList = element("ol", "ranking__list ranking__list--free");
    var divider = element("p", "ranking__divider", words.notRanked);
    divider.id = "ranking-" + rankings + "-rest";
    var pool = element("ul", "ranking__list ranking__list--pool");
    pool.setAttribute("aria-labelledby", divider.id);
    var status = element("p", "visually-hidden");
    status.setAttribute("aria-live", "polite");
    status.dataset.rankingStatus = "";
    box.append(title, rankedList, freeList, divider, pool);

    var items = {};
    choices.forEach(function (choice) {
      var item = element("li", "ranking__item");
      item.dataset.choice = choice.id;
      var place = element("span", "ranking__place");
      var grip = element("span", "ranking__grip");
      grip.setAttribute("aria-hidden", "true");
      var label = element("span", "ranking__label", choice.label);
      var buttons = element("span", "ranking__buttons");
      [["up", "\u25B2", words.up, words.moveUp], ["down", "\u25BC", words.down, words.moveDown]].forEach(function (spec) {
        var button = element("button", "ranking__move ranking__move--" + spec[0]);
        button.type = "button";
        button.dataset.move = spec[0];
        button.setAttribute("aria-label", say(spec[3], { choice: choice.label }));
        var arrow = element("span", "ranking__arrow", spec[1]);
        arrow.setAttribute("aria-hidden", "true");
        button.append(arrow, element("span", "ranking__word", spec[2]));
        buttons.append(button);
      });
      item.append(grip, place, label, buttons);
      items[choice.id] = item;
    });

    function whereIs(id) {
      var at = ranked.indexOf(id);
      return at < 0
        ? say(words.unranked, { choice: byId[id].label })
        : say(words.atPlace, { choice: byId[id].label, place: String(at + 1) });
    }

    // The one place the order is written: the lists on screen, the form's fields, and
    // what a screen reader hears (the moved choice, and one a move pushed out).
    function show(moved, pushedOut, focus) {
      ranked.forEach(function (id, at) {
        var item = items[id];
        item.classList.add("ranking__item--ranked");
        item.querySelector(".ranking__place").textContent = String(at + 1) + ".";
        rankedList.appendChild(item);
      });
      freeList.textContent = "";
      for (var free = ranked.length; free < places; free += 1) {
        var slot = element("li", "ranking__free");
        var number = element("span", "ranking__place", String(free + 1) + ".");
        slot.append(number, element("span", "ranking__label", words.free));
        freeList.appendChild(slot);
      }
      freeList.hidden = ranked.length >= places;
      rankedList.hidden = ranked.length === 0;
      choices.forEach(function (choice) {
        if (ranked.indexOf(choice.id) >= 0) return;
        var item = items[choice.id];
        item.classList.remove("ranking__item--ranked");
        item.querySelector(".ranking__place").textContent = "";
        pool.appendChild(item);
      });
      pool.hidden = ranked.length === choices.length;
      divider.hidden = pool.hidden;
      choices.forEach(function (choice) {
        var at = ranked.indexOf(choice.id);
        var item = items[choice.id];
        item.querySelector("[data-move=up]").setAttribute("aria-disabled", at === 0 ? "true" : "false");
        var down = item.querySelector("[data-move=down]");
        down.hidden = at < 0; // nothing is below "Not ranked"
      });
      selects.forEach(function (select, at) { select.value = ranked[at] || ""; });
      // Moved in the page, a button loses its focus: it gets it back (or, a choice moved
      // out of the places, its Up button, since Down is gone).
      if (focus) (focus.hidden ? focus.closest("[data-choice]").querySelector("[data-move=up]") : focus).focus();
      if (moved) {
        var told = whereIs(moved);
        if (pushedOut) told += ". " + whereIs(pushedOut);
        // The same words twice (a button pressed where it can go no further) are said again.
        status.textContent = status.textContent === told ? told + "\u00A0" : told;
      }
    }

    function move(id, direction) {
      var at = ranked.indexOf(id);
      var pushedOut = null;
      if (direction === "up") {
        if (at > 0) {
          ranked.splice(at, 1);
          ranked.splice(at - 1, 0, id);
        } else if (at < 0) {
          if (ranked.length >= places) pushedOut = ranked.pop();
          ranked.push(id);
        }
      } else if (at >= 0) {
        if (at < ranked.length - 1) {
          ranked.splice(at, 1);
          ranked.splice(at + 1, 0, id);
        } else {
          ranked.splice(at, 1);
        }
      }
      show(id, pushedOut, items[id].querySelector("[data-move=" + direction + "]"));
    }

    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button || !box.contains(button)) return;
      move(button.closest("[data-choice]").dataset.choice, button.dataset.move);
    });

    // A drop: the order as the lists now hold it, then written as the buttons write it.
    function dropped(event) {
      var id = event.item.dataset.choice;
      var order = Array.prototype.map.call(rankedList.querySelectorAll("[data-choice]"), function (item) {
        return item.dataset.choice;
      });
      if (event.to === freeList) order.push(id);
      var pushedOut = null;
      if (order.length > places) {
        var last = order[order.length - 1] === id ? order.length - 2 : order.length - 1;
        pushedOut = order.splice(last, 1)[0];
      }
      var before = ranked.join(" ");
      ranked = order;
      show(ranked.join(" ") === before && event.from === event.to ? null : id, pushedOut, null);
    }

    function sortable() {
      var options = {
        group: titleId, // one ranking's lists only, however many a survey has
        draggable: ".ranking__item",
        animation: 150,
        forceFallback: true, // pointer events: the same on touch screens and mice
        filter: "button", // a press on Up or Down is a press, not the start of a drag
        preventOnFilter: false,
        fallbackTolerance: 5,
        delay: 200, // on a touch screen a press and hold drags; a swipe still scrolls
        delayOnTouchOnly: true,
        chosenClass: "ranking__item--chosen",
        ghostClass: "ranking__item--ghost",
        fallbackClass: "ranking__item--dragged",
        onEnd: dropped
      };
      window.Sortable.create(rankedList, options);
      window.Sortable.create(freeList, Object.assign({}, options, { sort: false }));
      window.Sortable.create(pool, Object.assign({}, options, { sort: false }));
      root.dataset.rankingDrag = "true";
    }

    selects.forEach(function (select) {
      var field = select.closest(".vote__place") || select;
      field.hidden = true;
    });
    root.append(how, box, status);
    show(null, null, null);
    withSortable(words.sortableScript, sortable);
  }

  /* The list's own styles (css/ranking.css) are loaded before it is built, so it is never
     drawn unstyled; until they are in, the page's own lists are the form. */
  var stylesLoaded = false;
  var stylesWaiting = [];

  function withStyles(url, then) {
    if (stylesLoaded || !url) { then(); return; }
    stylesWaiting.push(then);
    if (stylesWaiting.length > 1) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url;
    function done() {
      stylesLoaded = true;
      var waiting = stylesWaiting;
      stylesWaiting = [];
      waiting.forEach(function (run) { run(); });
    }
    link.addEventListener("load", done);
    // Not loaded (the network dropped): the page's own lists stay the form; the next
    // screen with a ranking tries again.
    link.addEventListener("error", function () { stylesWaiting = []; link.remove(); });
    document.head.appendChild(link);
  }

  function enhanceAll(content) {
    var within = content && content.querySelectorAll ? content : document;
    var roots = Array.prototype.slice.call(within.querySelectorAll("[data-ranking]"));
    if (within.matches && within.matches("[data-ranking]")) roots.unshift(within);
    if (!roots.length) return;
    withStyles(roots[0].dataset.rankingStyles, function () {
      roots.forEach(function (root) { if (root.isConnected) enhance(root); });
    });
  }

  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
  enhanceAll(document);
})();
