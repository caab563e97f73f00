/* The syllabus editor's drag and drop (templates/admin/courses/course/syllabus/page.html).

   Readings move within and between units, and units reorder, with SortableJS. A drop fills one of the
   page's hidden forms (#drag-reading, #drag-unit) and submits it through htmx, exactly as the keyboard's
   "Up", "Down" and "Move to" buttons do; the server answers with the new outline, or with a refusal that
   puts the outline back as it is saved. Everything works without this file, through the buttons. */
(function () {
  "use strict";

  function submit(formId, values) {
    var form = document.getElementById(formId);
    Object.keys(values).forEach(function (name) {
      // Not form.elements[name]: for "item" that is the collection's item() method, not the input.
      form.querySelector('input[name="' + name + '"]').value = values[name];
    });
    form.requestSubmit();
  }

  function positionIn(list, element) {
    var items = Array.prototype.filter.call(list.children, function (child) {
      return child.matches("[data-item], [data-unit]");
    });
    return items.indexOf(element) + 1;
  }

  function setUp(root) {
    root.querySelectorAll("ol.readings").forEach(function (list) {
      if (list.sortable) return;
      list.sortable = Sortable.create(list, {
        group: "readings",
        handle: ".reading-handle",
        draggable: "li.reading",
        animation: 150,
        forceFallback: true, // pointer events, the same with a mouse, a pen or a finger
        onEnd: function (event) {
          if (event.from === event.to && event.oldIndex === event.newIndex) return;
          var item = event.item;
          submit("drag-reading", {
            item: item.dataset.item,
            updated: item.dataset.updated,
            unit: event.to.dataset.unit,
            position: positionIn(event.to, item)
          });
        }
      });
    });
    var units = root.querySelector("#unit-list");
    if (units && !units.sortable) {
      units.sortable = Sortable.create(units, {
        handle: ".unit-handle",
        draggable: "li.unit",
        animation: 150,
        forceFallback: true, // pointer events, the same with a mouse, a pen or a finger
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) return;
          var unit = event.item;
          submit("drag-unit", {
            unit: unit.dataset.unit,
            updated: unit.dataset.updated,
            position: positionIn(units, unit)
          });
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
    // After every answer the outline is new HTML: give its lists their drag and drop again.
    document.body.addEventListener("htmx:afterSettle", function () {
      setUp(document);
    });
  });
})();
