// The station UI: connects to stationd, keeps what it sends in state.js and
// renders it; scans (wedge scanner, manual entry) and buttons go back as
// WebSocket requests (docs/api.md).

import { $ } from "./dom.js";
import { t, setLanguage, language } from "./strings.js";
import { state, update, onRender, currentLanguage } from "./state.js";
import { Connection } from "./connection.js";
import { loadToken, saveToken, forgetToken, tokenAccepted } from "./token.js";
import { installWedge } from "./wedge.js";
import { errorBeep, unlockAudio } from "./sound.js";
import { ask } from "./dialog.js";
import { renderStatus } from "./render-status.js";
import { renderBanners } from "./render-banners.js";
import { renderTask } from "./render-task.js";
import { renderScale } from "./render-scale.js";
import { renderActions } from "./render-actions.js";
import { renderPrints } from "./render-prints.js";

let connection = null;
let noticeTimer = null;

// ---- messages from stationd -------------------------------------------------

// A decision comes twice to the screen that asked for it (the broadcast
// `decision` and the `reply`): each one is acted on once, whichever is first.
const recent = [];
function firstTime(decision, source) {
  const key = JSON.stringify([decision.result, decision.message?.id, decision.seq, decision.text?.en]);
  const now = performance.now();
  while (recent.length && now - recent[0].at > 3000) recent.shift();
  const twin = recent.find((r) => r.key === key && r.source !== source && !r.matched);
  if (twin) {
    twin.matched = true;
    return false;
  }
  recent.push({ key, source, at: now, matched: false });
  return true;
}

function onDecision(decision, source) {
  if (!decision || !firstTime(decision, source)) return;
  // Counted for whoever watches the page (the browser tests).
  document.body.dataset.decisions = String(Number(document.body.dataset.decisions || 0) + 1);
  if (decision.result === "refused") {
    update({ error: decision });
    errorBeep();
  } else if (decision.result === "accepted") {
    update({ instruction: decision, error: null });
    if (decision.light === "red") errorBeep();
  }
}

function onView(view) {
  const before = state.view?.task;
  const patch = { view };
  if ((before?.rma ?? "") !== (view?.task?.rma ?? "")) patch.reasons = [];
  if (state.view && (state.view.operator?.badge ?? "") !== (view?.operator?.badge ?? "")) patch.instruction = null;
  update(patch);
}

function onMessage(msg) {
  switch (msg.type) {
    case "hello":
      update({ hello: msg });
      break;
    case "view":
      onView(msg.view);
      break;
    case "variables":
      update({ vars: { ...msg.values } });
      break;
    case "variable":
      update({ vars: { ...state.vars, [msg.name]: msg.value } });
      break;
    case "decision":
      onDecision(msg, "decision");
      break;
    case "alarm":
      update({ alarms: [...state.alarms, { name: msg.name, text: msg.text }].slice(-5) });
      break;
    default:
      break; // replies are handled where they were asked for
  }
}

async function onConnectionState(connState, info) {
  update({ connection: connState });
  if (connState === "connecting" && info.failedBeforeOpen && !info.everOpened) {
    // Never connected: perhaps the key is wrong.
    if (!(await tokenAccepted(connection.token))) {
      connection.stop();
      forgetToken();
      update({ connection: "key", keyRejected: true });
    }
  }
}

// ---- requests ------------------------------------------------------------------

function replyError(reply) {
  if (reply.error === "not_connected") return { key: "error.not_connected" };
  if (reply.error === "timeout") return { key: "error.timeout" };
  return { key: "error.reply", args: { message: reply.message || reply.error || "?" } };
}

async function send(message) {
  const reply = await connection.request(message);
  if (!reply.ok) {
    update({ error: replyError(reply) });
    errorBeep();
    return null;
  }
  return reply;
}

async function scan(code) {
  const reply = await send({ type: "scan", code });
  if (reply?.result) onDecision(reply.result, "reply");
}

async function action(name, args = {}) {
  const strings = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
  const reply = await send({ type: "action", name, args: strings });
  if (reply?.result) onDecision(reply.result, "reply");
}

