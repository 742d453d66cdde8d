/* An import's confirm (<form data-busy>): while the server writes, the person sees what is
   happening. The form's status region (role=status, templates/_partials/import_running.html) says
   "Writing 4350 values…" above an indeterminate progress bar, a line below counts the seconds
   waited, and the submit button is disabled so the import cannot be sent twice. The request is an
   ordinary POST: the page the server answers (the result, or the errors, nothing written) replaces
   this one, so the result shows with or without this script. */
(function () {
  "use strict";

  function start(form) {
    form.classList.add("is-busy");
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      // Disabled after this event: the browser has already taken the submitter for this request.
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
    var status = form.querySelector("[data-busy-status]");
    if (status) {
      var message = document.createElement("p");
      message.className = "import-progress-message";
      message.textContent = status.getAttribute("data-message");
      var bar = document.createElement("progress");  // no value: indeterminate
      bar.className = "import-progress-bar";
      bar.setAttribute("aria-label", message.textContent);
      status.replaceChildren(message, bar);
    }
    var waited = form.querySelector("[data-busy-waited]");
    if (waited) {
      var started = Date.now();
      var tick = function () {
        var seconds = Math.floor((Date.now() - started) / 1000);
        waited.textContent = waited.getAttribute("data-text").replace("{seconds}", String(seconds));
      };
      tick();
      waited.hidden = false;
      form.busyTimer = window.setInterval(tick, 1000);
    }
  }

  function reset(form) {
    form.classList.remove("is-busy");
    form.removeAttribute("aria-busy");
    window.clearInterval(form.busyTimer);
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
    var status = form.querySelector("[data-busy-status]");
    if (status) { status.replaceChildren(); }
    var waited = form.querySelector("[data-busy-waited]");
    if (waited) { waited.hidden = true; }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-busy]") || event.defaultPrevented) {
      return;
    }
    start(form);
  });

  // Back to this page from the browser's cache (the Back button after the result): usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-busy].is-busy").forEach(reset);
    }
  });
})();
