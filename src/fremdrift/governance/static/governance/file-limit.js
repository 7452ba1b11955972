// A file over the upload limit is stopped before it is sent: the server would refuse it while
// it streams in (413), and the page with what was typed would be gone. The field says what is
// wrong, as the server's own field errors do (_form_field_errors.html), and the form is not
// sent until a smaller file is chosen. The limit and the text come from the page
// (data-max-bytes, data-too-large); without this script the server's 413 page still answers.
(function () {
  "use strict";

  var MB = 1024 * 1024;

  // ``25`` or ``0,3`` in the page's language, as the server writes megabytes
  // (core.uploads.megabytes); more places where the rounded size would not exceed the limit.
  function megabytes(size, limit) {
    var value = size / MB;
    var places = value >= 10 || Number.isInteger(value) ? 0 : 1;
    var rounded = function (p) { return Math.round(value * Math.pow(10, p)) / Math.pow(10, p); };
    while (places < 3 && rounded(places) <= limit / MB) { places += 1; }
    var lang = document.documentElement.lang || "da";
    return new Intl.NumberFormat(lang, {
      minimumFractionDigits: places, maximumFractionDigits: places, useGrouping: false
    }).format(rounded(places));
  }

  function errorId(input) { return input.id + "_error"; }

  function describedBy(input) {
    return (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  }

  function clearError(input) {
    var field = input.closest(".field");
    var error = document.getElementById(errorId(input));
    if (error) { error.remove(); }
    if (field) { field.classList.remove("has-error"); }
    input.removeAttribute("aria-invalid");
    var ids = describedBy(input).filter(function (id) { return id !== errorId(input); });
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  function showError(input, text) {
    clearError(input);
    var field = input.closest(".field") || input.parentNode;
    var error = document.createElement("p");
    error.className = "error";
    error.id = errorId(input);
    error.setAttribute("role", "alert");
    error.textContent = text;
    field.classList.add("has-error");
    field.appendChild(error);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", describedBy(input).concat([error.id]).join(" "));
  }

  // The first chosen file over the limit, or null.
  function tooLarge(input) {
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    if (!limit || !input.files) { return null; }
    return Array.prototype.find.call(input.files, function (file) { return file.size > limit; }) || null;
  }

  // True if the file is over the limit (and the field now says so).
  function check(input) {
    var file = tooLarge(input);
    if (!file) { return false; }
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var text = input.getAttribute("data-too-large") || "";
    showError(input, text.replace("%(size)s", megabytes(file.size, limit)));
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      // A new choice answers the field's earlier error, the server's included.
      input.addEventListener("change", function () {
        if (!check(input)) { clearError(input); }
      });
      if (!input.form) { return; }
      // Capturing, so that it runs before the form's other listeners (the draft keeper would
      // take a stopped form for a sent one).
      input.form.addEventListener("submit", function (event) {
        if (!check(input)) { return; }
        event.preventDefault();
        event.stopImmediatePropagation();
        input.focus();
      }, true);
    });
  });
})();
