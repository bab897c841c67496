// A whole order through the UI, as an operator with a keyboard-wedge scanner
// does it: log in, pick SO-000001 into a tote, pack it (carton, every unit,
// close, the package weighed on the simulated scale, its label printed) and
// load it at the dock (docs/workflows.md; the same steps as scripts/demo-walkthrough).

import test from "node:test";
import assert from "node:assert/strict";
import { withStation } from "../lib/browser.mjs";

test("pick, pack with weighing and a label, ship: scanned into the UI", async () => {
  await withStation("pack", async (s) => {
    await s.waitText("instruction", "Skanna ditt passerkort");
    await s.shot("logged-out");

    await s.scanExpect("OP-0002", "Welcome, John Smith");
    await s.waitText("operator-name", "John Smith");
    assert.equal(await s.attr("lang-switch", "data-testid"), "lang-switch");
    await s.shot("logged-in");

    // Pick into tote T000001.
    await s.scanExpect("CMD-PICK", /pick/i);
    await s.scanExpect("SO-000001", "SO-000001");
    await s.waitText("lines-table", "Coffee mug");
    await s.scanExpect("T000001", /T000001/);
    await s.scanExpect("A01-01-01", /Coffee mug/);
    await s.scanExpect("SKU-MUG1", /Coffee mug/);
    await s.shot("pick-first-unit");
    // The quantity from the button's dialog: typing there is not a scan.
    await s.click("action-quantity");
    await s.el("dialog-input-n").click();
    await s.page.keyboard.type("2");
    await s.shot("quantity-dialog");
    await s.page.keyboard.press("Enter");
    await s.waitFor(async () => (await s.attr("line-1", "data-state")) === "complete", "line 1 picked");
    await s.scanExpect("A01-02-01", /Vitamin D/);
    await s.scanExpect("(01)07350053850026(17)300630(10)L100", /Vitamin D|L100/);
    await s.scanExpect("A02-01-01", /Headphones/);
    await s.scanExpect("(01)07350053850033(21)SN5001", /SO-000001/);
    let station = await s.station();
    assert.equal(station.orders["SO-000001"].step, "PICKED");
    await s.shot("picked");

    // Pack: the mode by its button, the rest scanned.
    await s.click("mode-pack");
    await s.waitFor(async () => (await s.attr("mode-pack", "aria-pressed")) === "true", "pack mode");
    await s.scanExpect("T000001", /BOX-M/);
    await s.scanExpect("BOX-M", /BOX-M/);
    // The vitamins as a GS1-128 scan: AIM ]C1, lot (10), then GS (typed as Ctrl+]) before the expiry (17).
    for (const code of ["SKU-MUG1", "SKU-MUG1", "]C1010735005385002610L100\x1d17300630", "(01)07350053850033(21)SN5001"]) {
      await s.scanExpect(code, /packed|packad/i);
    }
    await s.waitFor(async () => (await s.page.locator('[data-testid="lines-table"] tr.complete').count()) === 3, "every line packed");
    await s.shot("packed-units");
    await s.click("action-close");
    await s.waitText("task-detail", /scale/i);

    // The package on the scale: moving, inside the tolerance band, then stable.
    s.stack.scale.send("weight 1.522 kg motion");
    await s.waitText("scale-weight", "1.522 kg");
    assert.equal(await s.attr("scale-stable", "data-stable"), "false");
    await s.waitFor(async () => (await s.attr("tolerance-band", "data-inside")) === "true", "the weight inside the band");
    await s.shot("weighing");
    s.stack.scale.send("weight 1.522 kg stable");
    await s.waitFor(async () => {
      const st = await s.station();
      return st.orders["SO-000001"]?.step === "LABELED" && st.orders["SO-000001"].packages[0].state === "LABELED";
    }, "the package labelled");
    station = await s.station();
    const pkg = station.orders["SO-000001"].packages[0];
    assert.match(pkg.sscc, /^\d{18}$/);
    assert.equal(pkg.measured_g, 1522);
    await s.waitText("print-jobs", pkg.sscc);
    await s.shot("labelled");

    // A torn label printed again, with the reason asked in a dialog.
    const job = pkg.label_job;
    assert.ok(job > 0, "the package names its label's print job");
    await s.click(`reprint-${job}`);
    await s.el("dialog-input-reason").click();
    await s.page.keyboard.type("label torn");
    await s.shot("reprint-reason");
    await s.click("dialog-ok");
    await s.waitText("notice", String(job));
    const queue = (await s.stack.ctl("print-queue", "--all")).arguments.jobs;
    const copy = queue.find((j) => j.reprint_of === job);
    assert.ok(copy, `a reprint of job ${job} in ${JSON.stringify(queue)}`);
    assert.equal(copy.reason, "label torn");
    assert.equal(copy.requested_by, "OP-0002");
    s.stack.scale.send("weight 0.000 kg stable");

    // Load it at the dock.
    await s.scanExpect("CMD-SHIP", /ship|SSCC|load/i);
    await s.scanExpect(`00${pkg.sscc}`, /SO-000001/);
    await s.waitFor(async () => {
      const st = await s.station();
      return st.orders["SO-000001"]?.state === "SHIPPED";
    }, "the order shipped");
    await s.shot("shipped");
    // The same package again is refused, in red.
    await s.scan(`00${pkg.sscc}`);
    await s.waitText("error-text", /./);
    assert.equal(await s.page.evaluate(() => document.body.dataset.beeps), "1");
  });
});
