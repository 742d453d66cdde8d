/* Form helpers for every page (no inline script: the CSP forbids it).
   A <select data-narrowed-by="ID"> whose options are grouped (<optgroup>) by the choice of the
   select #ID shows only the group chosen there — the OCOP subgroup list follows the product group.
   Without JavaScript the whole list shows and the server refuses a subgroup of another group. */
(function () {
  "use strict";

  function narrow(select) {
    var by = document.getElementById(select.dataset.narrowedBy);
    if (!by) { return; }
    var chosen = by.value ? by.options[by.selectedIndex].text : "";
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var off = chosen !== "" && group.label !== chosen;
      group.hidden = off;
      group.disabled = off;
    });
    var picked = select.options[select.selectedIndex];
    if (picked && picked.parentElement.disabled) { select.value = ""; }
  }

  function setUp(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("select[data-narrowed-by]"), function (select) {
      if (select.dataset.narrowReady) { return; }
      select.dataset.narrowReady = "true";
      var by = document.getElementById(select.dataset.narrowedBy);
      if (by) { by.addEventListener("change", function () { narrow(select); }); }
      narrow(select);
    });
  }

  if (window.htmx) {
    htmx.onLoad(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();

/* A checkbox <input data-select-all="NAME"> in a table header ticks or clears every checkbox named
   NAME of its form: the review queue's "select the whole page". */
document.addEventListener("change", function (event) {
  "use strict";
  var all = event.target.closest && event.target.closest("input[data-select-all]");
  if (!all || !all.form) { return; }
  Array.prototype.forEach.call(all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]'),
    function (box) { box.checked = all.checked; });
});

/* A table box that scrolls (sideways on a phone, or the table component's own scroll box) takes
   the keyboard focus, so it can be scrolled without a mouse (axe: scrollable-region-focusable). */
(function () {
  "use strict";
  function focusable(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll(".table-wrap, .table-scroll"), function (box) {
      if (!box.hasAttribute("tabindex") &&
          (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight)) {
        box.setAttribute("tabindex", "0");
      }
    });
  }
  if (window.htmx) {
    htmx.onLoad(focusable);
  } else {
    document.addEventListener("DOMContentLoaded", function () { focusable(document); });
  }
  window.addEventListener("resize", function () { focusable(document); });
})();
