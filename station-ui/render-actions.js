// The operator's buttons: modes, the commands that apply to the current step
// (docs/workflows.md), the return screen's grade and disposition, and the
// supervisor override.

import { h, fill, $ } from "./dom.js";
import { t } from "./strings.js";

const MODES = ["pick", "pack", "ship", "return"];

function button(name, label, onclick, cls = "secondary") {
  return h("button", { class: cls, "data-testid": `action-${name}`, onclick }, label);
}

// Which command buttons the step has.
function commands(view) {
  const task = view.task;
  const out = [];
  if (!task) return out;
  const kind = task.kind ?? view.mode;
  if (kind === "pick") {
    // A quantity counts for the item just scanned (the workflow says when not).
    if (task.step === "item" || task.step === "quantity") out.push("quantity");
    if (task.step === "location" || task.step === "item" || task.step === "quantity") out.push("short");
  } else if (kind === "pack") {
    if (task.step === "items") out.push("close", "recount");
    if (task.step === "weight_mismatch") out.push("recount");
    out.push("cancel");
  } else if (kind === "return") {
    if (task.step === "items") out.push("items-done");
    if (task.step === "confirm") out.push("confirm");
    out.push("cancel");
  }
  return out;
}

export function renderActions(s, act) {
  const view = s.view;
  const loggedIn = Boolean(view?.operator);

  fill(
    $("modes"),
    loggedIn
      ? MODES.map((mode) =>
          h(
            "button",
            {
              class: `mode ${view.mode === mode ? "active" : ""}`,
              "data-testid": `mode-${mode}`,
              "aria-pressed": String(view.mode === mode),
              onclick: () => act.action("mode", { mode }),
            },
            t(`mode.${mode}`),
          ),
        )
      : [],
  );

  const cmds = loggedIn ? commands(view) : [];
  fill(
    $("commands"),
    cmds.map((name) => {
      const primary = name === "confirm" || name === "close" || name === "items-done";
      const cls = primary ? "primary" : name === "cancel" ? "danger" : "secondary";
      if (name === "quantity") return button(name, t("action.quantity"), act.quantity, cls);
      if (name === "short") return button(name, t("action.short"), act.short, cls);
      return button(name, t(`action.${name}`), () => act.action(name, {}), cls);
    }),
  );

  renderOverride(view, act);
  renderGrade(s, act);
  renderDisposition(s, act);
}

function renderOverride(view, act) {
  const box = $("override");
  const pending = view?.operator ? view.override : null;
  box.hidden = !pending;
  if (!pending) return;
  fill(
    box,
    h("h2", {}, t("override.title")),
    h("p", { "data-testid": "override-detail" }, t("override.pending", { detail: pending.detail ?? pending.what ?? "" })),
    h(
      "div",
      { class: "buttons" },
      button("override", t("action.override"), act.override, "primary"),
      button("override-cancel", t("action.override.cancel"), () => act.action("override.cancel", {})),
    ),
  );
}

function renderGrade(s, act) {
  const view = s.view;
  const task = view?.task;
  const box = $("grade");
  const show = Boolean(view?.operator && task && (task.kind ?? view.mode) === "return" && (task.step === "grade" || task.step === "confirm"));
  box.hidden = !show;
  if (!show) return;
  const grades = view.choices?.grades ?? ["A", "B", "C", "D"];
  const reasons = view.choices?.grade_reasons ?? [];
  const none = s.reasons.length === 0;
  fill(
    box,
    h("h2", {}, t("grade.reasons")),
    h(
      "div",
      { class: "chips" },
      reasons.map((code) =>
        h(
          "button",
          {
            class: `chip ${s.reasons.includes(code) ? "on" : ""}`,
            "aria-pressed": String(s.reasons.includes(code)),
            "data-testid": `reason-${code}`,
            onclick: () => act.toggleReason(code),
          },
          t(`reason.${code}`),
        ),
      ),
    ),
    h("h2", {}, t("grade.title")),
    h(
      "div",
      { class: "grades" },
      grades.map((grade) =>
        h(
          "button",
          {
            class: `grade ${task.grade === grade ? "on" : ""}`,
            "data-testid": `grade-${grade}`,
            disabled: none,
            onclick: () => act.action("grade", { grade, reasons: s.reasons.join(",") }),
          },
          grade,
        ),
      ),
    ),
    h("p", { class: "hint", "data-testid": "grade-hint" }, task.grade ? t("grade.current", { grade: task.grade }) : t("grade.hint")),
  );
}

function renderDisposition(s, act) {
  const view = s.view;
  const task = view?.task;
  const box = $("disposition");
  const units = view?.units ?? [];
  const show = Boolean(view?.operator && task && (task.kind ?? view.mode) === "return" && task.step === "confirm" && units.length);
  box.hidden = !show;
  if (!show) return;
  const dispositions = view.choices?.dispositions ?? [];
  const unit = s.dispositionUnit <= units.length ? s.dispositionUnit : 0;
  fill(
    box,
    h("h2", {}, t("disposition.title")),
    h(
      "div",
      { class: "chips" },
      [0, ...units.map((_, i) => i + 1)].map((n) =>
        h(
          "button",
          {
            class: `chip ${unit === n ? "on" : ""}`,
            "data-testid": `disposition-unit-${n}`,
            onclick: () => act.chooseUnit(n),
          },
          n === 0 ? t("disposition.all") : `${t("disposition.unit")} ${n}`,
        ),
      ),
    ),
    h(
      "div",
      { class: "buttons" },
      dispositions.map((d) =>
        h("button", { class: "secondary", "data-testid": `disposition-${d}`, onclick: () => act.disposition(d, unit) }, t(`disp.${d}`)),
      ),
    ),
  );
}
