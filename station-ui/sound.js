// A short error tone made with WebAudio (no sound file). Browsers start audio
// only after the page was touched once; until then the tone is skipped.

let context = null;

function audio() {
  if (!context) {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    context = new Ctx();
  }
  if (context.state === "suspended") context.resume().catch(() => {});
  return context;
}

// Let the first touch or key unlock audio.
export function unlockAudio() {
  const unlock = () => audio();
  window.addEventListener("pointerdown", unlock, { once: true, capture: true });
  window.addEventListener("keydown", unlock, { once: true, capture: true });
}

// Two short low tones; counts in <body data-beeps> what was sounded.
export function errorBeep() {
  document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime;
  for (const [offset, freq] of [[0, 440], [0.18, 330]]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "square";
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.16);
  }
}
