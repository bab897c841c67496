// The screen's link to stationd: the station key screen when the page has no
// token or a wrong one, and a reconnect (with the work where it was) after
// stationd restarts.

import test from "node:test";
import assert from "node:assert/strict";
import { withStation } from "../lib/browser.mjs";
import { TOKEN } from "../lib/stack.mjs";

test("station key screen, a refused key, and a reconnect after stationd restarts", async () => {
  await withStation("connection", async (s) => {
    // A second screen without a token asks for the key.
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(s.stack.url + "/");
    const key = (id) => page.locator(`[data-testid="${id}"]`);
    await key("key-screen").waitFor({ state: "visible" });
    assert.equal(await key("main-screen").isVisible(), false);
    await key("key-input").fill("not-the-station-key-000000000");
    await key("key-submit").click();
    await key("key-error").waitFor({ state: "visible" });
    assert.equal((await key("key-error").textContent()).trim(), "Stationen godtog inte nyckeln.");
    await page.screenshot({ path: `${s.dir}/00-key-refused.png` });
    await key("key-input").fill(TOKEN);
    await key("key-submit").click();
    await key("main-screen").waitFor({ state: "visible" });
    await page.waitForFunction(() => document.body.dataset.connection === "open");
    // Kept: a reload needs no key.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.connection === "open");
    assert.equal(await key("key-screen").isVisible(), false);
    await page.close();

    // Work in progress, then stationd goes away and comes back.
    await s.scanExpect("OP-0002", "Welcome, John Smith");
    await s.scanExpect("CMD-PICK", /pick/i);
    await s.scanExpect("SO-000001", "SO-000001");
    await s.stack.stopStationd();
    await s.waitText("connecting-banner", "Connecting to the station", "the connecting banner");
    assert.equal(await s.attr("connection-state", "data-state"), "connecting");
    await s.shot("connecting");
    await s.stack.startStationd();
    await s.waitFor(async () => (await s.attr("connection-state", "data-state")) === "open", "the UI to reconnect", 30000);
    await s.waitHidden("connecting-banner");
    await s.waitText("operator-name", "John Smith");
    await s.waitText("task-detail", /Order SO-000001: scan a tote/);
    await s.scanExpect("T000001", /T000001/);
    await s.shot("reconnected");
    // The browser's own complaints about the refused connections meanwhile are expected.
    s.problems = s.problems.filter((p) => !/WebSocket connection to|ERR_CONNECTION_REFUSED/.test(p));
  });
});
