// Live mode of the logs explorer (templates/logs/logs.html, when the URL says live=1). Every 2 s it asks
// /logs/rows for the records newer than the newest shown, less an overlap: records reach the store a few seconds
// after their own time and not in order, so the last 30 s are asked for again and rows already shown (data-key)
// are skipped. New rows go in time order; at most 1,000 stay in the table. Pause stops the polling.
//
// The rows are HTML rendered by the server from the page's own template fragment, so every value in them is
// already escaped. They are parsed into a detached document (where nothing runs or loads) and moved into the
// table; this script never builds markup from data, and sets only its own status text (textContent).
"use strict";
Sightline.feature(function (doc) {
  const table = doc.querySelector("table.logs[data-live-url]");
  if (!table) {
    return;
  }
  const PERIOD_MS = 2000;
  const MAX_ROWS = 1000;
  const OVERLAP_NANOS = 30n * 1000000000n;
  const url = table.dataset.liveUrl;
  const from = BigInt(table.dataset.from);
  const tbody = table.tBodies[0];
  const bar = doc.querySelector(".live-bar");
  const status = bar.querySelector(".live-status");
  const pause = bar.querySelector(".live-pause");
  const seen = new Set();
  let newest = from;
  let paused = false;
  let timer = null;
  let inFlight = false;

  for (const tr of tbody.querySelectorAll("tr[data-key]")) {
    seen.add(tr.dataset.key);
    const n = BigInt(tr.dataset.nanos);
    if (n > newest) {
      newest = n;
    }
  }

  function say(text) {
    status.textContent = text;
  }

  function clock() {
    return new Date().toISOString().substring(11, 19) + "Z";
  }

  function insert(html) {
    const parsed = new DOMParser().parseFromString("<table><tbody>" + html + "</tbody></table>", "text/html");
    let added = 0;
    for (const tr of parsed.querySelectorAll("tbody > tr[data-key]")) {
      const key = tr.dataset.key;
      if (seen.has(key)) {
        continue;
      }
      const nanos = BigInt(tr.dataset.nanos);
      const row = doc.adoptNode(tr);
      row.classList.add("fresh");
      let before = null;
      for (const existing of tbody.rows) {
        if (existing.dataset.nanos && BigInt(existing.dataset.nanos) < nanos) {
          before = existing;
          break;
        }
      }
      const empty = tbody.querySelector("tr.empty-row");
      if (empty) {
        empty.remove();
      }
      tbody.insertBefore(row, before);
      seen.add(key);
      if (nanos > newest) {
        newest = nanos;
      }
      added++;
    }
    while (tbody.rows.length > MAX_ROWS) {
      const last = tbody.rows[tbody.rows.length - 1];
      seen.delete(last.dataset.key);
      last.remove();
    }
    return added;
  }

  async function poll() {
    timer = null;
    if (paused || inFlight) {
      return;
    }
    inFlight = true;
    if (!doc.hidden) {
      let after = newest - OVERLAP_NANOS;
      if (after < from) {
        after = from;
      }
      try {
        const r = await fetch(url + (url.includes("?") ? "&" : "?") + "after=" + after,
          { headers: { Accept: "text/html" }, cache: "no-store", credentials: "same-origin" });
        if (!r.ok) {
          throw new Error("HTTP " + r.status);
        }
        const added = insert(await r.text());
        if (!paused) {
          say("Live · " + (added > 0 ? added + " new · " : "") + "checked at " + clock());
        }
      } catch (e) {
        say("Live · could not update (" + e.message + "), trying again");
      }
    }
    inFlight = false;
    if (!paused && timer === null) {
      timer = setTimeout(poll, PERIOD_MS);
    }
  }

  pause.addEventListener("click", function () {
    paused = !paused;
    pause.textContent = paused ? "Resume" : "Pause";
    if (paused) {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      say("Paused at " + clock());
    } else {
      poll();
    }
  });

  bar.hidden = false;
  table.dataset.liveState = "on";
  say("Live · waiting for new records");
  timer = setTimeout(poll, PERIOD_MS);
});
