/* Referral flowcharts: when an answer link jumps to another step (#...-stap-N), move keyboard
   focus to that step, so screen readers read it and Tab continues from there. Everything also
   works without this script: CSS :target shows the step. Classic script, no modules. */
(function () {
  "use strict";

  function focusTarget() {
    var id = window.location.hash.slice(1);
    if (!id) {
      return;
    }
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      return;
    }
    var el = document.getElementById(id);
    if (!el) {
      return;
    }
    var list = el.hasAttribute("data-flowchart-steps") ? el : el.parentElement;
    if (!list || !list.hasAttribute("data-flowchart-steps")) {
      return;
    }
    if (!el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus();
  }

  window.addEventListener("hashchange", focusTarget);
})();
