// The sandbox console's only script (plain browser JS, no build): live regions, card clicks and forms,
// chart drawing, inline cell edits and the clock. Every text from the server goes in via textContent, or
// as HTML the server rendered and escaped.

const $ = (sel, root = document) => root.querySelector(sel);
const parse = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

async function postJson(url, body) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { ok: res.ok, status: res.status, data: parse(await res.text()) ?? {} };
}

let toastTimer;
function toast(type, text) {
  const el = $("#toast");
  el.className = type || "info";
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, 5000);
}

const charts = new Map();
function drawCharts(root) {
  const lib = window.VChart;
  for (const el of root.querySelectorAll(".kam-chart:not([data-drawn])")) {
    el.setAttribute("data-drawn", "1");
    if (!lib) {
      el.textContent = "VChart 未加载 not loaded";
      continue;
    }
    try {
      const Chart = lib.default || lib.VChart;
      const chart = new Chart({ ...parse(el.getAttribute("data-spec")), animation: false }, { dom: el });
      chart.renderSync();
      charts.set(el, chart);
    } catch (err) {
      el.textContent = `图表错误 chart error: ${err.message}`;
    }
  }
}
function releaseCharts(root) {
  for (const [el, chart] of charts) {
    if (!root.contains(el)) continue;
    chart.release();
    charts.delete(el);
  }
}

// A live region re-renders from its data-live URL when the answer's data-version changes.
async function refreshLive(el, force) {
  const focused = document.activeElement;
  if (!force && el.contains(focused) && focused.matches("input, textarea, select")) return;
  const res = await fetch(el.dataset.live, { headers: { accept: "text/html" } });
  if (!res.ok) return;
  const next = new DOMParser().parseFromString(await res.text(), "text/html").body.firstElementChild;
  if (!next || (!force && el.firstElementChild?.dataset.version === next.dataset.version)) return;
  // New messages scroll into view only for a reader at the bottom; after a click the card stays put.
  const { scrollTop } = el;
  const atBottom = el.scrollHeight - scrollTop - el.clientHeight < 40;
  releaseCharts(el);
  el.replaceChildren(document.adoptNode(next));
  drawCharts(el);
  el.scrollTop = !force && atBottom ? el.scrollHeight : scrollTop;
}
for (const el of document.querySelectorAll("[data-live]")) {
  let busy = false;
  setInterval(async () => {
    if (busy || document.hidden) return;
    busy = true;
    await refreshLive(el, false).catch(() => undefined);
    busy = false;
  }, Number(el.dataset.interval) || 3000);
}

// Cards: a click or a form submit becomes POST /_sandbox/cards/:id/action, as the user of the chat.
function operator() {
  return $("#conversation")?.dataset.operator || $("#act-as")?.value || "";
}
async function cardAction(msg, body) {
  const res = await postJson(`/_sandbox/cards/${encodeURIComponent(msg.dataset.messageId)}/action`, {
    operatorOpenId: operator(),
    ...body,
  });
  const d = res.data;
  if (!res.ok) toast("error", d.error || `HTTP ${res.status}`);
  else if (d.error) toast("error", `飞书错误 error ${d.error.code}: ${d.error.msg}`);
  else if (d.toast?.content) toast(d.toast.type, d.toast.content);
  else toast("info", d.cardUpdated ? "卡片已更新 card updated" : "已送达 delivered");
  const live = msg.closest(".live");
  if (live) await refreshLive(live, true);
}
document.addEventListener("click", (e) => {
  const btn = e.target.closest(".msg button");
  if (!btn) return;
  // data-url is always http(s): the card renderer drops anything else.
  if (btn.dataset.url) window.open(btn.dataset.url, "_blank", "noopener");
  if (btn.type !== "button" || !btn.hasAttribute("data-action")) return;
  const body = { tag: "button", value: parse(btn.dataset.action) };
  if (btn.name) body.name = btn.name;
  btn.disabled = true;
  cardAction(btn.closest(".msg"), body).finally(() => {
    btn.disabled = false;
  });
});
document.addEventListener("submit", (e) => {
  const form = e.target.closest(".msg form");
  if (!form) return;
  e.preventDefault();
  // As Feishu's client submits: date pickers as "yyyy-mm-dd +0800", untouched fields left out.
  const formValue = {};
  for (const el of form.elements) {
    if (!el.name || el.type === "submit" || el.type === "reset" || el.value === "") continue;
    const value = el.type === "date" ? `${el.value} +0800` : el.value;
    formValue[el.name] = el.name in formValue ? [].concat(formValue[el.name], value) : value;
  }
  const body = { tag: "button", formValue };
  const submitter = e.submitter;
  if (submitter?.name) body.name = submitter.name;
  if (submitter?.dataset.action) body.value = parse(submitter.dataset.action);
  cardAction(form.closest(".msg"), body);
});

