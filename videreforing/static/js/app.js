/* Small behaviours on top of server-rendered pages; every page works without them. */
(function () {
  "use strict";

  // After a failed submit the error summary takes focus, so a screen reader reads it
  // and a keyboard user starts from the list of what to correct.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".ds-error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // A link in the summary moves focus to the field itself, not only scrolls to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".ds-error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
  });
})();
