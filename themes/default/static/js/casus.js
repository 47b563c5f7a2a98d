/* ketenwijzer: training cases (casussen). Classic script, no storage of any kind: answers and
   score live only in the page and are gone after a reload (shared computers). Without this
   script every question keeps its "Toon de uitleg" disclosure with all feedback. */
(function () {
  "use strict";

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  function setupCase(section) {
    var forms = section.querySelectorAll("[data-casus-question]");
    var total = forms.length;
    var scoreArea = section.querySelector("[data-casus-score-area]");
    var score = section.querySelector("[data-casus-score]");
    var announce = section.querySelector("[data-casus-announce]");
    var reset = section.querySelector("[data-casus-reset]");
    var results = [];
    var questions = [];

    function scoreText() {
      var good = 0;
      for (var i = 0; i < results.length; i++) if (results[i] === true) good++;
      return good + " van " + total + " goed";
    }

    function updateScore() {
      if (score) score.textContent = scoreText();
    }

    each(forms, function (form, n) {
      var kind = form.getAttribute("data-kind");
      var details = form.querySelector("[data-casus-explain]");
      var check = form.querySelector("[data-casus-check]");
      var result = form.querySelector("[data-casus-result]");
      var closing = form.querySelector("[data-casus-closing]");
      var feedback = {};
      results.push(null);
      // Each option's feedback moves next to its option, hidden until "Controleer".
      each(form.querySelectorAll("[data-casus-feedback]"), function (fb) {
        var key = fb.getAttribute("data-option");
        var option = form.querySelector('[data-casus-option="' + key + '"]');
        var shown = fb.querySelector(".casus-feedback-option");
        if (shown) shown.hidden = true;
        var verdict = document.createElement("p");
        verdict.className = "casus-verdict";
        fb.insertBefore(verdict, fb.firstChild);
        fb.hidden = true;
        if (option) option.appendChild(fb);
        feedback[key] = { box: fb, verdict: verdict };
      });
      if (closing) {
        closing.hidden = true;
        form.insertBefore(closing, result.nextSibling);
      }
      if (details) details.parentNode.removeChild(details);
      if (check) check.hidden = false;

      function fields() {
        return form.querySelectorAll(kind === "volgorde" ? "select" : "input");
      }

      function clear() {
        each(fields(), function (f) {
          f.removeAttribute("aria-describedby");
          f.removeAttribute("aria-invalid");
        });
        for (var key in feedback) {
          feedback[key].box.hidden = true;
          feedback[key].verdict.textContent = "";
          feedback[key].box.classList.remove("casus-chosen-right", "casus-chosen-wrong");
        }
        if (closing) closing.hidden = true;
        result.textContent = "";
        result.className = "casus-result";
      }

      function show(field, key, right, text) {
        var fb = feedback[key];
        if (!fb) return;
        fb.box.hidden = false;
        fb.verdict.textContent = text;
        fb.box.classList.add(right ? "casus-chosen-right" : "casus-chosen-wrong");
        field.setAttribute("aria-describedby", fb.box.id);
      }

      function evaluate() {
        var all = fields();
        var right = true;
        var answered = 0;
        each(all, function (f) {
          if (kind === "volgorde" ? f.value !== "" : f.checked) answered++;
        });
        if (kind === "volgorde" ? answered < all.length : answered === 0) {
          clear();
          result.textContent = kind === "volgorde"
            ? "Kies bij elke stap een plek, en controleer dan."
            : "Kies eerst een antwoord, en controleer dan.";
          return;
        }
        clear();
        each(all, function (f) {
          var key = kind === "volgorde"
            ? f.getAttribute("data-position")
            : f.value;
          if (kind === "volgorde") {
            var good = f.value === f.getAttribute("data-position");
            if (!good) right = false;
            show(f, key, good, good
              ? "Goed: dit is stap " + key + "."
              : "Niet goed: dit is stap " + key + ", niet stap " + f.value + ".");
            return;
          }
          var correct = f.hasAttribute("data-correct");
          if (f.checked !== correct) right = false;
          if (f.checked) {
            show(f, key, correct, correct ? "Goed gekozen." : "Niet goed gekozen.");
          }
        });
        results[n] = right;
        updateScore();
        if (closing) closing.hidden = false;
        result.className = "casus-result " + (right ? "casus-result-right" : "casus-result-wrong");
        var verdict;
        if (right) {
          verdict = "Goed!";
        } else if (kind === "meer") {
          verdict = "Niet helemaal goed: er klopt meer, of minder. Lees de uitleg bij je keuzes.";
        } else if (kind === "volgorde") {
          verdict = "Niet helemaal goed. Lees de uitleg bij de stappen.";
        } else {
          verdict = "Niet goed. Lees de uitleg bij je keuze.";
        }
        result.textContent = verdict + " Je score: " + scoreText() + ".";
      }

      form.addEventListener("submit", function (e) {
        e.preventDefault();
        evaluate();
      });
      if (check) check.addEventListener("click", evaluate);
      questions.push({ form: form, clear: clear });
    });

    function resetAll() {
      each(questions, function (q) {
        q.form.reset();
        q.clear();
      });
      for (var i = 0; i < results.length; i++) results[i] = null;
      updateScore();
    }

    if (scoreArea) scoreArea.hidden = false;
    if (reset) {
      reset.addEventListener("click", function () {
        resetAll();
        if (announce) announce.textContent = "Alle antwoorden zijn gewist. Je begint opnieuw.";
        var first = section.querySelector("[data-casus-question] input, [data-casus-question] select");
        if (first) first.focus();
      });
    }
    // Browsers may restore answers on reload or back; a reload must start clean.
    resetAll();
    window.addEventListener("pageshow", resetAll);
  }

  function init() {
    each(document.querySelectorAll("[data-casus]"), setupCase);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
