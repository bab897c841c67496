// The WebSocket to stationd (docs/api.md, "WebSocket /ws"): connects with the
// token as subprotocol, reconnects with a growing delay, matches replies to
// requests by id.

const PROTOCOL = "stationd.v1";
const REPLY_TIMEOUT_MS = 15000;

export class Connection {
  // onMessage(msg), onState("connecting" | "open", {everOpened})
  constructor({ token, onMessage, onState }) {
    this.token = token;
    this.onMessage = onMessage;
    this.onState = onState;
    this.ws = null;
    this.nextId = 1;
    this.pending = new Map();
    this.delay = 500;
    this.timer = null;
    this.stopped = false;
    this.everOpened = false;
  }

  get open() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  connect() {
    this.stopped = false;
    clearTimeout(this.timer);
    this.onState("connecting", { everOpened: this.everOpened });
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`, [
      PROTOCOL,
      "bearer." + this.token,
    ]);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.everOpened = true;
      this.delay = 500;
      this.onState("open", { everOpened: true });
    };
    ws.onmessage = (event) => {
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg.type === "reply" && this.pending.has(msg.id)) {
        const { resolve, timer } = this.pending.get(msg.id);
        clearTimeout(timer);
        this.pending.delete(msg.id);
        resolve(msg);
      }
      this.onMessage(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.failPending("not_connected");
      if (this.stopped) return;
      this.onState("connecting", { everOpened: this.everOpened, failedBeforeOpen: !opened });
      const wait = this.delay * (0.8 + Math.random() * 0.4);
      this.delay = Math.min(this.delay * 2, 10000);
      this.timer = setTimeout(() => this.connect(), wait);
    };
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
    this.ws = null;
  }

  // Sends {id, ...message}; resolves with the reply, or {ok: false, error:
  // "not_connected" | "timeout"} without one.
  request(message) {
    if (!this.open) return Promise.resolve({ type: "reply", ok: false, error: "not_connected" });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ type: "reply", id, ok: false, error: "timeout" });
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      this.ws.send(JSON.stringify({ id, ...message }));
    });
  }

  failPending(error) {
    for (const [id, { resolve, timer }] of this.pending) {
      clearTimeout(timer);
      resolve({ type: "reply", id, ok: false, error });
    }
    this.pending.clear();
  }
}
