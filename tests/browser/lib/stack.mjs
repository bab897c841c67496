// Starts a real station for the browser tests, as scripts/demo does but in a
// temporary directory with free ports: the device simulators (devsim: serial
// scanner and MT-SICS scale on ptys, a Patlite tower on Modbus TCP, a Zebra
// printer on raw ZPL), central-sim with CURVE keys, and stationd with the
// example configuration, its devices replaced by the simulated ones and an
// [http] section serving station-ui/.

import { spawn, execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

export const sourceDir = process.env.STATIOND_SOURCE_DIR ?? path.resolve(here, "../../..");
export const binDir = process.env.STATIOND_BUILD_DIR ?? path.join(sourceDir, "build/dev");

export const binaries = {
  stationd: path.join(binDir, "daemon/stationd"),
  stationctl: path.join(binDir, "daemon/stationctl"),
  devsim: path.join(binDir, "hardware/devsim"),
  centralSim: path.join(binDir, "tests/central-sim/central-sim"),
};

export const TOKEN = "kiosk-token-for-browser-tests-0123456789";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A child process whose output is kept; ready() waits for a line starting with "ready ".
class Child {
  constructor(name, program, args, { env, cwd, logDir }) {
    this.name = name;
    this.out = "";
    this.exited = null;
    this.proc = spawn(program, args, { env: { ...process.env, ...env }, cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.exitPromise = new Promise((resolve) => {
      this.proc.on("exit", (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      });
    });
    this.proc.stdin.on("error", () => {});
    this.proc.stdout.on("data", (d) => (this.out += d.toString()));
    this.logFile = path.join(logDir, `${name}.log`);
    this.log = fs.open(this.logFile, "a"); // a restarted process goes on in the same file
    this.proc.stderr.on("data", async (d) => (await this.log).write(d));
  }

  async ready(timeoutMs = 15000) {
    const start = Date.now();
    for (;;) {
      const m = /^ready (.*)$/m.exec(this.out);
      if (m) return m[1].trim();
      if (this.exited) throw new Error(`${this.name} exited (${JSON.stringify(this.exited)}): ${await this.stderr()}`);
      if (Date.now() - start > timeoutMs) throw new Error(`${this.name} did not get ready: ${await this.stderr()}`);
      await sleep(50);
    }
  }

  async stderr() {
    try {
      return (await fs.readFile(this.logFile, "utf8")).slice(-4000);
    } catch {
      return "";
    }
  }

  send(line) {
    this.proc.stdin.write(line + "\n");
  }

  async stop(signal = "SIGTERM", timeoutMs = 5000) {
    if (this.exited) return this.exited;
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
    const result = await this.exitPromise;
    clearTimeout(timer);
    (await this.log).close().catch(() => {});
    return result;
  }
}

export class Stack {
  constructor() {
    this.children = [];
  }

  async start() {
    for (const [name, file] of Object.entries(binaries)) {
      await fs.access(file).catch(() => {
        throw new Error(`${name} is not built: ${file}`);
      });
    }
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), "stationd-browser-"));
    const d = (...p) => path.join(this.dir, ...p);
    for (const sub of ["state", "run", "dev", "logs", "central"]) await fs.mkdir(d(sub), { recursive: true });
    this.env = { STATE_DIRECTORY: d("state"), RUNTIME_DIRECTORY: d("run"), STATIONCTL_SOCKET: d("run/control.sock") };
    const opts = { env: this.env, cwd: this.dir, logDir: d("logs") };

    // Devices.
    this.scanner = this.spawn("scanner", binaries.devsim, ["scanner", "--link", d("dev/scanner")], opts);
    this.scale = this.spawn("scale", binaries.devsim, ["mt-sics", "--link", d("dev/scale"), "--serial", "TEST-0001"], opts);
    this.tower = this.spawn("tower", binaries.devsim, ["modbus-light", "--map", "patlite-la6", "--port", "0"], opts);
    this.printer = this.spawn("printer", binaries.devsim, ["zpl-printer", "--port", "0", "--rate", "400"], opts);
    await this.scanner.ready();
    await this.scale.ready();
    this.scale.send("weight 0.000 kg stable");
    const towerPort = /:(\d+)$/.exec(await this.tower.ready())[1];
    const printerPort = /:(\d+)$/.exec(await this.printer.ready())[1];

    // Central with CURVE keys and an allow-list naming the station.
    await run(binaries.centralSim, ["--keygen", "--keys", d("central")]);
    await run(binaries.stationctl, ["keygen", "--dir", d("state/curve")], { env: { ...process.env, ...this.env } });
    const stationKey = (await fs.readFile(d("state/curve/station.pub"), "utf8")).trim();
    await fs.writeFile(d("central/allow.txt"), `bench-01 ${stationKey}\n`);
    this.centralPort = await freePort();
    this.centralEndpoint = `tcp://127.0.0.1:${this.centralPort}`;
    await this.startCentral();
    const centralKey = (await fs.readFile(d("central/central.pub"), "utf8")).trim();

    // Configuration: the example up to its device section, then the simulated devices.
    this.httpPort = await freePort();
    const example = await fs.readFile(path.join(sourceDir, "config/station.example.toml"), "utf8");
    const head = example.split(/^# -+ *$/m)[0]
      .replace(/^master_data = ""/m, 'master_data = "master-data.json"')
      .replace(/^endpoint = .*$/m, `endpoint = "${this.centralEndpoint}"`)
      .replace(/^server_public_key = .*$/m, () => `server_public_key = "${centralKey.replace(/\\/g, "\\\\")}"`);
    const devices = `
[[device]]
name = "scanner"
class = "scanner"
driver = "serial-scanner"
port = "${d("dev/scanner")}"
reconnect_initial = "200ms"
reconnect_max = "2s"

[[device]]
name = "scale"
class = "scale"
driver = "mt-sics"
port = "${d("dev/scale")}"
poll_interval = "200ms"
settle_window = "600ms"
settle_tolerance = 0.002
reconnect_initial = "200ms"
reconnect_max = "2s"

[[device]]
name = "tower"
class = "light"
driver = "patlite"
host = "127.0.0.1"
tcp_port = ${towerPort}
reconnect_initial = "200ms"
reconnect_max = "2s"

[[device]]
name = "printer"
class = "printer"
driver = "zpl-tcp"
host = "127.0.0.1"
tcp_port = ${printerPort}
status_interval = "500ms"
reconnect_initial = "200ms"
reconnect_max = "2s"
`;
    // Its [http] section, as scripts/demo does: a free port, this tree's UI, the tests' token.
    const config = head
      .replace(/^listen = .*$/m, `listen = "127.0.0.1:${this.httpPort}"`)
      .replace(/^ui_directory = .*$/m, `ui_directory = "${path.join(sourceDir, "station-ui")}"`)
      .replace(/^token = "example-kiosk-token-change-me-0001"$/m, `token = "${TOKEN}"`);
    if (!config.includes(TOKEN)) throw new Error("config/station.example.toml has no kiosk token in [http] to replace");
    this.config = d("station.toml");
    await fs.writeFile(this.config, config + "\n# ---- simulated devices\n" + devices);
    await fs.cp(path.join(sourceDir, "config/scales"), d("scales"), { recursive: true });
    await fs.cp(path.join(sourceDir, "config/labels"), d("labels"), { recursive: true });
    await fs.copyFile(path.join(sourceDir, "config/master-data.example.json"), d("master-data.json"));

    const check = await run(binaries.stationd, ["-t", this.config], { env: { ...process.env, ...this.env } }).catch((e) => e);
    if (check instanceof Error) throw new Error(`stationd -t ${this.config} failed:\n${check.stdout}${check.stderr}`);
    await this.startStationd();
    return this;
  }

  async startStationd() {
    this.stationd = this.spawn("stationd", binaries.stationd, ["-c", this.config], {
      env: this.env,
      cwd: this.dir,
      logDir: path.join(this.dir, "logs"),
    });
    await this.waitFor(async () => (await this.ctl("status").catch(() => null)) !== null, 20000, "stationd control socket");
    await this.waitFor(() => this.httpUp(), 20000, "stationd HTTP listener");
    await this.waitFor(async () => (await this.variable("central.link")) === "up", 20000, "central link up");
  }

  async stopStationd() {
    const result = await this.stationd.stop();
    this.children = this.children.filter((c) => c !== this.stationd);
    return result;
  }

  spawn(name, program, args, opts) {
    const child = new Child(name, program, args, opts);
    this.children.push(child);
    return child;
  }

  get url() {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async httpUp() {
    try {
      const res = await fetch(`${this.url}/healthz`);
      return res.status < 500 || res.status === 503;
    } catch {
      return false;
    }
  }

  async startCentral() {
    const d = (...p) => path.join(this.dir, ...p);
    this.central = this.spawn(
      "central",
      binaries.centralSim,
      ["--bind", this.centralEndpoint, "--db", d("central/central.db"), "--keys", d("central"),
       "--allow", d("central/allow.txt"), "--seed", path.join(sourceDir, "config/master-data.example.json")],
      { env: this.env, cwd: this.dir, logDir: d("logs") },
    );
    await this.central.ready();
  }

  async stopCentral() {
    await this.central.stop("SIGKILL");
    this.children = this.children.filter((c) => c !== this.central);
  }

  // stationctl ARGS...: the parsed JSON reply (rejects when stationctl fails).
  async ctl(...args) {
    const { stdout } = await run(binaries.stationctl, args, { env: { ...process.env, ...this.env }, timeout: 15000 });
    const text = stdout.trim();
    return text ? JSON.parse(text) : {};
  }

  async variable(name) {
    const reply = await this.ctl("variables", name).catch(() => null);
    return reply?.arguments?.[name] ?? reply?.arguments?.variables?.[name] ?? null;
  }

  async station() {
    return (await this.ctl("station")).arguments;
  }

  // A weight on the simulated scale: it moves, then settles.
  async weigh(kg) {
    this.scale.send(`weight ${kg} kg motion`);
    await sleep(400);
    this.scale.send(`weight ${kg} kg stable`);
  }

  async waitFor(predicate, timeoutMs, what) {
    const start = Date.now();
    for (;;) {
      if (await predicate()) return;
      for (const c of this.children) {
        if (c.exited && c !== this.central) throw new Error(`${c.name} exited while waiting for ${what}: ${await c.stderr()}`);
      }
      if (Date.now() - start > timeoutMs) throw new Error(`waited in vain for ${what}`);
      await sleep(100);
    }
  }

  async stop({ keep = false } = {}) {
    for (const child of [...this.children].reverse()) await child.stop();
    if (this.dir && !keep) await fs.rm(this.dir, { recursive: true, force: true });
  }

  async logs() {
    const out = [];
    for (const c of this.children) out.push(`--- ${c.name}\n${await c.stderr()}`);
    return out.join("\n");
  }
}
