// Trace search: picking a service reloads the form so the operation list is that service's; a click anywhere on a
// result row opens its trace. The page works without this script (submit the form, click the trace ID).
"use strict";
Sightline.feature(function (doc) {
  const form = doc.querySelector("form.trace-search");
  if (form) {
    const service = form.querySelector("select.service-picker");
    if (service) {
      service.addEventListener("change", function () {
        const operation = form.elements.namedItem("operation");
        if (operation) {
          operation.value = "";
        }
        form.requestSubmit();
      });
    }
  }
  for (const table of doc.querySelectorAll("table.hits")) {
    table.addEventListener("click", function (e) {
      if (e.target.closest("a")) {
        return;
      }
      const row = e.target.closest("tr.hit");
      const link = row && row.querySelector("a.trace-link");
      if (link) {
        link.click();
      }
    });
  }
});
