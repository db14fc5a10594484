/* Plenum's few lines of script: the clock and timers, votes over the websocket, answers
   that are sent again, and polling when the websocket cannot connect. Everything else is
   htmx. The console's keyboard shortcuts are in console.js: phones never load them. */
(function () {
  "use strict";

  var body = document.body;
  var serverOffsetMs = 0; // server clock minus this device's clock

  /* Clock sync: ask the server for its time and assume the answer took half the round trip.
     Timers then count down to the server's deadline, whatever this device's clock says. */
  function syncClock() {
    var url = body.dataset.clockUrl;
    if (!url || !window.fetch) return;
    var sentAt = Date.now();
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var receivedAt = Date.now();
        serverOffsetMs = data.now + (receivedAt - sentAt) / 2 - receivedAt;
        tick();
      })
      .catch(function () { /* keep the last offset; try again later */ });
  }

  function formatClock(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var mmss = (hours ? hours + ":" + String(minutes).padStart(2, "0") : String(minutes)) +
      ":" + String(seconds).padStart(2, "0");
    return mmss;
  }

  function tick() {
    var now = Date.now() + serverOffsetMs;
    document.querySelectorAll("[data-timer-state]").forEach(function (timer) {
      var state = timer.dataset.timerState;
      if (state === "idle") return;
      var left = state === "running"
        ? Number(timer.dataset.endsAt) - now
        : Number(timer.dataset.remainingMs);
      // A clock estimate a few milliseconds off must not show 10:01 on a 10-minute timer.
      left = Math.min(left, Number(timer.dataset.totalMs));
      var clock = timer.querySelector("[data-timer-clock]");
      var text = formatClock(left);
      if (clock && clock.textContent !== text) clock.textContent = text;
      var done = state === "running" && left <= 0;
      timer.classList.toggle("timer--done", done);
      var doneText = timer.querySelector("[data-timer-done]");
      if (doneText) doneText.hidden = !done;
    });
    /* The console's "behind or ahead of the agenda": past the item's planned end is
       behind, before its planned start is ahead (the same rule as live/schedule.py). */
    document.querySelectorAll("[data-schedule-starts]").forEach(function (line) {
      var status = line.querySelector("[data-schedule-status]");
      if (!status) return;
      var starts = Number(line.dataset.scheduleStarts);
      var ends = Number(line.dataset.scheduleEnds);
      var behind = now > ends ? Math.floor((now - ends) / 60000) : 0;
      var ahead = now < starts ? Math.floor((starts - now) / 60000) : 0;
      var text = line.dataset.textOnTime;
      if (behind > 0) text = line.dataset.textBehind.replace("{n}", behind);
      else if (ahead > 0) text = line.dataset.textAhead.replace("{n}", ahead);
      if (status.textContent !== text) status.textContent = text;
    });
    document.querySelectorAll("[data-wall-clock]").forEach(function (wall) {
      var date = new Date(now);
      wall.textContent = String(date.getHours()).padStart(2, "0") + ":" +
        String(date.getMinutes()).padStart(2, "0");
    });
  }

  /* Answers carry an id made on the phone, so a resend after a dropped connection is
     recognised as the same answer. crypto.randomUUID needs HTTPS; a venue LAN is plain HTTP. */
  function newClientId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form[data-client-id]");
    if (!form) return;
    if (!form.dataset.clientId) form.dataset.clientId = newClientId();
    event.detail.parameters.client_id = form.dataset.clientId;
  });

  /* A vote, a note or a question goes over the open socket, and is answered on it: the form again,
     swapped in by its id (out of band), which replaces the form that was sent. No answer
     within a few seconds, or a socket that closes first, and the form is posted as
     before, with the same client id: the server stores it once either way. */
  function socketAnswerMs() {
    return Number(body.dataset.socketAnswerMs) || 4000; // a test on a slow machine may wait longer
  }
  var socket = null; // while it is open
  var awaitingSocketAnswer = new Map(); // form -> { timer, post }
  function postInstead(form) {
    var waiting = awaitingSocketAnswer.get(form);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    awaitingSocketAnswer.delete(form);
    if (document.contains(form)) waiting.post();
  }
  function voteMessage(form) {
    var data = new FormData(form);
    var value = data.get("value");
    return JSON.stringify({
      type: "vote",
      poll: Number(form.dataset.votePoll),
      choices: data.getAll("choice").filter(function (id) { return id !== ""; }).map(Number), // a ranking's free place is empty
      value: value === null || value === "" ? null : Number(value),
      text: data.get("text") || "",
      client_id: form.dataset.clientId
    });
  }
  function noteMessage(form) {
    var data = new FormData(form);
    var question = data.get("question");
    return JSON.stringify({
      type: "note",
      exercise: Number(form.dataset.noteExercise),
      text: data.get("text") || "",
      question: question ? Number(question) : null,
      verdict: data.get("verdict") || "",
      height: data.get("height") || "",
      seen: data.get("seen") || "",
      client_id: form.dataset.clientId
    });
  }
  function questionMessage(form) {
    var data = new FormData(form);
    var question = data.get("question");
    return JSON.stringify({
      type: "question",
      round: Number(form.dataset.questionRound),
      action: data.get("action") || "",
      question: question ? Number(question) : null,
      text: data.get("text") || "",
      client_id: form.dataset.clientId
    });
  }
  function socketMessage(form) {
    if (form.dataset.votePoll) return voteMessage(form);
    if (form.dataset.questionRound) return questionMessage(form);
    return noteMessage(form);
  }
  var SENT_BY_SOCKET = "form[data-client-id][data-vote-poll], form[data-client-id][data-note-exercise], " +
    "form[data-client-id][data-question-round]";
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!socket || socket.readyState !== WebSocket.OPEN || !form.matches || !form.matches(SENT_BY_SOCKET)) return;
    event.preventDefault();
    if (!form.dataset.clientId) form.dataset.clientId = newClientId();
    var waiting = awaitingSocketAnswer.get(form);
    var message = socketMessage(form);
    if (waiting && waiting.message !== message) {
      // Changed while the first send was still out: another answer, another id.
      form.dataset.clientId = newClientId();
      message = socketMessage(form);
    }
    // A timer already running keeps running: sending again never puts off the post.
    awaitingSocketAnswer.set(form, {
      message: message,
      post: function () { event.detail.issueRequest(true); },
      timer: waiting ? waiting.timer : setTimeout(function () { postInstead(form); }, socketAnswerMs())
    });
    socket.send(message);
  });
  function forgetAnswered(answered) {
    // The answer has replaced the form (a screen update keeps it in place: hx-preserve),
    // or names the client id it answers (data-answers: a form that stays, an upvote's).
    awaitingSocketAnswer.forEach(function (waiting, form) {
      if (document.contains(form) && answered.indexOf(form.dataset.clientId) < 0) return;
      clearTimeout(waiting.timer);
      awaitingSocketAnswer.delete(form);
    });
  }

  /* Nothing written is lost: a form whose request never got an answer (a dropped
     connection, a server restarting) is sent again every few seconds until it does.
     It keeps its client id, so the server stores it once however often it arrives. */
  var unsent = new Set();
  var resendTimer = null;
  function resend() {
    unsent.forEach(function (form) {
      if (!document.contains(form)) { unsent.delete(form); return; }
      htmx.trigger(form, "submit");
    });
    if (unsent.size === 0 && resendTimer !== null) {
      clearInterval(resendTimer);
      resendTimer = null;
    }
  }
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form[data-client-id]");
    if (!form) return;
    unsent.add(form);
    var note = form.querySelector("[data-unsent]");
    if (!note) {
      note = document.createElement("p");
      note.className = "unsent";
      note.setAttribute("role", "status");
      note.dataset.unsent = "";
      note.textContent = body.dataset.unsentText || "";
      form.prepend(note);
    }
    if (resendTimer === null) resendTimer = setInterval(resend, 3000);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form[data-client-id]");
    if (form && event.detail.xhr && event.detail.xhr.status) unsent.delete(form);
  });

  /* Screens arrive by three roads (the socket, a button's answer, a poll or catch-up GET)
     and not always in order: a slow answer rendered before the last change can land after
     the socket's newer screen. Each screen element carries its revision, and the console's
     panels also the results version read before they were rendered (live/screens.py
     results_version): notes sorted and votes counted change them within one revision. An
     element older than the one it would replace is left out; the rest of the message (a
     waiting list, a timer) is swapped in. */
  function stamp(element, name) {
    var value = element && element.getAttribute && element.getAttribute(name);
    return value ? Number(value) : null;
  }
  function isOlder(incoming, shown) {
    var revision = stamp(incoming, "data-revision");
    var shownRevision = stamp(shown, "data-revision");
    if (revision !== null && shownRevision !== null && revision !== shownRevision) {
      return revision < shownRevision;
    }
    var results = stamp(incoming, "data-results");
    var shownResults = stamp(shown, "data-results");
    return results !== null && shownResults !== null && results < shownResults;
  }
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var fragment = event.detail.fragment;
    // An outerHTML swap (ours) hands over a fragment holding the new element itself.
    var incoming = fragment instanceof DocumentFragment ? fragment.firstElementChild : fragment;
    if (isOlder(incoming, event.detail.target)) event.detail.shouldSwap = false;
  });

  /* One audience's message serves every page of it: the console's carries the phone
     remote's panel too, and the remote shows only some of the console's. A piece whose
     place this page does not have is left out (htmx would log it as an error). */
  function leaveOutWhatIsNotShown(content, outOfBandOnly) {
    var left = false;
    Array.prototype.slice.call(content.children).forEach(function (element) {
      var oob = element.getAttribute("hx-swap-oob");
      if (outOfBandOnly && oob === null) return; // the answer's own content
      if (oob && oob.indexOf(":") >= 0) return; // aimed at a selector, not its own id
      if (element.id && !document.getElementById(element.id)) {
        element.remove();
        left = true;
      }
    });
    return left;
  }
  function shownOnly(html) {
    if (typeof html !== "string" || html.indexOf("hx-swap-oob") < 0) return html;
    var template = document.createElement("template");
    template.innerHTML = html;
    return leaveOutWhatIsNotShown(template.content, true) ? template.innerHTML : html;
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    event.detail.serverResponse = shownOnly(event.detail.serverResponse);
  });

  /* A console button is answered with the console's new screen, swapped in by id (out of
     band). htmx looks for those ids only in the tree that still holds the button's form, so
     when the socket's screen update has already replaced the panel the form was in (an agenda
     item, a poll's or an exercise's buttons), that tree is a detached piece: every fragment
     missed its target (htmx:oobErrorNoTarget) and a refusal went unsaid. An answer whose form
     has left the page is swapped into the page itself. */
  var watched = new WeakSet();
  function swapIntoPage(event) {
    var asker = event.currentTarget;
    if (event.target !== asker || document.body.contains(asker)) return;
    if (!event.detail.shouldSwap || !event.detail.serverResponse) return;
    event.detail.shouldSwap = false;
    htmx.swap(body, shownOnly(event.detail.serverResponse), { swapStyle: "none" });
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var asker = event.detail.elt;
    if (!asker || watched.has(asker)) return;
    watched.add(asker);
    // On the element itself: an event on a detached element never reaches the document.
    asker.addEventListener("htmx:beforeSwap", swapIntoPage);
  });

  /* Scripts a phone needs only now and then, loaded when their element is on screen:
     the drawing for a business card, the ordering of a ranking, the marks on questions
     from the room. */
  function loadOnDemand() {
    ["data-drawing-script", "data-ranking-script", "data-questions-script"].forEach(function (attribute) {
      var needs = document.querySelector("[" + attribute + "]");
      if (!needs) return;
      var url = needs.getAttribute(attribute);
      if (document.querySelector('script[src="' + url + '"]')) return;
      var script = document.createElement("script");
      script.src = url;
      document.head.appendChild(script);
    });
  }
  document.addEventListener("htmx:load", loadOnDemand);
  loadOnDemand();

  /* Without a websocket (some venue networks block them) the screen polls instead. */
  var pollTimer = null;
  function poll() {
    var url = body.dataset.screenUrl;
    if (url && window.htmx) htmx.ajax("GET", url, { target: body, swap: "none" });
  }
  function startPolling() {
    if (pollTimer === null && body.dataset.screenUrl) pollTimer = setInterval(poll, 3000);
  }
  function stopPolling() {
    if (pollTimer !== null) { clearInterval(pollTimer); pollTimer = null; }
  }

  /* The live screen's websocket. Every message is elements swapped in by their ids (out
     of band): the screen, the phone's answer to its vote. After a server restart or a
     dropped network it connects again, soon but spread out: a random delay up to 0.5 s,
     then up to 1 s. A refused connection costs the server nothing, and a handshake once
     the server is back costs no query; bench/reconnect.py uses the same rule. A socket
     the server closed on purpose (this phone was removed) stays closed. */
  var RECONNECT_CODES = [1006, 1011, 1012, 1013];
  var retries = 0;
  function receive(event) {
    var template = document.createElement("template");
    template.innerHTML = event.data;
    var answered = [];
    leaveOutWhatIsNotShown(template.content, false);
    Array.prototype.forEach.call(template.content.children, function (element) {
      if (!element.hasAttribute("hx-swap-oob")) element.setAttribute("hx-swap-oob", "true");
      var answers = element.getAttribute("data-answers");
      if (answers) answered = answered.concat(answers.split(" "));
    });
    htmx.swap(body, template.innerHTML, { swapStyle: "none" });
    forgetAnswered(answered);
    body.dispatchEvent(new CustomEvent("plenum:socketMessage", { bubbles: true }));
  }
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var opening = new WebSocket(scheme + location.host + body.dataset.socketUrl);
    opening.onmessage = receive;
    opening.onopen = function () {
      socket = opening;
      retries = 0;
      body.dataset.live = "websocket";
      stopPolling();
      resend();
    };
    opening.onclose = function (event) {
      socket = null;
      body.dataset.live = "polling";
      startPolling();
      Array.from(awaitingSocketAnswer.keys()).forEach(postInstead);
      if (RECONNECT_CODES.indexOf(event.code) < 0) return;
      var delay = Math.random() * Math.min(500 * Math.pow(2, retries), 1000);
      retries += 1;
      setTimeout(connect, delay);
    };
  }
  if (body.dataset.socketUrl && window.WebSocket && window.htmx) connect();
  document.addEventListener("plenum:socketMessage", tick);
  if (body.dataset.clockUrl) {
    syncClock();
    setInterval(syncClock, 5 * 60 * 1000);
    setInterval(tick, 250);
    tick();
  }
})();
