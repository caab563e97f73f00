// "Copy citation": copies a reading's citation as the page shows it, i.e. in the reader's chosen style.
// A file rather than an inline script, so the page works under the site's Content Security Policy. The buttons
// are shown by this script, once they work (not by progress.js, which may run first).
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-citation]").forEach(function (button) {
    var label = button.textContent;
    button.addEventListener("click", function () {
      // Addresses are shown short on the page (literature/links.py); the copy has them in full, as printed.
      var citation = button.closest("li").querySelector(".citation").cloneNode(true);
      citation.querySelectorAll("a[data-printed]").forEach(function (link) {
        link.textContent = link.getAttribute("data-printed");
      });
      var text = citation.textContent.replace(/\s+/g, " ").trim();
      function say(message) {
        button.textContent = message;
        window.setTimeout(function () { button.textContent = label; }, 2500);
      }
      navigator.clipboard.writeText(text).then(
        function () { say(button.getAttribute("data-copied")); },
        function () { say(button.getAttribute("data-failed")); }
      );
    });
  });
  document.querySelectorAll("[data-copy-tool]").forEach(function (tool) { tool.hidden = false; });
})();
