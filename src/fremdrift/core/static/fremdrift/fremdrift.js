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

  // Nothing typed is lost: what is typed into a form that posts is kept in this tab
  // (sessionStorage, per user) until the server has accepted the form, which it shows by
  // redirecting after the post. A form sent when the session had ended (login in between),
  // refused (CSRF) or left unsent is filled in again the next time it is opened, with a notice
  // and a button to discard it. Logging out forgets every kept text.
  var DRAFT = "fremdrift-draft:";
  var SENT = "fremdrift-draft-sent";
  var INTERRUPTED = "fremdrift-draft-interrupted";

  var TEXT_TYPES = ["text", "email", "url", "number", "date", "datetime-local", "time"];

  // What a form keeps: text, the chosen options of lists and the ticked boxes and radios.
  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name !== "csrfmiddlewaretoken" && !field.disabled &&
        (field.tagName === "TEXTAREA" || field.tagName === "SELECT" || (field.tagName === "INPUT" &&
          (TEXT_TYPES.indexOf(field.type) >= 0 || field.type === "checkbox" || field.type === "radio")));
    });
  }

  // The fields by name: boxes and radios of one name form a group with one value.
  function draftGroups(fields) {
    var groups = {};
    fields.forEach(function (field) { (groups[field.name] = groups[field.name] || []).push(field); });
    return groups;
  }

  function isChoice(field) { return field.type === "checkbox" || field.type === "radio"; }

  // A group's value now, or as the page came (``initial``): text as a string, a list's or
  // boxes' choices as a list of values.
  function groupValue(group, initial) {
    var first = group[0];
    if (isChoice(first)) {
      return group.filter(function (box) { return initial ? box.defaultChecked : box.checked; })
        .map(function (box) { return box.value; });
    }
    if (first.tagName === "SELECT") {
      var options = Array.prototype.slice.call(first.options);
      var chosen = options.filter(function (o) { return initial ? o.defaultSelected : o.selected; });
      if (!first.multiple && !chosen.length && options.length) { chosen = [options[0]]; }
      var values = chosen.map(function (o) { return o.value; });
      return first.multiple ? values : (values[0] || "");
    }
    return initial ? first.defaultValue : first.value;
  }

  function setGroup(group, value) {
    var first = group[0];
    var values = Array.isArray(value) ? value : [value];
    if (isChoice(first)) {
      group.forEach(function (box) { box.checked = values.indexOf(box.value) >= 0; });
    } else if (first.tagName === "SELECT") {
      Array.prototype.forEach.call(first.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
    } else {
      first.value = values.join("");
    }
  }

  function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function keepDrafts() {
    var store;
    try { store = window.sessionStorage; } catch (error) { return; }
    if (!store) { return; }
    var user = document.body.getAttribute("data-user");
    var sent = store.getItem(SENT);
    if (!user) {
      // the login page: a form sent just before is not accepted, keep its text
      if (sent) { store.setItem(INTERRUPTED, sent); store.removeItem(SENT); }
      return;
    }
    var prefix = DRAFT + user + ":";
    var navigation = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    if (sent) {
      store.removeItem(SENT);
      if (navigation && navigation.redirectCount > 0 && store.getItem(INTERRUPTED) !== sent) {
        store.removeItem(sent); // redirected after the post: accepted
      }
    }
    store.removeItem(INTERRUPTED);
    document.querySelectorAll(".logout-form").forEach(function (form) {
      form.addEventListener("submit", function () {
        Object.keys(store).forEach(function (key) {
          if (key.indexOf(DRAFT) === 0) { store.removeItem(key); }
        });
      });
    });
    document.querySelectorAll("main form").forEach(function (form, index) {
      if ((form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
      var fields = draftFields(form);
      if (!fields.length) { return; }
      var groups = draftGroups(fields);
      var key = prefix + window.location.pathname + "#" + index;
      restoreDraft(form, groups, key, store);
      var save = function () {
        var values = {};
        Object.keys(groups).forEach(function (name) {
          var value = groupValue(groups[name], false);
          if (!sameValue(value, groupValue(groups[name], true))) { values[name] = value; }
        });
        try {
          if (Object.keys(values).length) { store.setItem(key, JSON.stringify(values)); }
          else { store.removeItem(key); }
        } catch (error) { /* storage full or refused: the form works as without this */ }
      };
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      form.addEventListener("submit", function () {
        save();
        try { store.setItem(SENT, key); } catch (error) { /* as above */ }
      });
    });
  }

  function restoreDraft(form, groups, key, store) {
    var values;
    try { values = JSON.parse(store.getItem(key) || "null"); } catch (error) { values = null; }
    if (!values) { return; }
    // Only what still shows as the page came: the server's own re-render of a sent form wins.
    var restored = Object.keys(groups).filter(function (name) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) { return false; }
      var now = groupValue(groups[name], false);
      return sameValue(now, groupValue(groups[name], true)) && !sameValue(now, values[name]);
    });
    if (!restored.length) { return; }
    restored.forEach(function (name) { setGroup(groups[name], values[name]); });
    var notice = document.createElement("div");
    notice.className = "alert alert-info draft-notice";
    notice.setAttribute("role", "status");
    var body = document.createElement("div");
    body.className = "alert-body";
    var text = document.createElement("p");
    text.className = "alert-text";
    text.textContent = document.body.getAttribute("data-draft-restored");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button-secondary";
    discard.textContent = document.body.getAttribute("data-draft-discard");
    discard.addEventListener("click", function () {
      restored.forEach(function (name) { setGroup(groups[name], groupValue(groups[name], true)); });
      store.removeItem(key);
      notice.remove();
    });
    body.appendChild(text);
    body.appendChild(discard);
    var icon = document.getElementById("draft-notice-icon"); // the design system's info icon
    if (icon && icon.content && icon.content.firstElementChild) {
      notice.appendChild(icon.content.firstElementChild.cloneNode(true));
    }
    notice.appendChild(body);
    form.parentNode.insertBefore(notice, form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepDrafts();
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