function notice(key, args) {
  clearTimeout(noticeTimer);
  update({ notice: { key, args } });
  noticeTimer = setTimeout(() => update({ notice: null }), 5000);
}

const actions = {
  action,
  async quantity() {
    const answer = await ask({ title: t("quantity.prompt"), fields: [{ name: "n", label: t("quantity.prompt"), type: "number", required: true }] });
    if (answer) await action("quantity", { n: answer.n });
  },
  async short() {
    const reasons = state.view?.choices?.short_reasons ?? [];
    const answer = await ask({
      title: t("short.prompt"),
      fields: [{ name: "reason", label: t("short.prompt"), required: true, choices: reasons.map((r) => ({ value: r, label: t(`reason.${r}`) })) }],
    });
    if (answer) await action("short", { reason: answer.reason });
  },
  async override() {
    const answer = await ask({
      title: t("override.title"),
      fields: [
        { name: "reason", label: t("override.reason"), required: true },
        { name: "badge", label: t("override.badge") },
      ],
    });
    if (!answer) return;
    const args = { reason: answer.reason };
    if (answer.badge) args.badge = answer.badge;
    await action("override", args);
  },
  toggleReason(code) {
    const reasons = state.reasons.includes(code) ? state.reasons.filter((r) => r !== code) : [...state.reasons, code];
    update({ reasons });
  },
  chooseUnit(n) {
    update({ dispositionUnit: n });
  },
  async disposition(disposition, unit) {
    const answer = await ask({ title: t(`disp.${disposition}`), fields: [{ name: "location", label: t("disposition.location") }] });
    if (!answer) return;
    const args = { disposition };
    if (answer.location) args.location = answer.location;
    if (unit > 0) args.unit = unit;
    await action("disposition", args);
  },
};

async function reprint(job) {
  const answer = await ask({ title: t("prints.reprint_job", { job: job.id, label: job.label ?? "" }), fields: [{ name: "reason", label: t("prints.reason"), required: true }] });
  if (!answer) return;
  const reply = await send({ type: "reprint", job: Number(job.id), reason: answer.reason });
  if (reply) notice("prints.sent", { job: job.id });
}

// ---- screen --------------------------------------------------------------------

function renderStatic() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
}

function render(s) {
  setLanguage(currentLanguage(s));
  document.body.dataset.lang = language();
  document.body.dataset.connection = s.connection;
  $("key-screen").hidden = s.connection !== "key";
  $("main-screen").hidden = s.connection === "key";
  $("key-error").hidden = !s.keyRejected;
  renderStatic();
  renderStatus(s, {
    onLogout: () => action("logout"),
    onLanguage: () => update({ language: { lang: language() === "sv" ? "en" : "sv", badge: s.view?.operator?.badge ?? "" } }),
  });
  renderBanners(s, {
    onDismissError: () => update({ error: null }),
    onDismissAlarm: (i) => update({ alarms: s.alarms.filter((_, j) => j !== i) }),
  });
  renderTask(s);
  renderScale(s);
  renderActions(s, actions);
  renderPrints(s, { onReprint: reprint });
}

function connect(token) {
  connection?.stop();
  connection = new Connection({ token, onMessage, onState: onConnectionState });
  connection.connect();
}

function main() {
  onRender(render);
  unlockAudio();
  installWedge({ onScan: scan });

  $("manual-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("manual-code");
    const code = input.value.trim();
    input.value = "";
    if (code) scan(code);
  });

  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = $("key-input").value.trim();
    if (!token) return;
    $("key-input").value = "";
    saveToken(token);
    update({ connection: "connecting", keyRejected: false });
    connect(token);
  });

  $("key-lang-switch").addEventListener("click", () =>
    update({ language: { lang: language() === "sv" ? "en" : "sv", badge: state.view?.operator?.badge ?? "" } }),
  );

  const token = loadToken();
  if (token) {
    update({ connection: "connecting" });
    connect(token);
  } else {
    update({ connection: "key" });
  }
}

main();
