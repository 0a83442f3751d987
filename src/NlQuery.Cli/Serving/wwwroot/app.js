// The nlq serve page: plain JavaScript over the JSON API, no build step. Data from the database is only ever put
// into the page as text (textContent), never as HTML, since column values are not ours to trust.
"use strict";

const PAGE_SIZE = 25;
const CHART_MAX_POINTS = 60;
const state = { conversation: null, answer: null, result: null, page: 0, token: sessionStorage.getItem("nlq-token") };
const $ = id => document.getElementById(id);

async function send(method, path, body, accept) {
  const headers = { "Accept": accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (state.token) headers["Authorization"] = "Bearer " + state.token;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) $("token-box").hidden = false;
  return response;
}

async function failure(response) {
  const json = await response.json().catch(() => ({}));
  return new Error(json.detail || json.title || `the server answered ${response.status}`);
}

async function api(method, path, body) {
  const response = await send(method, path, body, "application/json");
  if (!response.ok) throw await failure(response);
  return response.json();
}

// /api/ask as an event stream: progress while the model works, then the answer (or the problem).
async function askStream(body) {
  const response = await send("POST", "/api/ask", body, "text/event-stream");
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the server closed the connection before it answered.");
    buffer += value;
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = (/^event: (.*)$/m.exec(block) || [])[1], data = JSON.parse((/^data: (.*)$/m.exec(block) || [])[1] || "null");
      if (event === "progress") $("busy").textContent = `Answering… ${Math.round(data.elapsed_ms / 1000)} s`;
      else if (event === "answer") return data;
      else if (event === "problem") throw new Error(data.detail);
    }
  }
}

function showError(error) {
  $("error").textContent = error ? String(error.message || error) : "";
  $("error").hidden = !error;
}

async function run(action) {
  showError(null);
  $("busy").textContent = "Working…";
  $("busy").hidden = false;
  for (const button of document.querySelectorAll("button")) button.disabled = true;
  try {
    await action();
  } catch (error) {
    showError(error);
  } finally {
    $("busy").hidden = true;
    for (const button of document.querySelectorAll("button")) button.disabled = false;
    updatePager();
  }
}

async function ask(question) {
  const body = { question };
  if (state.conversation) body.conversation = state.conversation;
  let answer;
  try {
    answer = await askStream(body);
  } catch (error) {
    // An expired conversation should not block asking: start a new one once.
    if (state.conversation && /conversation .* unknown or expired/.test(error.message)) {
      state.conversation = null;
      return ask(question);
    }
    throw error;
  }
  state.conversation = answer.conversation;
  state.answer = answer.answer;
  $("sql").value = formatSql(answer.sql);
  setStatus(`${answer.rows.length} row${answer.rows.length === 1 ? "" : "s"}${answer.truncated ? " (row cap reached)" : ""} in ${Math.round(answer.timings.total_ms)} ms`);
  showResult(answer);
  showHistory(answer.history);
  $("schema").hidden = true;
}

// One clause per line at the top level (subqueries stay on their line); quoted text is never touched.
const CLAUSE = /^(FROM|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT|OFFSET|UNION ALL|UNION|INTERSECT|EXCEPT|(?:(?:LEFT|RIGHT|FULL|INNER|CROSS) )?(?:OUTER )?JOIN)\b/i;
function formatSql(sql) {
  let out = "", depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) j += sql[j] === close ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === " " && depth === 0 && CLAUSE.test(sql.slice(i + 1))) { out += "\n"; continue; }
    out += c;
  }
  return out;
}

function setStatus(text) { $("status").textContent = text; }

function showResult(result) {
  state.result = result;
  state.page = 0;
  $("answer").hidden = false;
  renderTable();
  renderChart(result);
}

function renderTable() {
  const { columns, rows } = state.result;
  const head = $("rows").tHead, body = $("rows").tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  const headRow = head.insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column;
    headRow.appendChild(th);
  }
  for (const row of rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE)) {
    const tr = body.insertRow();
    for (const value of row) {
      const td = tr.insertCell();
      if (value === null) { td.textContent = "NULL"; td.className = "null"; }
      else { td.textContent = String(value); if (typeof value === "number") td.className = "number"; }
    }
  }
  updatePager();
}

