// A modal question (a reason, a quantity, a choice) on the <dialog> of
// index.html. Resolves with {field: value} or null when cancelled.

import { h, fill, $ } from "./dom.js";
import { t } from "./strings.js";

let open = null; // the pending resolve, at most one dialog at a time

// fields: [{name, label, required, value, type, choices: [{value, label}]}]
export function ask({ title, fields, id = "dialog" }) {
  const dialog = $("dialog");
  if (open) open(null);
  return new Promise((resolve) => {
    const inputs = [];
    const error = h("p", { class: "dialog-error", "data-testid": "dialog-error" });
    const body = fields.map((field) => {
      if (field.choices) {
        const group = h(
          "div",
          { class: "chips", role: "radiogroup" },
          field.choices.map((choice, i) =>
            h(
              "label",
              { class: "chip" },
              h("input", {
                type: "radio",
                name: field.name,
                value: choice.value,
                checked: field.value ? field.value === choice.value : i === 0,
                "data-testid": `dialog-choice-${choice.value}`,
              }),
              h("span", {}, choice.label),
            ),
          ),
        );
        inputs.push({ field, read: () => group.querySelector("input:checked")?.value ?? "" });
        return h("fieldset", {}, h("legend", {}, field.label), group);
      }
      const input = h("input", {
        type: field.type ?? "text",
        name: field.name,
        value: field.value ?? "",
        autocomplete: "off",
        "data-testid": `dialog-input-${field.name}`,
      });
      inputs.push({ field, read: () => input.value.trim() });
      return h("label", { class: "field" }, h("span", {}, field.label), input);
    });
    const form = h(
      "form",
      { method: "dialog", "data-testid": `${id}-form` },
      h("h2", { "data-testid": "dialog-title" }, title),
      body,
      error,
      h(
        "div",
        { class: "dialog-buttons" },
        h("button", { type: "button", class: "secondary", value: "cancel", "data-testid": "dialog-cancel" }, t("dialog.cancel")),
        h("button", { type: "submit", class: "primary", value: "ok", "data-testid": "dialog-ok" }, t("dialog.ok")),
      ),
    );
    const finish = (values) => {
      if (open !== finish) return;
      open = null;
      if (dialog.open) dialog.close();
      resolve(values);
    };
    open = finish;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = {};
      for (const { field, read } of inputs) {
        const value = read();
        if (field.required && value === "") {
          error.textContent = `${field.label}: ${t("dialog.required")}`;
          return;
        }
        values[field.name] = value;
      }
      finish(values);
    });
    form.querySelector('[data-testid="dialog-cancel"]').addEventListener("click", () => finish(null));
    dialog.oncancel = () => finish(null);
    fill(dialog, form);
    dialog.showModal();
    form.querySelector("input:not([type=radio])")?.focus();
  });
}

export function dialogOpen() {
  return open !== null;
}
