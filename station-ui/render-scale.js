// The scale: live weight, stable or moving, and the tolerance band of the
// weight the task expects (green inside, red outside).

import { h, fill, $ } from "./dom.js";
import { t } from "./strings.js";
import { scaleReading } from "./state.js";

export function renderScale(s) {
  const box = $("scale");
  const reading = scaleReading(s.vars);
  box.hidden = !reading;
  if (!reading) return;

  const task = s.view?.task;
  const expected = Number(task?.expected_g ?? 0);
  const tolerance = Number(task?.tolerance_g ?? 0);
  const grams = reading.grams;
  const hasBand = expected > 0;
  const inside = hasBand && grams !== null && Math.abs(grams - expected) <= tolerance;

  const weight = grams === null ? "—" : reading.unit === "kg" ? `${(grams / 1000).toFixed(3)} kg` : `${grams} g`;
  const children = [
    h("h2", {}, t("scale.title")),
    h(
      "div",
      { class: "weight-row" },
      h("span", { class: "weight", "data-testid": "scale-weight", "data-grams": grams ?? "" }, weight),
      h(
        "span",
        { class: `stable ${reading.stable ? "yes" : "no"}`, "data-testid": "scale-stable", "data-stable": String(reading.stable) },
        grams === null ? t("scale.none") : reading.stable ? t("scale.stable") : t("scale.motion"),
      ),
    ),
  ];

  if (hasBand) {
    // The bar spans three tolerances either side of the expected weight.
    const span = Math.max(tolerance, 1) * 3;
    const lo = expected - span;
    const pos = (g) => Math.min(100, Math.max(0, ((g - lo) / (2 * span)) * 100));
    children.push(
      h(
        "div",
        { class: "band", "data-testid": "tolerance-band", "data-inside": String(inside) },
        h("div", { class: "band-ok", style: { left: `${pos(expected - tolerance)}%`, width: `${pos(expected + tolerance) - pos(expected - tolerance)}%` } }),
        h("div", { class: "band-expected", style: { left: `${pos(expected)}%` } }),
        grams === null
          ? null
          : h("div", { class: `band-marker ${inside ? "inside" : "outside"}`, "data-testid": "tolerance-marker", style: { left: `${pos(grams)}%` } }),
      ),
      h(
        "p",
        { class: `band-text ${grams === null ? "" : inside ? "inside" : "outside"}`, "data-testid": "tolerance-text" },
        t("scale.expected", { expected, tolerance }),
        grams === null ? "" : ` · ${inside ? t("scale.inside") : t("scale.outside")}`,
      ),
    );
  }
  fill(box, children);
}
