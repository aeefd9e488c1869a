// napkin's page: the estimate in a textarea, each statement's result on
// its line to the right, run as you type. Plain DOM, no framework: the
// page is small and has one job.
"use strict";

const $ = (id) => document.getElementById(id);
const src = $("src"), backdrop = $("backdrop"), results = $("results");
const store = "napkin.source";
// A keystroke runs the estimate at once unless a run is under way; then
// the keystrokes wait and the run after it takes them all. A run slower
// than this many ms is abandoned for one of the latest text.
const stale = 300;
let inflight = null, pending = false, last = null, runs = 0;

// The page asks napkin's API: the server's, or in the static page
// (napkin serve --export) the engine compiled to WebAssembly, which
// answers the same requests with the same code in a worker (worker.js),
// so a long run never holds up typing. The page keeps the server's
// deadline there: a request the worker has not answered in time gets
// the server's answer to a run that took too long, and its worker is
// ended; another starts at once for the next request.
const wasm = document.querySelector('meta[name="napkin-engine"]')?.content === "wasm";
const deadline = document.querySelector('meta[name="napkin-deadline"]');
const engine = { module: null, worker: null, ready: false, queue: [], current: null, timer: 0, calls: 0 };

// compiled fetches and compiles napkin.wasm once; each worker gets the
// compiled module, so starting another is quick.
function compiled() {
  return engine.module ||= fetch("napkin.wasm").then((resp) => {
    if (!resp.ok) throw new Error(`napkin.wasm: ${resp.status} ${resp.statusText}`);
    return resp.headers.get("Content-Type") === "application/wasm"
      ? WebAssembly.compileStreaming(resp)
      : resp.arrayBuffer().then((b) => WebAssembly.compile(b));
  });
}

// startWorker starts a worker and hands it the compiled engine; the
// worker says when it is ready, and requests wait in the queue till then.
function startWorker() {
  const w = engine.worker = new Worker("worker.js");
  engine.ready = false;
  const failed = (msg) => {
    if (w !== engine.worker) return;
    const lost = [engine.current, ...engine.queue.splice(0)];
    stopWorker();
    engine.module = null; // the next request tries again
    for (const call of lost) call?.reject(new Error(msg));
  };
  w.onerror = (e) => failed(e.message || "worker.js did not load");
  w.onmessage = ({ data: m }) => {
    if (w !== engine.worker) return;
    if (m.ready) { engine.ready = true; next(); return; }
    const call = engine.current;
    if (m.id === undefined || !call || m.id !== call.id) { failed(m.error || "the engine answered out of turn"); return; }
    clearTimeout(engine.timer);
    engine.current = null;
    if (m.error) call.reject(new Error(m.error)); else call.resolve(m.body);
    next();
  };
  compiled().then((module) => w.postMessage({ module }), (err) => failed(err.message));
}

// stopWorker ends the worker, and whatever it was running, at once.
function stopWorker() {
  clearTimeout(engine.timer);
  engine.worker?.terminate();
  engine.worker = engine.current = null;
  engine.ready = false;
}

// next sends the worker the next request when it is free, and starts
// one if there is none.
function next() {
  if (!engine.worker) startWorker();
  if (!engine.ready || engine.current || !engine.queue.length) return;
  const call = engine.current = engine.queue.shift();
  engine.worker.postMessage({ id: call.id, method: call.method, path: call.path, body: call.body });
  engine.timer = setTimeout(() => {
    stopWorker();
    call.resolve(deadline.dataset.answer);
    next();
  }, +deadline.content);
}

// ask queues a request for the worker and returns a promise of its
// answer's JSON text. Aborting a request the worker is running ends
// the worker, as a server stops a run its client has left.
function ask(method, path, body, signal) {
  return new Promise((resolve, reject) => {
    const call = { id: ++engine.calls, method, path, body, resolve, reject };
    signal?.addEventListener("abort", () => {
      const queued = engine.queue.indexOf(call);
      if (queued >= 0) engine.queue.splice(queued, 1);
      else if (engine.current === call) stopWorker();
      else return; // answered already
      reject(new DOMException("stale", "AbortError"));
      next();
    }, { once: true });
    engine.queue.push(call);
    next();
  });
}

