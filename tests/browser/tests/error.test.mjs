// A wrong item while packing: the red error panel with the station's text and
// a tone; it stays until the next accepted input, or until dismissed.

import test from "node:test";
import assert from "node:assert/strict";
import { withStation } from "../lib/browser.mjs";

test("wrong item: red error panel until the next accepted scan", async () => {
  await withStation("error", async (s) => {
    await s.scanExpect("OP-0002", "Welcome, John Smith");
    await s.scanExpect("CMD-PACK", /pack/i);
    await s.scanExpect("SO-000001", "SO-000001");
    await s.scanExpect("BOX-M", /BOX-M/);
    assert.equal(await s.visible("error-panel"), false);
    const beeps = Number((await s.page.evaluate(() => document.body.dataset.beeps)) ?? 0);

    await s.scan("SKU-TSHIRTM");
    const text = await s.waitText("error-text", "Wrong item: T-shirt, size M is not on order SO-000001");
    assert.equal(await s.attr("error-panel", "data-message"), "pack.wrong_item");
    const colour = await s.el("error-panel").evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(colour, "rgb(185, 28, 28)", "the panel is red");
    const width = await s.el("error-panel").evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width >= 1280 - 1, `full width: ${width}`);
    assert.equal(Number(await s.page.evaluate(() => document.body.dataset.beeps)), beeps + 1, "one error tone");
    await s.shot("wrong-item");

    // Nothing was packed; the error stays while the view changes around it.
    const station = await s.station();
    assert.equal(station.orders["SO-000001"].packages[0].units.length, 0);
    s.stack.scale.send("weight 0.100 kg stable");
    await s.waitText("scale-weight", "0.100 kg");
    assert.equal(await s.text("error-text"), text);

    // In English and Swedish alike (the decision carries both).
    await s.click("lang-switch");
    await s.waitText("error-text", "Fel artikel");
    await s.shot("wrong-item-sv");
    await s.click("lang-switch");
    await s.waitText("error-text", "Wrong item");

    // The next accepted scan clears it.
    await s.scanExpect("SKU-MUG1", /Coffee mug/);
    await s.waitHidden("error-panel");
    await s.shot("cleared");

    // Another refusal, dismissed by hand.
    await s.scan("SKU-TSHIRTM");
    await s.waitText("error-text", "Wrong item");
    await s.click("error-dismiss");
    await s.waitHidden("error-panel");
    assert.equal((await s.station()).orders["SO-000001"].packages[0].units.length, 1);
  });
});
