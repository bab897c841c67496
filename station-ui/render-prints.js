// The labels printed for the current work, each with a reprint button.

import { h, fill, $ } from "./dom.js";
import { t } from "./strings.js";

export function renderPrints(s, { onReprint }) {
  const box = $("prints");
  const jobs = s.view?.print_jobs ?? [];
  box.hidden = !s.view?.operator;
  fill(
    box,
    h("h2", {}, t("prints.title")),
    jobs.length === 0
      ? h("p", { class: "hint" }, t("prints.none"))
      : h(
          "ul",
          { class: "jobs", "data-testid": "print-jobs" },
          jobs.map((job) =>
            h(
              "li",
              { "data-testid": `print-job-${job.id}`, "data-state": job.state ?? "" },
              h(
                "span",
                { class: "job-what" },
                h("span", { class: "job-label" }, `#${job.id} ${job.label ?? ""}`),
                h("span", { class: "job-ref" }, job.reference ?? ""),
              ),
              h("span", { class: `job-state ${job.state ?? ""}` }, job.state ?? ""),
              h("button", { class: "secondary", "data-testid": `reprint-${job.id}`, onclick: () => onReprint(job) }, t("prints.reprint")),
            ),
          ),
        ),
  );
}
