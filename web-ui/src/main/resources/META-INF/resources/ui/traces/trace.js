// The trace page's span details: the first time a span is chosen (a click on its row, or a #span-<id> link such as
// a log's), the trace is fetched once from the query API, and the panel beside the waterfall is filled from it.
// Everything from telemetry is written with textContent, never as HTML. Without this script the rows are still
// there, and the raw JSON link has every detail.
"use strict";
Sightline.feature(function (doc) {
  const list = doc.querySelector("ol.waterfall[data-trace]");
  const panel = doc.getElementById("span-detail");
  if (!list || !panel) {
    return;
  }
  const traceId = list.dataset.trace;
  let spans = null;
  let selected = null;

  function load() {
    if (!spans) {
      spans = fetch("/api/traces/" + encodeURIComponent(traceId), { headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) {
            throw new Error("the trace could not be read (HTTP " + r.status + ")");
          }
          return r.json();
        })
        .then(function (body) {
          const byId = new Map();
          for (const s of body.spans) {
            byId.set(s.spanId, s);
          }
          return byId;
        });
      spans.catch(function () { spans = null; });
    }
    return spans;
  }

  function el(tag, cls, text) {
    const e = doc.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  // An OTLP JSON AnyValue as text, as the server writes values.
  function valueText(v) {
    if (!v) {
      return "";
    }
    if ("stringValue" in v) return v.stringValue;
    if ("boolValue" in v) return String(v.boolValue);
    if ("intValue" in v) return String(v.intValue);
    if ("doubleValue" in v) return String(v.doubleValue);
    if ("bytesValue" in v) return "base64:" + v.bytesValue;
    if ("arrayValue" in v) {
      return "[" + (v.arrayValue.values || []).map(function (x) {
        return "stringValue" in x ? JSON.stringify(x.stringValue) : valueText(x);
      }).join(", ") + "]";
    }
    if ("kvlistValue" in v) {
      return "{" + (v.kvlistValue.values || []).map(function (kv) {
        return kv.key + ": " + valueText(kv.value);
      }).join(", ") + "}";
    }
    return "";
  }

  function ms(nanos) {
    const v = Number(nanos) / 1e6;
    if (v < 1) return v.toFixed(3) + " ms";
    if (v < 10) return v.toFixed(2) + " ms";
    if (v < 1000) return v.toFixed(0) + " ms";
    return (v / 1000).toFixed(2) + " s";
  }

  function kv(pairs, cls) {
    const dl = el("dl", "kv" + (cls ? " " + cls : ""));
    for (const p of pairs) {
      dl.appendChild(el("dt", null, p[0]));
      dl.appendChild(el("dd", null, p[1]));
    }
    return dl;
  }

  function attributes(title, attrs, cls) {
    const section = doc.createDocumentFragment();
    section.appendChild(el("h3", null, title + " (" + (attrs ? attrs.length : 0) + ")"));
    if (attrs && attrs.length) {
      section.appendChild(kv(attrs.map(function (a) { return [a.key, valueText(a.value)]; }), cls));
    }
    return section;
  }

  function show(s) {
    panel.replaceChildren();
    const row = doc.getElementById("span-" + s.spanId);
    panel.appendChild(el("h2", null, s.serviceName + ": " + s.name));
    panel.appendChild(kv([
      ["span ID", s.spanId],
      ["parent", s.parentSpanId || "none (a root)"],
      ["kind", s.kind],
      ["duration", ms(s.durationNanos)],
      ["self time", ms(s.selfTimeNanos)],
      ["critical path", s.criticalPath ? ms(s.criticalPathNanos) + " of its own on the path" : "no"],
      ["status", s.status.code + (s.status.message ? ": " + s.status.message : "")],
      ["usual latency", row ? row.querySelector(".t").title : ""]
    ], "span-facts"));
    panel.appendChild(attributes("Attributes", s.attributes, "span-attributes"));
    panel.appendChild(el("h3", null, "Events (" + s.events.length + ")"));
    const start = BigInt(s.startTimeUnixNano);
    for (const e of s.events) {
      const box = el("div", "event");
      box.appendChild(el("div", null, "+" + ms((BigInt(e.timeUnixNano) - start).toString()) + " " + e.name));
      if (e.attributes.length) {
        box.appendChild(kv(e.attributes.map(function (a) { return [a.key, valueText(a.value)]; })));
      }
      panel.appendChild(box);
    }
    panel.appendChild(el("h3", null, "Links (" + s.links.length + ")"));
    for (const l of s.links) {
      const a = el("a", "span-link", l.traceId + " / " + l.spanId);
      a.href = "/traces/" + encodeURIComponent(l.traceId) + "#span-" + encodeURIComponent(l.spanId);
      const box = el("div", "event");
      box.appendChild(a);
      if (l.attributes.length) {
        box.appendChild(kv(l.attributes.map(function (x) { return [x.key, valueText(x.value)]; })));
      }
      panel.appendChild(box);
    }
    panel.appendChild(attributes("Resource", s.resource.attributes, "resource-attributes"));
    panel.appendChild(el("h3", null, "Scope"));
    panel.appendChild(kv([["name", s.scope.name], ["version", s.scope.version]].concat(
      s.scope.attributes.map(function (a) { return [a.key, valueText(a.value)]; }))));
  }

  function select(spanId) {
    const row = doc.getElementById("span-" + spanId);
    if (!row || !list.contains(row)) {
      return;
    }
    if (selected) {
      selected.classList.remove("selected");
    }
    selected = row;
    row.classList.add("selected");
    panel.replaceChildren(el("p", "muted", "Loading…"));
    load().then(function (byId) {
      const s = byId.get(spanId);
      if (selected !== row) {
        return;
      }
      if (s) {
        show(s);
      } else {
        panel.replaceChildren(el("p", "error-text", "This span is not in the stored trace any more."));
      }
    }).catch(function (e) {
      panel.replaceChildren(el("p", "error-text", e.message));
    });
  }

  list.addEventListener("click", function (e) {
    const row = e.target.closest("ol.waterfall > li");
    if (!row) {
      return;
    }
    e.preventDefault();
    // replaceState: the URL names the chosen span (shareable) without a hashchange or a jump of the page.
    history.replaceState(null, "", "#" + row.id);
    select(row.id.substring(5));
  });

  function fromHash() {
    if (location.hash.indexOf("#span-") === 0) {
      select(decodeURIComponent(location.hash.substring(6)));
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
});
