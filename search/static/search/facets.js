// The search page's facets: a sidebar on wide screens (always open), a panel that
// opens on demand on phones (folded when the page loads or the window narrows).
// Without JavaScript the panel stays open, as the page serves it.
(function () {
  "use strict";

  var panel = document.querySelector("[data-search-facets]");
  if (!panel || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 56em)");
  function fit() {
    panel.open = wide.matches;
  }
  fit();
  wide.addEventListener("change", fit);
})();
