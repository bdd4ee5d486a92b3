// Sightline's one script, loaded from the app itself (the CSP allows no inline script). Pages work without it;
// it adds what HTML cannot do alone. Each feature starts only where its page asks for it (data-* attributes).
// Everything from telemetry is written with textContent, never as HTML.
"use strict";
(function () {
  const features = [];
  window.Sightline = { feature: function (f) { features.push(f); } };
  document.addEventListener("DOMContentLoaded", function () {
    for (const f of features) {
      try { f(document); } catch (e) { console.error("sightline:", e); }
    }
  });
})();
