// The main menu behind a "Menu" button on narrow screens. Without JavaScript the menu is
// simply shown; the button only appears when this script runs.
(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("hoofdmenu");
  if (!button || !menu) return;
  var narrow = window.matchMedia("(max-width: 40rem)");
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.hidden = !open;
  }
  function fit() {
    button.hidden = !narrow.matches;
    set(!narrow.matches);
  }
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  narrow.addEventListener("change", fit);
  fit();
})();
