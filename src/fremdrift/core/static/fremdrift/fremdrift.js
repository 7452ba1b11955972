// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";

  // Wide tables scroll inside their own container instead of the page (WCAG 1.4.10 reflow).
  // The container can take focus so keyboard users can scroll it too.
  function wrapTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-scroll") || table.closest("svg")) { return; }
      var wrapper = document.createElement("div");
      wrapper.className = "table-scroll";
      parent.insertBefore(wrapper, table);
      wrapper.appendChild(table);
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) { makeFocusable(wrapper, table); }
    });
  }

  function makeFocusable(wrapper, table) {
    var caption = table.querySelector("caption");
    var heading = table.getAttribute("aria-label") || (caption && caption.textContent.trim());
    wrapper.setAttribute("tabindex", "0");
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("aria-label", heading || (document.documentElement.lang === "en" ? "Table" : "Tabel"));
  }

  function refocusable() {
    document.querySelectorAll(".table-scroll").forEach(function (wrapper) {
      var table = wrapper.querySelector("table");
      if (table && wrapper.scrollWidth > wrapper.clientWidth + 1 && !wrapper.hasAttribute("tabindex")) {
        makeFocusable(wrapper, table);
      }
    });
  }

  // Design-system tabs, progressively: without this script every panel shows, one under the
  // other, and the tab buttons stay hidden (CSS). With it, only the selected panel shows.
  function prepareTabs() {
    document.querySelectorAll(".tab-container").forEach(function (box) {
      box.querySelectorAll(".tab-button").forEach(function (tab) {
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        if (panel && tab.getAttribute("aria-selected") !== "true") { panel.hidden = true; }
      });
      box.classList.add("js-tabs");
    });
  }

  // A link to a panel (or to something inside one) opens its tab.
  function showTargetTab() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    var panel = target && target.closest(".tab-panel");
    var tab = panel && document.querySelector(".tab-button[aria-controls='" + panel.id + "']");
    if (tab && panel.hidden) { tab.click(); target.scrollIntoView(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    wrapTables(document);
    prepareTabs();
    if (window.DKFDS) { window.DKFDS.init(); }
    showTargetTab();
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
    document.body.addEventListener("htmx:configRequest", function (event) {
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
    });
    document.body.addEventListener("htmx:afterSettle", function () { wrapTables(document); });
    window.addEventListener("resize", refocusable);
  });
})();
