/* The dashboard keeps the view of the figures the user opened (a tab): in the filter form,
   so that "Vis" shows the same view with the new choices, and in the address, so that a
   reload or a shared link opens it too. Without this script the page opens its first view. */
(function () {
  "use strict";

  function remember(tab) {
    var name = tab.getAttribute("aria-controls");
    var field = document.querySelector("form.filters input[name=tab]");
    if (field) { field.value = name; }
    if (window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("tab", name);
      window.history.replaceState(window.history.state, "", url.toString());
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".tab-container .tab-button").forEach(function (tab) {
      // the design system announces a chosen tab (click or arrow keys) on the tab itself
      tab.addEventListener("fds.tab.selected", function () { remember(tab); });
    });
  });
})();
