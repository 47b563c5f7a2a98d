/* ketenwijzer: checklists and print buttons. Classic script, no storage of any kind:
   ticks live only in the page and are gone after a reload (shared computers). */
(function () {
  "use strict";

  function setupChecklist(form) {
    var boxes = form.querySelectorAll('input[type="checkbox"]');
    var count = form.querySelector("[data-checklist-count]");
    var advice = form.querySelectorAll("[data-checklist-advice]");
    var total = boxes.length;

    function update() {
      var ticked = 0;
      var direct = false;
      for (var i = 0; i < boxes.length; i++) {
        if (!boxes[i].checked) continue;
        ticked++;
        if (boxes[i].hasAttribute("data-direct")) direct = true;
      }
      if (count) {
        count.textContent = ticked + " van " + total + " signalen aangevinkt";
      }
      for (var j = 0; j < advice.length; j++) {
        // Direct advice depends only on the "meld direct" signals, never on the count.
        if (advice[j].hasAttribute("data-direct-advice")) {
          advice[j].hidden = !direct;
          continue;
        }
        var from = parseInt(advice[j].getAttribute("data-from"), 10) || 1;
        advice[j].hidden = ticked < from;
      }
    }

    // Browsers may restore ticks on reload or back; a reload must start clean.
    form.reset();
    for (var k = 0; k < boxes.length; k++) boxes[k].checked = false;
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("pageshow", function () {
      form.reset();
      update();
    });
    update();
  }

  function setupPrint(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-checklist]");
    for (var i = 0; i < forms.length; i++) setupChecklist(forms[i]);
    var buttons = document.querySelectorAll("[data-checklist-print], [data-print]");
    for (var j = 0; j < buttons.length; j++) setupPrint(buttons[j]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