function updatePager() {
  if (!state.result) return;
  const count = state.result.rows.length, pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const first = count === 0 ? 0 : state.page * PAGE_SIZE + 1, last = Math.min(count, (state.page + 1) * PAGE_SIZE);
  $("page").textContent = `rows ${first}–${last} of ${count}`;
  $("prev").disabled = state.page === 0;
  $("next").disabled = state.page >= pages - 1;
}

// A chart when the result is a label column followed by number columns: bars, or lines when the labels are dates.
function chartShape(result) {
  const { columns, rows } = result;
  if (columns.length < 2 || rows.length < 2) return null;
  const isNumber = v => typeof v === "number";
  if (rows.every(r => isNumber(r[0]))) return null; // no label column
  for (let c = 1; c < columns.length; c++)
    if (!rows.every(r => r[c] === null || isNumber(r[c])) || !rows.some(r => isNumber(r[c]))) return null;
  const dates = rows.every(r => typeof r[0] === "string" && /^\d{4}-\d{2}(-\d{2})?/.test(r[0]));
  return { kind: dates ? "line" : "bar", series: columns.slice(1) };
}

function svg(name, attributes, text) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function renderChart(result) {
  const box = $("chart");
  box.replaceChildren();
  const shape = chartShape(result);
  box.hidden = !shape;
  if (!shape) return;
  const rows = result.rows.slice(0, CHART_MAX_POINTS);
  const width = 800, height = 300, left = 60, bottom = 70, top = 10, plotW = width - left - 10, plotH = height - top - bottom;
  const values = rows.flatMap(r => r.slice(1).filter(v => v !== null));
  const max = Math.max(0, ...values), min = Math.min(0, ...values), span = max - min || 1;
  const y = v => top + plotH - ((v - min) / span) * plotH;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${shape.kind} chart of ${shape.series.join(", ")} by ${result.columns[0]}`, "data-kind": shape.kind });
  chart.appendChild(svg("line", { x1: left, y1: y(0), x2: left + plotW, y2: y(0), class: "axis" }));
  chart.appendChild(svg("line", { x1: left, y1: top, x2: left, y2: top + plotH, class: "axis" }));
  for (const tick of [min, (min + max) / 2, max])
    chart.appendChild(svg("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, formatNumber(tick)));
  const step = plotW / rows.length;
  rows.forEach((row, i) => {
    const x = left + step * (i + 0.5);
    chart.appendChild(svg("text", { x, y: top + plotH + 14, "text-anchor": "end", transform: `rotate(-40 ${x} ${top + plotH + 14})` }, String(row[0]).slice(0, 18)));
  });
  shape.series.forEach((name, s) => {
    if (shape.kind === "bar") {
      const barW = (step * 0.8) / shape.series.length;
      rows.forEach((row, i) => {
        const v = row[s + 1];
        if (v === null) return;
        const x = left + step * i + step * 0.1 + barW * s;
        const bar = svg("rect", { x, y: Math.min(y(v), y(0)), width: Math.max(1, barW - 1), height: Math.abs(y(0) - y(v)), class: `series-${s % 4}` });
        bar.appendChild(svg("title", {}, `${row[0]}: ${v}`));
        chart.appendChild(bar);
      });
    } else {
      const points = rows.map((row, i) => row[s + 1] === null ? null : `${left + step * (i + 0.5)},${y(row[s + 1])}`).filter(p => p);
      chart.appendChild(svg("polyline", { points: points.join(" "), class: `series-${s % 4}` }));
    }
  });
  box.appendChild(chart);
  const legend = document.createElement("div");
  legend.className = "legend";
  shape.series.forEach((name, s) => {
    const item = document.createElement("span"), swatch = document.createElement("span");
    swatch.className = `swatch series-${s % 4}`;
    item.append(swatch, name);
    legend.appendChild(item);
  });
  if (result.rows.length > rows.length) legend.append(`(first ${rows.length} of ${result.rows.length} rows)`);
  box.appendChild(legend);
}

function formatNumber(v) { return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en") : String(Math.round(v * 100) / 100); }

function showHistory(questions) {
  $("history-box").hidden = !questions || questions.length === 0;
  $("history").replaceChildren(...(questions || []).map(q => {
    const li = document.createElement("li");
    li.textContent = q;
    li.title = "Put this question back in the box";
    li.addEventListener("click", () => { $("question").value = q; $("question").focus(); });
    return li;
  }));
}

async function showSchema() {
  const data = await api("GET", state.answer ? `/api/schema?answer=${encodeURIComponent(state.answer)}` : "/api/schema");
  const body = $("schema-body");
  body.replaceChildren();
  const line = (text, className) => { const p = document.createElement("div"); p.textContent = text; if (className) p.className = className; body.appendChild(p); };
  if (data.summary) {
    const kept = data.summary.tables.filter(t => t.kept);
    const dropped = data.summary.tables.filter(t => !t.kept).map(t => t.name);
    line(`The model saw ${kept.length} of ${data.tables.length} tables for “${data.summary.question}”:`);
    for (const table of kept) {
      const columns = table.columns.filter(c => c.kept)
        .map(c => c.name + (c.values.length ? ` (${c.values.map(v => `'${v}'`).join(", ")})` : "")).join(", ");
      line(`${table.name}(${columns})${table.why ? "  — " + table.why : ""}`, "schema-table");
    }
    if (dropped.length) line(`not shown: ${dropped.join(", ")}`, "muted");
  } else {
    line(`${data.database}: ${data.tables.length} tables${data.question ? " (the model saw all of them)" : ""}`);
    for (const table of data.tables) line(`${table.name}(${table.columns.map(c => c.name).join(", ")})`, "schema-table");
  }
  if (data.model_input) line(`model input: ${data.model_input}`, "muted");
  $("schema").hidden = false;
}

async function feedback(body, message) {
  if (!state.answer) throw new Error("ask a question first: feedback is about an answer.");
  const result = await api("POST", "/api/feedback", { answer: state.answer, ...body });
  setStatus(message + (result.sql ? `: ${result.sql}` : ""));
}

$("ask-form").addEventListener("submit", event => {
  event.preventDefault();
  const question = $("question").value.trim();
  if (question) run(() => ask(question));
});
$("run").addEventListener("click", () => run(async () => {
  const result = await api("POST", "/api/sql", { sql: $("sql").value });
  $("sql").value = formatSql(result.sql);
  setStatus(`${result.rows.length} row${result.rows.length === 1 ? "" : "s"}${result.truncated ? " (row cap reached)" : ""} from your SQL`);
  showResult(result);
}));
$("copy").addEventListener("click", () => run(async () => {
  await navigator.clipboard.writeText($("sql").value);
  setStatus("SQL copied");
}));
$("why").addEventListener("click", () => run(showSchema));
$("good").addEventListener("click", () => run(() => feedback({ good: true }, "Thanks: logged as right")));
$("bad").addEventListener("click", () => run(() => feedback({ good: false }, "Logged as wrong; edit the SQL and press “Correct this SQL” to say what was meant")));
$("correct").addEventListener("click", () => run(() => feedback({ sql: $("sql").value }, "Correction logged")));
$("prev").addEventListener("click", () => { state.page--; renderTable(); });
$("next").addEventListener("click", () => { state.page++; renderTable(); });
$("new-conversation").addEventListener("click", () => {
  Object.assign(state, { conversation: null, answer: null, result: null });
  $("answer").hidden = true; $("schema").hidden = true; showHistory([]); showError(null);
  $("question").value = ""; $("question").focus();
});
$("token-save").addEventListener("click", () => {
  state.token = $("token").value.trim();
  sessionStorage.setItem("nlq-token", state.token);
  $("token-box").hidden = true;
  showError(null);
});

api("GET", "/api/health").then(health => {
  $("database").textContent = `${health.database} (${health.kind})`;
  if (health.token_required && !state.token) $("token-box").hidden = false;
}).catch(showError);
