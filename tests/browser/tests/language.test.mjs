// Swedish and English: the operator's language first, then the switch
// re-renders the instruction (both texts come from stationd) and every
// static label at once.

import test from "node:test";
import assert from "node:assert/strict";
import { withStation } from "../lib/browser.mjs";

test("language switch sv <-> en changes the instruction and the labels", async () => {
  await withStation("language", async (s) => {
    // Åsa Öberg works in Swedish (master data).
    await s.scanExpect("OP-0001", "Välkommen, Åsa Öberg");
    await s.scanExpect("CMD-PICK", /plock/i);
    await s.scanExpect("SO-000001", "SO-000001");
    await s.waitText("lines-table", "Förväntat");
    const sv = {
      instruction: await s.text("instruction"),
      detail: await s.text("task-detail"),
    };
    assert.equal(await s.page.evaluate(() => document.body.dataset.lang), "sv");
    assert.equal(await s.text("logout-button"), "Logga ut");
    assert.equal(await s.text("mode-pick"), "Plock");
    assert.equal(await s.text("lang-switch"), "English");
    assert.match(sv.detail, /skanna en back/);
    await s.shot("swedish");

    await s.click("lang-switch");
    await s.waitText("logout-button", "Log out");
    assert.equal(await s.page.evaluate(() => document.body.dataset.lang), "en");
    const en = await s.text("instruction");
    assert.notEqual(en, sv.instruction);
    assert.match(en, /SO-000001/);
    assert.match(await s.text("task-detail"), /scan a tote/);
    assert.equal(await s.text("mode-pick"), "Pick");
    assert.equal(await s.text("lang-switch"), "Svenska");
    assert.match(await s.text("lines-table"), /Expected/);
    assert.equal(await s.el("manual-code").getAttribute("placeholder"), "Type a code and press Enter");
    await s.shot("english");

    // A new decision comes in the chosen language too; this one typed into the code field.
    await s.el("manual-code").click();
    await s.page.keyboard.type("T000001", { delay: 120 });
    await s.page.keyboard.press("Enter");
    await s.waitText("instruction", /T000001/);
    assert.equal(await s.el("manual-code").inputValue(), "");
    const enNext = await s.text("instruction");
    await s.click("lang-switch");
    await s.waitText("logout-button", "Logga ut");
    assert.notEqual(await s.text("instruction"), enNext);
    assert.match(await s.text("lines-table"), /Förväntat/);
    assert.equal(await s.el("manual-code").getAttribute("placeholder"), "Skriv en kod och tryck Enter");
    await s.shot("swedish-again");

    // Log out: nobody's language is the station's, Swedish.
    await s.click("logout-button");
    await s.waitText("operator-name", "Ingen inloggad");
    await s.waitText("instruction", "Åsa Öberg har loggat ut.");
    await s.waitText("task-detail", "Skanna ditt passerkort för att logga in.");
    assert.equal(await s.visible("mode-pick"), false);
    assert.equal((await s.station()).session, null);
    await s.shot("logged-out");
  });
});
