// The search asks again whenever a field changes. Leaving the search box for a filter is
// such a change, and answers can cross: an answer for the address already on the screen
// replaces the history entry instead of adding one, so that one step back is one search back.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var update = event.detail && event.detail.history;
    if (!update || update.type !== "push") { return; }
    if (new URL(update.path, window.location.href).href === window.location.href) {
      update.type = "replace";
    }
  });
})();