// api sends a request (a POST when it has a body) and returns the JSON
// answer.
async function api(path, body, signal) {
  const json = body === undefined ? undefined : JSON.stringify(body);
  if (wasm) return JSON.parse(await ask(json === undefined ? "GET" : "POST", path, json ?? "", signal));
  const resp = await fetch(path, json === undefined ? { signal } : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: json, signal,
  });
  return resp.json();
}

const starter = `# An estimate: edit it, and the results follow.
writes = 10 million per month
paste_size = 1.271 kB
storage = writes * paste_size * 3 years
assert storage < 1 PB

# A guess as a 90% range: a median, an interval and a histogram.
daily_users = 1M..5M
`;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}

// The estimate lives in the fragment (a link shares it) and in local
// storage (a reload keeps it); the fragment wins.
function fromFragment() {
  const h = location.hash;
  if (!h.startsWith("#src=")) return null;
  try { return decodeURIComponent(h.slice(5)); } catch { return null; }
}

function save(text) {
  try { localStorage.setItem(store, text); } catch { /* private mode: the fragment still has it */ }
  history.replaceState(null, "", "#src=" + encodeURIComponent(text));
}

function load(text) {
  src.value = text;
  if (inflight) inflight.abort(); // another estimate: its answer is of no use
  changed();
}

function fit() {
  const lines = src.value.split("\n").length;
  src.style.height = `calc(${lines} * var(--line) + 2 * var(--pad) + 16px)`;
}

function changed() {
  window.napkinInput = performance.now();
  fit();
  drawBackdrop(null);
  if (!inflight) run();
  else {
    pending = true;
    if (performance.now() - inflight.started > stale) inflight.abort();
  }
}

async function run() {
  pending = false;
  const text = src.value, ctl = new AbortController();
  ctl.started = performance.now();
  inflight = ctl;
  document.body.dataset.state = "running";
  let body = null;
  try {
    body = await api("api/run", { source: text }, ctl.signal);
  } catch (e) {
    if (e.name !== "AbortError") body = { results: [], error: { line: 0, msg: (wasm ? "cannot start napkin's engine: " : "cannot reach napkin: ") + e.message } };
  }
  inflight = null;
  if (body) {
    // An answer to older text is still shown while the next run goes:
    // typing at the end of an estimate leaves the lines above it as
    // they were.
    last = body;
    render(body);
    if (text === src.value) {
      window.napkinRendered = performance.now();
      document.body.dataset.runs = String(++runs);
      document.body.dataset.state = "ready";
      save(text);
    }
  }
  if (pending || text !== src.value) run();
}

// render shows an answer, replacing only the lines whose results
// changed.
function render(body) {
  const n = src.value.split("\n").length, per = Array.from({ length: n }, () => []);
  const at = (line) => Math.max(0, Math.min(line, n) - 1);
  (body.results || []).forEach((r, i) => per[at(r.line)].push([r, i]));
  const e = body.error;
  for (const x of errors(body)) if (x.line > 0) per[at(x.line)].push([x, -1]);
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify(per[i]), old = results.children[i];
    if (old && old.napkinKey === key) continue;
    const row = el("div", { class: "row", "data-line": i + 1 });
    row.napkinKey = key;
    for (const [r, k] of per[i]) {
      if (k >= 0) row.append(result(r, k));
      else if (r.skipped) row.append(el("span", { class: "skip" }, `– ${r.msg}`));
      else row.append(el("span", { class: "err", title: r.hint || "" }, `✗ col ${r.col}: ${r.msg}`), r.hint ? el("span", { class: "hint" }, ` — ${r.hint}`) : "");
    }
    if (old) old.replaceWith(row); else results.append(row);
  }
  while (results.children.length > n) results.lastChild.remove();
  const foot = $("error");
  foot.hidden = !(e && !(e.line > 0));
  foot.textContent = foot.hidden ? "" : e.msg + (e.hint ? " — " + e.hint : "");
  const sum = $("summary");
  sum.className = e || body.failed ? "bad" : "";
  sum.textContent = summary(body);
  drawBackdrop(body);
}

