/* The annual summary's "Print" button: opens the browser's print dialog (A4 print stylesheet). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
