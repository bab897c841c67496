// The offline banner: shown while central is away (central-sim stopped), with
// the events waiting for it, in both languages; gone once central is back.

import test from "node:test";
import assert from "node:assert/strict";
import { withStation } from "../lib/browser.mjs";

test("offline banner while central-sim is stopped, gone when it is back", async () => {
  await withStation("offline", async (s) => {
    await s.waitFor(async () => (await s.attr("central-link", "data-state")) === "up", "central up");
    assert.equal(await s.visible("offline-banner"), false);
    await s.shot("online");

    await s.stack.stopCentral();
    // Nobody logged in: the station's language, Swedish.
    await s.waitText("offline-banner", "Offline: centralen nås inte - arbetet fortsätter", "the offline banner");
    assert.notEqual(await s.attr("central-link", "data-state"), "up");
    await s.shot("offline-sv");

    // Work goes on; its events wait for central.
    await s.scanExpect("OP-0002", "Welcome, John Smith");
    await s.scanExpect("CMD-PACK", /pack/i);
    // The count follows outbox.depth (the login, the mode, ... each an event).
    let english = "";
    await s.waitFor(async () => {
      english = await s.text("offline-banner");
      const m = /^Offline: central not reachable - work continues, (\d+) events? waiting$/.exec(english);
      if (!m || Number(m[1]) < 2) return false;
      return Number(m[1]) === (await s.stack.ctl("outbox")).arguments.depth;
    }, () => `the banner to count the events waiting (it showed ${JSON.stringify(english)})`);
    await s.shot("offline-en");
    await s.click("lang-switch");
    await s.waitText("offline-banner", /^Offline: centralen nås inte - arbetet fortsätter, \d+ händelser? väntar$/);
    await s.shot("offline-sv-with-events");

    await s.stack.startCentral();
    await s.waitHidden("offline-banner", "the offline banner to go");
    await s.waitFor(async () => (await s.attr("central-link", "data-state")) === "up", "central up again");
    await s.waitFor(async () => (await s.stack.ctl("outbox")).arguments.depth === 0, "the outbox emptied");
    await s.shot("online-again");
  });
});
