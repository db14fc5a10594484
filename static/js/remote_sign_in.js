/* The remote's sign-in page sends its one form by itself: a person who scanned the code
   lands on the remote, while a link previewer, which runs no script, signs nobody in. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-submit-on-load]");
  if (form) form.requestSubmit();
})();