// errors lists an answer's errors: the first, then those after it.
function errors(b) {
  return b.error ? [b.error, ...(b.more || [])] : [];
}

function summary(b) {
  const asserts = [], parts = [], bad = errors(b).filter((x) => !x.skipped), skipped = errors(b).length - bad.length;
  if (b.passed) asserts.push(`${b.passed} passed`);
  if (b.failed) asserts.push(`${b.failed} failed`);
  if (asserts.length) parts.push("assertions: " + asserts.join(", "));
  if (bad.length === 1) parts.push(`error on line ${bad[0].line || "?"}`);
  if (bad.length > 1) parts.push(`errors on lines ${bad.map((x) => x.line || "?").join(", ")}`);
  if (skipped) parts.push(`${skipped} skipped`);
  return parts.join(" · ");
}

function result(r, i) {
  const span = el("span", { class: "res", "data-kind": r.kind, "data-index": i, onclick: () => show(r) });
  if (r.kind === "assert") {
    if (r.passed) span.append(el("span", { class: "pass" }, "✓ ok"));
    else span.append(el("span", { class: "fail" }, "✗ " + (r.error ? r.error.msg : "failed")));
    return span;
  }
  if (r.histogram) span.append(sparkline(r.histogram));
  if (r.kind === "unit") {
    span.append(el("span", { class: "name" }, r.source));
    return span;
  }
  if (r.name) span.append(el("span", { class: "name" }, r.name + " = "));
  span.append(el("span", { class: "val" }, r.text));
  if (r.distribution) span.title = `median ${r.distribution.median}, 90%: ${r.distribution.interval}`;
  return span;
}

// sparkline draws a histogram's counts as a small bar chart.
function sparkline(h) {
  const ns = "http://www.w3.org/2000/svg", w = 3, height = 14;
  const top = Math.max(1, ...h.counts);
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "hist");
  svg.setAttribute("width", h.counts.length * w);
  svg.setAttribute("height", height);
  h.counts.forEach((c, i) => {
    const bar = document.createElementNS(ns, "rect");
    const bh = Math.max(c ? 1 : 0, Math.round((c / top) * height));
    bar.setAttribute("x", i * w);
    bar.setAttribute("y", height - bh);
    bar.setAttribute("width", w - 0.5);
    bar.setAttribute("height", bh);
    const t = document.createElementNS(ns, "title");
    t.textContent = `${h.edges[i]} .. ${h.edges[i + 1]}: ${c}`;
    bar.append(t);
    svg.append(bar);
  });
  return svg;
}

function show(r) {
  $("detail").hidden = false;
  $("working").textContent = r.working + (r.error ? "\n" + r.error.msg : "");
  $("hist").hidden = !r.histogram;
  $("hist").textContent = r.histogram ? histogram(r) : "";
  $("sens").replaceChildren();
  if (r.histogram && r.kind === "assignment") sensitivity(r.name);
}

// sensitivity shows which ranges drive a variable's spread.
async function sensitivity(name) {
  const b = await api("api/run", { source: src.value, sensitivity: name });
  if (!b.sensitivity || !b.sensitivity.length) return;
  const pct = (x) => (x * 100).toFixed(1) + "%";
  $("sens").replaceChildren(el("h2", {}, `What drives ${name}'s spread`), el("table", {},
    el("tr", {}, ...["input", "input p5 .. p95", `${name} at input p5`, `${name} at input p95`, "share of variance"].map((h) => el("th", {}, h))),
    ...b.sensitivity.map((x) => el("tr", {}, ...[x.input, `${x.input_p5} .. ${x.input_p95}`, x.at_p5, x.at_p95, pct(x.share_of_variance)].map((c) => el("td", {}, c))))));
}

