// What the screen shows, in one place: everything stationd sent, plus the
// screen's own choices. Changes go through update(), which re-renders.

export const state = {
  connection: "connecting", // connecting, open, key (no usable token)
  keyRejected: false,
  hello: null,
  view: null,
  vars: {},
  instruction: null, // the last accepted decision (shown big)
  error: null, // {text: {sv, en}} or {key, args}: the red panel, until the next accepted input
  notice: null, // a short confirmation (reprint sent)
  alarms: [],
  language: null, // chosen on the screen: {lang, badge} (the operator it was chosen for)
  reasons: [], // grade reason codes picked on the return screen
  dispositionUnit: 0, // 0: every unit
};

let renderer = () => {};
let scheduled = false;

export function onRender(fn) {
  renderer = fn;
}

export function update(patch = {}) {
  Object.assign(state, patch);
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    renderer(state);
  });
}

// Devices named in the variables: {name, state, kind}.
export function devices(vars) {
  const out = [];
  for (const key of Object.keys(vars)) {
    const m = /^(.+)\.driver\.state$/.exec(key);
    if (!m || vars[key] == null) continue; // null: the device was removed
    const name = m[1];
    let kind = "device";
    if (`${name}.weight` in vars || `${name}.stable` in vars) kind = "scale";
    else if (`${name}.status` in vars) kind = "printer";
    else if (`${name}.signal` in vars) kind = "light";
    else if (`${name}.scans` in vars) kind = "scanner";
    out.push({ name, state: vars[key], kind });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function deviceOf(vars, kind) {
  return devices(vars).find((d) => d.kind === kind)?.name ?? null;
}

// The scale's weight in grams (null when there is none to use) and its stable flag.
export function scaleReading(vars) {
  const name = deviceOf(vars, "scale");
  if (!name) return null;
  const raw = vars[`${name}.weight`];
  const unit = String(vars[`${name}.unit`] ?? "kg").toLowerCase();
  const value = raw === null || raw === undefined || raw === "" ? NaN : Number(raw);
  const factor = { kg: 1000, g: 1, lb: 453.59237, oz: 28.349523125 }[unit] ?? 1000;
  return {
    name,
    grams: Number.isFinite(value) ? Math.round(value * factor) : null,
    raw,
    unit,
    stable: vars[`${name}.stable`] === true,
    scaleState: vars[`${name}.state`] ?? null,
  };
}

// The operator's language unless one was chosen on the screen for this operator.
export function currentLanguage(s) {
  const badge = s.view?.operator?.badge ?? "";
  if (s.language && s.language.badge === badge) return s.language.lang;
  return s.view?.operator?.language || "sv";
}
