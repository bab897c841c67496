// The status bar: station, connection, devices, printer, central link,
// operator with log out, language switch.

import { h, fill, $ } from "./dom.js";
import { t } from "./strings.js";
import { devices, deviceOf } from "./state.js";

const good = new Set(["online", "up", "READY"]);
const waiting = new Set(["connecting", "identifying", "configuring", "PRINTING"]);

function tone(value) {
  if (good.has(value)) return "ok";
  if (waiting.has(value)) return "wait";
  if (value === "disabled" || value === "off") return "off";
  return "bad";
}

export function renderStatus(s, { onLogout, onLanguage }) {
  const vars = s.vars;
  const station = s.hello?.station ?? s.view?.station;
  fill($("station-name"), station?.name ?? station?.id ?? t("app.title"));

  const conn = $("connection-state");
  conn.dataset.state = s.connection;
  fill(conn, s.connection === "open" ? t("conn.open") : t("conn.connecting"));

  fill(
    $("devices"),
    devices(vars).map((d) =>
      h(
        "span",
        { class: `pill ${tone(d.state)}`, "data-testid": `device-${d.name}`, "data-state": d.state ?? "" },
        h("b", {}, `${d.name} `),
        t("device." + d.state),
      ),
    ),
  );

  const printer = deviceOf(vars, "printer");
  const printerEl = $("printer-status");
  const status = printer ? String(vars[`${printer}.status`] ?? "") : "";
  printerEl.hidden = !printer;
  printerEl.dataset.status = status;
  printerEl.className = `pill ${status.split(" ").every((x) => good.has(x) || waiting.has(x)) && status ? "ok" : "bad"}`;
  fill(printerEl, h("b", {}, `${t("class.printer")} `), status || "?");

  const link = vars["central.link"] ?? "off";
  const linkEl = $("central-link");
  linkEl.dataset.state = link;
  linkEl.className = `pill ${tone(link)}`;
  const depth = vars["outbox.depth"];
  fill(
    linkEl,
    h("b", {}, `${t("central")} `),
    t("link." + link),
    depth ? h("span", { "data-testid": "outbox-depth" }, ` · ${t("outbox", { n: depth })}`) : "",
  );

  const op = s.view?.operator;
  fill(
    $("operator"),
    op
      ? [
          h("span", { "data-testid": "operator-name", class: "operator-name" }, op.name || op.badge),
          h("button", { class: "secondary", "data-testid": "logout-button", onclick: onLogout }, t("logout")),
        ]
      : h("span", { "data-testid": "operator-name", class: "operator-name none" }, t("operator.none")),
  );

  const lang = $("lang-switch");
  fill(lang, t("lang.switch"));
  lang.onclick = onLanguage;
}
