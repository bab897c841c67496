// Runs browser test files with node's test runner, or exits 77 (ctest: skipped)
// when Chromium or the npm packages are not there - unless STATIOND_REQUIRE_BROWSER
// is set (scripts/test sets it, having installed both): then that is a failure.
// Usage: node tests/browser/run.mjs [tests/NAME.test.mjs ...]   (default: all)

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";

function skip(why) {
  if (process.env.STATIOND_REQUIRE_BROWSER) {
    console.log(`browser tests cannot run: ${why}`);
    process.exit(1);
  }
  console.log(`browser tests skipped: ${why}`);
  process.exit(77);
}

if (!fs.existsSync(chromium)) skip(`no Chromium at ${chromium} (apt-get install chromium)`);
if (!fs.existsSync(path.join(here, "node_modules/playwright-core/package.json"))) {
  skip("playwright-core is not installed (npm ci --prefix tests/browser)");
}

const files = process.argv.slice(2);
const tests = (files.length ? files : fs.readdirSync(path.join(here, "tests")).filter((f) => f.endsWith(".test.mjs")).map((f) => `tests/${f}`))
  .map((f) => path.resolve(here, f));
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...tests], {
  cwd: here,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
