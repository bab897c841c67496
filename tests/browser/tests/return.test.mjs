// A return verification through the UI: the parcel identified and its units
// scanned with the wedge scanner, weighed on the simulated scale, the grade
// chosen on the screen (reason chip, then the grade button) and confirmed.

import test from "node:test";
import assert from "node:assert/strict";
import { withStation } from "../lib/browser.mjs";

test("return RMA-000100: scanned, weighed, graded by button, confirmed", async () => {
  await withStation("return", async (s) => {
    await s.scanExpect("OP-0002", "Welcome, John Smith");
    await s.click("mode-return");
    await s.waitFor(async () => (await s.attr("mode-return", "aria-pressed")) === "true", "return mode");
    await s.waitText("task-detail", /RMA, the order or the tracking number/);

    // The carrier's tracking number of the return label identifies the parcel.
    await s.scanExpect("1ZRET0000000000001", "RMA-000100");
    await s.waitText("task-detail", /unopened parcel on the scale/);
    await s.waitText("lines-table", "Headphones X1");
    await s.shot("identified");

    // The unopened parcel on the scale: expected 750 g (two units + packaging).
    s.stack.scale.send("weight 0.745 kg motion");
    await s.waitFor(async () => (await s.attr("tolerance-band", "data-inside")) === "true", "the weight inside the band");
    await s.shot("weighing");
    s.stack.scale.send("weight 0.745 kg stable");
    await s.waitText("task-detail", /scan every unit/);
    assert.equal((await s.station()).ret.measured_g, 745);

    await s.scanExpect("(01)07350053850033(21)SN1001", /Headphones X1/);
    await s.scanExpect("SKU-TSHIRTM", /T-shirt/);
    await s.waitText("units-table", "SN1001");
    assert.equal(await s.page.locator('[data-testid="units-table"] tbody tr').count(), 2);
    await s.shot("units-scanned");
    await s.click("action-items-done");
    await s.waitText("task-detail", /choose the reasons, then the grade/);

    // Grade buttons wait for a reason; then the grade button grades.
    assert.equal(await s.el("grade-A").isDisabled(), true);
    await s.click("reason-AS_NEW");
    assert.equal(await s.attr("reason-AS_NEW", "aria-pressed"), "true");
    await s.shot("grade-reason");
    await s.click("grade-A");
    await s.waitText("task-detail", /grade A/);
    let ret = (await s.station()).ret;
    assert.equal(ret.grade, "A");
    assert.deepEqual(ret.reason_codes, ["AS_NEW"]);
    assert.equal(ret.step, "confirm");
    await s.waitText("unit-1-disposition", /Restock/);
    await s.shot("graded");

    await s.click("action-confirm");
    await s.waitFor(async () => (await s.station()).returns["RMA-000100"]?.state === "INSPECTED", "the return inspected");
    await s.waitText("task-detail", /RMA, the order or the tracking number/);
    await s.shot("confirmed");

    // The same parcel again is refused: it is done.
    await s.scan("RMA-000100");
    await s.waitText("error-text", /RMA-000100/);
    await s.shot("already-done");
  });
});