// histogram draws a range's full histogram as napkin run --hist does.
function histogram(r) {
  const h = r.histogram, top = Math.max(1, ...h.counts);
  const w = Math.max(...h.edges.map((e) => e.length)), marks = {};
  for (const [k, i] of Object.entries(h.marks)) (marks[i] ||= []).push(k);
  const lines = [`${r.name || r.source}: ${r.text} (${h.log ? "log" : "linear"} axis; the end rows hold the 1% tails)`];
  h.counts.forEach((c, i) => {
    const bar = "█".repeat(Math.ceil((c * 30) / top)).padEnd(30);
    const mark = marks[i] ? " ◂ " + marks[i].sort().join(", ") : "";
    lines.push(`${h.edges[i].padStart(w)} .. ${h.edges[i + 1].padEnd(w)} ${bar}${mark}`);
  });
  return lines.join("\n");
}

// drawBackdrop underlines the error's column and shades failed lines,
// on a copy of the text behind the transparent textarea; typing
// replaces only the lines that changed.
function drawBackdrop(body) {
  const lines = src.value.split("\n");
  const bad = new Set(), at = {};
  if (body && last === body) {
    for (const r of body.results || []) if (r.error) bad.add(r.line);
    for (const e of errors(body)) if (e.line > 0 && !e.skipped) { bad.add(e.line); at[e.line] ||= e.col; }
  }
  lines.forEach((text, i) => {
    const n = i + 1, key = `${bad.has(n)} ${at[n] || 0} ${text}`, old = backdrop.children[i];
    if (old && old.napkinKey === key) return;
    const line = el("span", bad.has(n) ? { class: "bad" } : {});
    line.napkinKey = key;
    if (at[n]) {
      const c = [...text], from = Math.max(0, Math.min(at[n] - 1, c.length));
      let to = from;
      while (to < c.length && !/\s/.test(c[to])) to++;
      line.append(c.slice(0, from).join(""), el("mark", { "data-col": at[n] }, c.slice(from, Math.max(to, from + 1)).join("") || " "), c.slice(Math.max(to, from + 1)).join(""));
    } else {
      line.append(text);
    }
    line.append("\n");
    if (old) old.replaceWith(line); else backdrop.append(line);
  });
  while (backdrop.children.length > lines.length) backdrop.lastChild.remove();
}

async function side() {
  const list = await api("api/examples");
  $("examples").replaceChildren(...list.examples.map((x) => el("li", {},
    el("button", { "data-example": x.name, title: x.title, onclick: async () => load((await api("api/examples/" + x.name)).source) }, x.name),
    el("span", { class: "hint" }, " " + x.title))));
  $("tables").replaceChildren(...list.tables.map((name) => el("li", {},
    el("button", { "data-table": name, onclick: () => table(name) }, name))));
}

async function table(name) {
  let q = "";
  if (name === "availability") {
    const nines = [], sla = [];
    for (const f of $("levels").value.split(/[\s,]+/).filter(Boolean)) (/^\d+$/.test(f) && +f <= 12 ? nines : sla).push(f.replace("%", ""));
    q = "?nines=" + nines.join(",") + "&sla=" + sla.join(",");
  }
  const t = await api("api/tables/" + name + q);
  const box = $("table");
  if (t.error) { box.textContent = t.error.msg; return; }
  const grid = el("table", {}, el("tr", {}, ...t.header.map((h) => el("th", {}, h))),
    ...t.rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c)))));
  const asText = [t.header, ...t.rows].map((r) => "# " + r.join(" | ")).join("\n");
  box.replaceChildren(el("h2", {}, name + " ",
    el("button", { onclick: () => load(src.value.replace(/\n?$/, "\n") + asText + "\n") }, "add to the estimate")), grid);
}

src.addEventListener("input", changed);
src.addEventListener("keydown", (e) => {
  if (e.key === "Tab") { e.preventDefault(); document.execCommand("insertText", false, "  "); }
});
$("close").addEventListener("click", () => { $("detail").hidden = true; });
$("download").addEventListener("click", () => {
  $("download").href = URL.createObjectURL(new Blob([src.value], { type: "text/plain" }));
});
window.addEventListener("hashchange", () => {
  const t = fromFragment();
  if (t !== null && t !== src.value) load(t);
});

let initial = fromFragment();
if (initial === null) { try { initial = localStorage.getItem(store); } catch { initial = null; } }
load(initial ?? starter);
side();
src.addEventListener("scroll", () => { backdrop.scrollLeft = src.scrollLeft; });