// Tables: click a cell, edit, Enter (or leaving the cell) saves as the chosen person, Esc cancels.
const grid = $("#grid");
const headerOf = (td) => grid.tHead.rows[0].cells[td.cellIndex];
function closeCell(td, text) {
  td.classList.remove("editing", "failed");
  td.textContent = text;
}
async function saveCell(td, input, fromBlur) {
  if (td.dataset.saving || !td.classList.contains("editing")) return;
  if (fromBlur && td.classList.contains("failed")) return closeCell(td, td.dataset.text);
  const th = headerOf(td);
  if (input.value === (td.dataset.value || "")) return closeCell(td, td.dataset.text);
  td.dataset.saving = "1";
  const res = await postJson("/console/api/cell", {
    appToken: grid.dataset.appToken,
    tableId: grid.dataset.tableId,
    recordId: td.parentElement.dataset.recordId,
    field: th.dataset.field,
    value: th.dataset.editor === "checkbox" ? input.value === "true" : input.value,
    operatorOpenId: $("#act-as")?.value,
  });
  delete td.dataset.saving;
  const error = $("#grid-error");
  if (res.ok) {
    td.dataset.value = res.data.value;
    closeCell(td, res.data.text);
    td.classList.add("saved");
    setTimeout(() => td.classList.remove("saved"), 1500);
    error.hidden = true;
    toast("success", `已保存 saved (${th.dataset.field}) · ${res.data.by}`);
  } else {
    const d = res.data;
    error.textContent = `保存失败 not saved: ${d.code ? `${d.code} ` : ""}${d.error || `HTTP ${res.status}`}`;
    error.hidden = false;
    td.classList.add("failed");
  }
}
function openCell(td) {
  const th = headerOf(td);
  const kind = th.dataset.editor;
  const current = td.dataset.value || "";
  let input;
  if (kind === "select" || kind === "person" || kind === "checkbox") {
    input = document.createElement("select");
    const options =
      kind === "select"
        ? (parse(th.dataset.options) || []).map((n) => [n, n])
        : kind === "person"
          ? (parse(grid.dataset.people) || []).map((p) => [p.id, p.name])
          : [["true", "✓ 是 yes"]];
    for (const [value, label] of [["", "—"], ...options]) input.add(new Option(label, value));
    if (current && ![...input.options].some((o) => o.value === current))
      input.add(new Option(current, current));
    input.addEventListener("change", () => saveCell(td, input, false));
  } else {
    input = document.createElement("input");
    input.type = kind === "date" ? "date" : "text";
  }
  input.value = current;
  td.dataset.text = td.textContent;
  td.classList.add("editing");
  td.replaceChildren(input);
  input.focus();
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      saveCell(td, input, false);
    } else if (e.key === "Escape") closeCell(td, td.dataset.text);
  });
  input.addEventListener("blur", () => saveCell(td, input, true));
}
grid?.addEventListener("click", (e) => {
  const td = e.target.closest("td.editable");
  if (td && !td.classList.contains("editing")) openCell(td);
});

// Clock: set the sandbox time, link the service, run the day's jobs, step days.
const DAY_MS = 86_400_000;
const shanghai = (ms) => new Date(ms).toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" });
function log(text, bad) {
  const li = document.createElement("li");
  li.textContent = text;
  if (bad) li.className = "bad";
  $("#job-log").append(li);
  li.scrollIntoView({ block: "nearest" });
}
async function setClock(body) {
  const res = await postJson("/_sandbox/clock", body);
  if (!res.ok) toast("error", res.data.error || `HTTP ${res.status}`);
  const clock = $("#clock");
  if (clock) await refreshLive(clock, true);
  return res.data;
}
async function runJobs(label) {
  const names = $("#job-names")
    .value.split(/[\s,，]+/)
    .filter(Boolean);
  for (const name of names) {
    const res = await postJson(`/console/api/jobs/${encodeURIComponent(name)}`, {});
    const d = res.data;
    const ok = d.status >= 200 && d.status < 300;
    log(`${label} · ${name}: ${d.status || "—"} ${d.error || JSON.stringify(d.body ?? "")}`, !ok);
  }
}
async function busy(work) {
  const buttons = document.querySelectorAll("#run-today, [data-advance-days]");
  for (const b of buttons) b.disabled = true;
  try {
    await work();
  } catch (err) {
    log(`失败 failed: ${err.message}`, true);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}
$("#clock-set")?.addEventListener("click", () => {
  const at = $("#clock-at").value;
  if (at) setClock({ now: `${at.length === 16 ? `${at}:00` : at}+08:00` });
});
$("#clock-real")?.addEventListener("click", async () => {
  const res = await fetch("/_sandbox/clock");
  const { offsetMs } = await res.json();
  setClock({ advanceMs: -offsetMs });
});
$("#service-save")?.addEventListener("click", async () => {
  const body = { url: $("#service-url").value.trim() || null };
  const token = $("#service-token").value.trim();
  if (token) body.adminToken = token;
  const res = await postJson("/_sandbox/service", body);
  if (res.ok) toast("success", res.data.url ? `已连接 linked ${res.data.url}` : "已断开 unlinked");
  else toast("error", res.data.error || `HTTP ${res.status}`);
});
$("#run-today")?.addEventListener("click", () =>
  busy(async () => {
    const { now } = await (await fetch("/_sandbox/clock")).json();
    await runJobs(shanghai(now).slice(0, 10));
  }),
);
for (const b of document.querySelectorAll("[data-advance-days]")) {
  b.addEventListener("click", () =>
    busy(async () => {
      const days = Number(b.dataset.advanceDays);
      for (let i = 1; i <= days; i++) {
        const { now } = await setClock({ advanceMs: DAY_MS });
        await runJobs(`+${i}/${days} ${shanghai(now).slice(0, 10)}`);
      }
    }),
  );
}

for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}

drawCharts(document);
const conversation = $("#conversation");
if (conversation) conversation.scrollTop = conversation.scrollHeight;
