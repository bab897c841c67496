// The middle of the screen: the big instruction (the last decision), what to
// do next (from the task), the order lines and the returned units.

import { h, fill, $ } from "./dom.js";
import { t, decisionText } from "./strings.js";

function lineName(line) {
  return line?.name || line?.sku || line?.gtin || "";
}

// The line being worked on: the one stationd marks current, else the first
// one not complete.
function currentLine(lines) {
  const marked = lines.findIndex((l) => l.current === true);
  if (marked >= 0) return marked;
  if (lines.some((l) => "current" in l)) return -1;
  return lines.findIndex((l) => Number(l.done) < Number(l.expected));
}

// "Scan item 3 of 5: Coffee mug" and the like, from the view's task and lines.
export function nextStep(view) {
  if (!view) return "";
  if (!view.operator) return t("do.login");
  const task = view.task;
  const lines = view.lines ?? [];
  const mode = view.mode ?? "idle";
  if (mode === "idle") return t("do.choose_mode");
  if (!task) return t(`do.${mode}.none`);
  const total = lines.reduce((n, l) => n + Number(l.expected || 0), 0);
  const done = lines.reduce((n, l) => n + Math.min(Number(l.done || 0), Number(l.expected || 0)), 0);
  const current = lines[currentLine(lines)];
  const args = {
    order: task.order ?? "",
    carton: task.carton ?? "",
    package: task.package ?? 1,
    rma: task.rma ?? "",
    grade: task.grade ?? "",
    location: current?.location ?? "",
    name: lineName(current),
    n: Math.min(done + 1, total),
    done,
    total,
  };
  const kind = task.kind ?? mode;
  if (kind === "pick") {
    if (task.step === "item" && !current) return "";
    return t(`do.pick.${task.step}`, args);
  }
  if (kind === "pack") {
    if (task.step === "items" && !current) return t("do.pack.items_all", args);
    return t(`do.pack.${task.step}`, args);
  }
  if (kind === "ship") return task.order ? t("do.ship.order", args) : t("do.ship.none");
  if (kind === "return") {
    const units = view.units ?? [];
    return t(`do.return.${task.step}`, { ...args, done: units.length, total: total || units.length });
  }
  return "";
}

export function renderTask(s) {
  const view = s.view;
  const decision = s.instruction ?? (view?.last && view.last.result !== "refused" ? view.last : null);
  const instruction = $("instruction");
  instruction.dataset.light = decision?.light ?? "";
  instruction.dataset.message = decision?.message?.id ?? "";
  fill(instruction, decisionText(decision) || nextStep(view));

  const detail = nextStep(view);
  const detailEl = $("task-detail");
  detailEl.dataset.step = view?.task?.step ?? "";
  fill(detailEl, detail);

  const lines = view?.lines ?? [];
  const linesBox = $("lines");
  linesBox.hidden = lines.length === 0;
  if (lines.length) {
    const cur = currentLine(lines);
    const located = lines.some((l) => l.location);
    fill(
      linesBox,
      h("h2", {}, t("lines.title")),
      h(
        "table",
        { "data-testid": "lines-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, t("col.item")),
            located ? h("th", {}, t("col.location")) : null,
            h("th", { class: "num" }, t("col.expected")),
            h("th", { class: "num" }, t("col.done")),
          ),
        ),
        h(
          "tbody",
          {},
          lines.map((line, i) => {
            const complete = Number(line.done) >= Number(line.expected);
            const status = complete ? "complete" : i === cur ? "current" : "open";
            return h(
              "tr",
              { class: status, "data-testid": `line-${line.line}`, "data-state": status },
              h("td", {}, h("div", { class: "item-name" }, lineName(line)), h("div", { class: "item-code" }, line.sku || line.gtin || "")),
              located ? h("td", {}, line.location ?? "") : null,
              h("td", { class: "num" }, String(line.expected)),
              h("td", { class: "num", "data-testid": `line-${line.line}-done` }, String(line.done)),
            );
          }),
        ),
      ),
    );
  }

  const units = view?.units ?? [];
  const unitsBox = $("units");
  unitsBox.hidden = units.length === 0;
  if (units.length) {
    fill(
      unitsBox,
      h("h2", {}, t("units.title")),
      h(
        "table",
        { "data-testid": "units-table" },
        h(
          "thead",
          {},
          h("tr", {}, h("th", {}, "#"), h("th", {}, t("col.item")), h("th", {}, t("col.serial")), h("th", {}, t("col.disposition"))),
        ),
        h(
          "tbody",
          {},
          units.map((u, i) =>
            h(
              "tr",
              { "data-testid": `unit-${i + 1}` },
              h("td", {}, String(i + 1)),
              h("td", {}, u.name || u.gtin || ""),
              h("td", {}, u.serial || ""),
              h("td", { "data-testid": `unit-${i + 1}-disposition` }, u.disposition ? `${t("disp." + u.disposition)}${u.location ? " → " + u.location : ""}` : ""),
            ),
          ),
        ),
      ),
    );
  }
}
