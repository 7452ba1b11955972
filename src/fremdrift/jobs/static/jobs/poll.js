// Pages that follow background work (an indicator run, a background task) ask the server
// for its state: once a second at first, then less and less often while nothing changes (at
// most every 5 s), not at all while the tab is hidden (at once when it shows again), and no
// more when the work has ended (the server then sends a fragment without data-poll, or has
// the page reloaded).
//
// A polled element: id, data-poll, data-poll-state (what counts as a change: state, step,
// percent; not the elapsed time), hx-get, hx-trigger="fremdrift-poll", hx-swap="outerHTML".
(function () {
  "use strict";
  var FIRST = 1000;
  var MOST = 5000;
  var polls = {}; // by element id: {element, state, delay, timer, waiting (since when)}

  function hidden() { return document.visibilityState === "hidden"; }

  function element(id) {
    var found = document.getElementById(id);
    return found && found.hasAttribute("data-poll") ? found : null;
  }

  function ask(id) {
    var poll = polls[id];
    var found = element(id);
    if (!poll) { return; }
    clearTimeout(poll.timer);
    poll.timer = null;
    if (!found) { delete polls[id]; return; }
    if (hidden() || (poll.waiting && Date.now() - poll.waiting < 30000)) { return; }
    poll.waiting = Date.now(); // until the answer comes (an answer lost: ask again later)
    window.htmx.trigger(found, "fremdrift-poll");
  }

  function later(id) {
    var poll = polls[id];
    clearTimeout(poll.timer);
    poll.timer = hidden() ? null : setTimeout(function () { ask(id); }, poll.delay);
  }

  // A polled element came (with the page, or as the answer to a poll).
  function arrived(found) {
    var id = found.id;
    var state = found.getAttribute("data-poll-state") || "";
    var poll = polls[id];
    if (poll && poll.element === found) { return; } // seen already
    if (!poll) {
      poll = polls[id] = { element: found, state: state, delay: FIRST, timer: null, waiting: false };
    } else {
      poll.element = found;
      poll.delay = poll.state === state ? Math.min(poll.delay * 2, MOST) : FIRST;
      poll.state = state;
      poll.waiting = false;
    }
    later(id);
  }

  // The answer did not come (server or network down): ask again, less often.
  function missed(event) {
    var poll = event.target && polls[event.target.id];
    if (!poll || !event.target.hasAttribute("data-poll")) { return; }
    poll.waiting = false;
    poll.delay = MOST;
    later(event.target.id);
  }

  function scan(root) {
    var found = [];
    if (root.matches && root.matches("[data-poll][id]")) { found.push(root); }
    if (root.querySelectorAll) {
      Array.prototype.push.apply(found, root.querySelectorAll("[data-poll][id]"));
    }
    found.forEach(arrived);
    // an answer without the polled element: the work has ended
    Object.keys(polls).forEach(function (id) { if (!element(id)) { ask(id); } });
  }

  function start() {
    if (!window.htmx) { return; }
    scan(document.body);
    document.body.addEventListener("htmx:responseError", missed);
    document.body.addEventListener("htmx:sendError", missed);
    document.body.addEventListener("htmx:timeout", missed);
    document.addEventListener("visibilitychange", function () {
      Object.keys(polls).forEach(function (id) {
        if (hidden()) {
          clearTimeout(polls[id].timer);
          polls[id].timer = null;
        } else {
          ask(id);
        }
      });
    });
  }

  if (window.htmx) { window.htmx.onLoad(scan); } // also for the page itself, at its start
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
