// Full-width notices: central offline, not connected, the red error panel,
// alarms and short confirmations.

import { h, fill, $ } from "./dom.js";
import { t, decisionText } from "./strings.js";

export function renderBanners(s, { onDismissError, onDismissAlarm }) {
  const link = s.vars["central.link"];
  const offline = s.connection === "open" && link != null && link !== "up" && link !== "off";
  const banner = $("offline-banner");
  banner.hidden = !offline;
  if (offline) {
    const depth = s.vars["outbox.depth"];
    fill(banner, t("offline", { n: depth == null ? null : Number(depth) }));
  }

  $("connecting-banner").hidden = s.connection !== "connecting";
  fill($("connecting-banner"), t("conn.connecting"));

  const panel = $("error-panel");
  panel.hidden = !s.error;
  if (s.error) {
    const text = s.error.text ? decisionText(s.error) : t(s.error.key, s.error.args);
    panel.dataset.message = s.error.message?.id ?? s.error.key ?? "";
    fill(
      panel,
      h("p", { "data-testid": "error-text", class: "error-text" }, text),
      h("button", { class: "dismiss", "data-testid": "error-dismiss", onclick: onDismissError }, t("error.dismiss")),
    );
  }

  const notice = $("notice");
  notice.hidden = !s.notice;
  fill(notice, s.notice ? t(s.notice.key, s.notice.args) : "");

  fill(
    $("alarms"),
    s.alarms.map((alarm, i) =>
      h(
        "div",
        { class: "alarm", "data-testid": `alarm-${alarm.name}` },
        h("b", {}, alarm.name),
        " ",
        alarm.text ?? "",
        h("button", { class: "secondary", onclick: () => onDismissAlarm(i) }, t("alarm.dismiss")),
      ),
    ),
  );
}
