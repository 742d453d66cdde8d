/* A long form submission (an import's confirm): while the server works, the button is disabled and
   says so, and the form's notice ([data-busy-notice]) is shown. The request is an ordinary POST, so
   the page that answers (the result or the errors) replaces this one as usual. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-busy]") || event.defaultPrevented) {
    return;
  }
  form.classList.add("is-busy");
  form.setAttribute("aria-busy", "true");
  form.querySelectorAll("button[type=submit]").forEach(function (button) {
    // Disabled after this event: the browser has already taken the submitter for this request.
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
});
