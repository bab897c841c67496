// The browser side of the tests: Debian's Chromium driven by playwright-core,
// a page on the station UI, and helpers to scan, wait and take screenshots.

import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { Stack, TOKEN } from "./stack.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const artifactsRoot = process.env.STATIOND_BROWSER_ARTIFACTS ?? path.resolve(here, "../artifacts");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A running station and a browser page on its UI. name: the artifacts folder.
export async function openStation(name, { language } = {}) {
  const dir = path.join(artifactsRoot, name);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const stack = new Stack();
  let browser = null;
  try {
    await stack.start();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: language ?? "sv-SE" });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const problems = [];
    if (process.env.STATIOND_BROWSER_DEBUG) logWebSocket(page);
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${stack.url}/#token=${TOKEN}`);
    const station = new Station(stack, browser, page, dir, problems);
    await station.waitFor(() => station.attr("connection-state", "data-state").then((s) => s === "open"), "the UI to connect");
    return station;
  } catch (e) {
    await saveLogs(stack, dir);
    await browser?.close();
    await stack.stop({ keep: true });
    throw e;
  }
}

// STATIOND_BROWSER_DEBUG=1: every WebSocket message but variables, on standard output.
function logWebSocket(page) {
  page.on("websocket", (ws) => {
    ws.on("framesent", (f) => console.log("ui ->", f.payload));
    ws.on("framereceived", (f) => {
      if (!String(f.payload).includes('"type":"variable"')) console.log("ui <-", String(f.payload).slice(0, 300));
    });
  });
}

async function saveLogs(stack, dir) {
  if (!stack.dir) return;
  await fs.writeFile(path.join(dir, "processes.log"), await stack.logs()).catch(() => {});
}

export class Station {
  constructor(stack, browser, page, dir, problems) {
    this.stack = stack;
    this.browser = browser;
    this.page = page;
    this.dir = dir;
    this.problems = problems;
    this.shots = 0;
  }

  el(testid) {
    return this.page.locator(`[data-testid="${testid}"]`);
  }

  async text(testid) {
    const loc = this.el(testid);
    return (await loc.count()) ? ((await loc.first().textContent()) ?? "").trim() : "";
  }

  async attr(testid, name) {
    const loc = this.el(testid);
    return (await loc.count()) ? loc.first().getAttribute(name) : null;
  }

  async visible(testid) {
    const loc = this.el(testid);
    return (await loc.count()) > 0 && loc.first().isVisible();
  }

  // A keyboard-wedge scanner: the code typed fast, then Enter, with nothing focused.
  // A GS (the GS1 separator, "\x1d" in `code`) is typed as Ctrl+], as wedge scanners do.
  async scan(code) {
    await this.page.evaluate(() => document.activeElement?.blur());
    const parts = code.split("\x1d");
    for (let i = 0; i < parts.length; ++i) {
      if (i > 0) await this.page.keyboard.press("Control+BracketRight");
      await this.page.keyboard.type(parts[i]);
    }
    await this.page.keyboard.press("Enter");
  }

  // Scans, then waits until the instruction (accepted) or the error panel
  // (refused) shows the station's answer matching `expect`.
  async scanExpect(code, expect, where = "instruction") {
    const count = () => this.page.evaluate(() => Number(document.body.dataset.decisions || 0));
    const before = await count();
    await this.scan(code);
    await this.waitFor(async () => (await count()) > before, `a decision on ${code}`);
    if (await this.visible("error-panel")) {
      throw new Error(`${code} was refused: ${await this.text("error-text")}`);
    }
    return this.waitText(where, expect, `the answer to ${code}`);
  }

  async click(testid) {
    await this.el(testid).first().click();
  }

  // Until predicate() is truthy; `what` (or what()) names it in the error.
  async waitFor(predicate, what, timeoutMs = 15000) {
    const start = Date.now();
    let last;
    for (;;) {
      try {
        last = await predicate();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() - start > timeoutMs) {
        const name = typeof what === "function" ? what() : what;
        await this.shot(`timeout-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 40)}`);
        throw new Error(`waited in vain for ${name} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
      }
      await sleep(100);
    }
  }

  // Until the element's text matches (a RegExp, or a string it contains).
  async waitText(testid, expect, what = `${testid} to show ${expect}`) {
    let seen = "";
    await this.waitFor(async () => {
      if (!(await this.visible(testid))) {
        seen = "(hidden)";
        return false;
      }
      seen = await this.text(testid);
      return expect instanceof RegExp ? expect.test(seen) : seen.includes(expect);
    }, () => `${what} (${testid} showed ${JSON.stringify(seen)})`);
    return seen;
  }

  async waitHidden(testid, what = `${testid} to go away`) {
    await this.waitFor(async () => !(await this.visible(testid)), what);
  }

  async station() {
    return this.stack.station();
  }

  // One screenshot per important step: NN-name.png in the test's artifacts folder.
  async shot(name) {
    this.shots += 1;
    const file = path.join(this.dir, `${String(this.shots).padStart(2, "0")}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true }).catch(() => {});
    return file;
  }

  async close({ failed = false } = {}) {
    if (failed) await saveLogs(this.stack, this.dir);
    await this.browser.close().catch(() => {});
    await this.stack.stop({ keep: failed });
  }
}

// Runs body(station) on a fresh station; keeps logs and the station's folder
// when it fails, and fails on errors of the page itself.
export async function withStation(name, body, options) {
  const station = await openStation(name, options);
  let failed = true;
  try {
    await body(station);
    if (station.problems.length) throw new Error(`the page reported errors:\n${station.problems.join("\n")}`);
    failed = false;
  } finally {
    if (failed) await station.shot("failed");
    await station.close({ failed });
  }
}
