// A package outside the weight tolerance: the band and the marker turn red, the
// step waits for a supervisor, whose badge and a reason typed in the override
// dialog let the package through.

import test from "node:test";
import assert from "node:assert/strict";
import { withStation } from "../lib/browser.mjs";

test("weight outside the tolerance, then a supervisor override with a reason", async () => {
  await withStation("weight", async (s) => {
    await s.scanExpect("OP-0002", "Welcome, John Smith");
    await s.scanExpect("CMD-PACK", /pack/i);
    await s.scanExpect("SO-000006", "SO-000006");
    await s.scanExpect("BOX-M", /BOX-M/);
    for (const code of ["SKU-TSHIRTM", "SKU-TSHIRTM", "SKU-TSHIRTM", "(01)07350053850071"]) {
      await s.scanExpect(code, /packed|packad/i);
    }
    await s.click("action-close");
    await s.waitText("task-detail", /scale/i);

    // 3 T-shirts and a charger in a medium box: 1050 g expected; 1400 g is far off.
    s.stack.scale.send("weight 1.400 kg motion");
    await s.waitText("scale-weight", "1.400 kg");
    await s.waitFor(async () => (await s.attr("tolerance-band", "data-inside")) === "false", "the weight outside the band");
    assert.match(await s.attr("tolerance-marker", "class"), /outside/);
    await s.waitText("tolerance-text", /Expected 1050 g ± \d+ g · Outside tolerance/);
    const beeps = Number((await s.page.evaluate(() => document.body.dataset.beeps)) ?? 0);
    s.stack.scale.send("weight 1.400 kg stable");
    await s.waitFor(async () => (await s.station()).pack?.step === "weight_mismatch", "the weight mismatch step");
    await s.waitFor(async () => (await s.attr("instruction", "data-light")) === "red", "a red instruction");
    assert.equal(Number(await s.page.evaluate(() => document.body.dataset.beeps)), beeps + 1, "an error tone");
    await s.waitText("task-detail", /outside the tolerance/);
    await s.waitText("override-detail", /Waiting for a supervisor/);
    await s.shot("weight-mismatch");

    // Karin Lund (supervisor) scans her badge, the reason goes in the dialog.
    await s.scanExpect("OP-0009", /Karin Lund/);
    await s.click("action-override");
    await s.el("dialog-input-reason").click();
    await s.page.keyboard.type("gift wrapping adds weight");
    await s.shot("override-reason");
    await s.page.keyboard.press("Enter");
    await s.waitFor(async () => {
      const pkg = (await s.station()).orders["SO-000006"]?.packages?.[0];
      return pkg && pkg.sscc && pkg.override_by === "OP-0009";
    }, "the package sealed with the override");
    const pkg = (await s.station()).orders["SO-000006"].packages[0];
    assert.equal(pkg.override_reason, "gift wrapping adds weight");
    assert.equal(pkg.measured_g, 1400);
    await s.waitHidden("override");
    await s.shot("overridden");
  });
});
