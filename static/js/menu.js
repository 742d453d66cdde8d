/* The phone header: a compact bar whose menu (#site-menu) folds behind the "Menu" button. The
   button is hidden in the HTML and shown here, so without JavaScript the whole menu stays visible;
   the CSS folds the menu only under .js-menu and on narrow screens. */
(function () {
  "use strict";
  document.documentElement.classList.add("js-menu");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    // Sections folded on phones only: open on a wider screen; also in fragments htmx swaps in.
    function fold(root) {
      var wide = window.matchMedia("(min-width: 701px)").matches;
      var scope = root && root.querySelectorAll ? root : document;
      Array.prototype.forEach.call(scope.querySelectorAll("details.phone-fold"), function (el) { el.open = wide; });
    }
    fold(document);
    if (window.htmx) { htmx.onLoad(fold); }
    if (!button || !menu) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  });
})();
