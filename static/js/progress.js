// Reading progress kept in this browser only (localStorage): nothing about students reaches the server.
(function () {
  "use strict";
  var root = document.querySelector("[data-progress-course]");
  if (!root) return;
  var key = "lbc-progress:" + root.getAttribute("data-progress-course");

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save(done) {
    try { window.localStorage.setItem(key, JSON.stringify(done)); } catch (e) { /* private mode: ticks last until reload */ }
  }
  function update(scope, bar) {
    var boxes = scope.querySelectorAll("input[data-reading]");
    var ticked = scope.querySelectorAll("input[data-reading]:checked").length;
    bar.max = boxes.length || 1;
    bar.value = ticked;
    var label = bar.parentNode.querySelector("[data-progress-text]");
    if (label) label.textContent = ticked + " / " + boxes.length;
  }
  // A done reading looks done (the class), and the unit's heading says how many of its readings are read.
  function mark(box) {
    box.closest("li").classList.toggle("is-done", box.checked);
  }
  function headline(section) {
    var badge = section.querySelector("[data-unit-done]");
    if (!badge) return;
    var total = section.querySelectorAll("input[data-reading]").length;
    var read = section.querySelectorAll("input[data-reading]:checked").length;
    badge.textContent = " · " + badge.getAttribute("data-template").replace("{read}", read).replace("{total}", total);
    badge.classList.toggle("complete", total > 0 && read === total);
    badge.hidden = total === 0;
  }
  function refresh() {
    root.querySelectorAll("[data-unit-progress]").forEach(function (bar) {
      update(bar.closest("section"), bar);
    });
    root.querySelectorAll("section.unit").forEach(headline);
    var total = root.querySelector("[data-course-progress]");
    if (total) update(root, total);
  }

  var done = load();
  root.querySelectorAll("input[data-reading]").forEach(function (box) {
    box.checked = Boolean(done[box.getAttribute("data-reading")]);
    mark(box);
    box.addEventListener("change", function () {
      var id = box.getAttribute("data-reading");
      if (box.checked) { done[id] = true; } else { delete done[id]; }
      mark(box);
      save(done);
      refresh();
    });
  });
  root.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  root.querySelectorAll("[data-needs-js]").forEach(function (element) { element.hidden = false; });
  refresh();
})();
