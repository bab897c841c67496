// Keyboard-wedge scanners "type" a code and press Enter. Characters that come
// about gapMs apart (on average; no pause longer than maxGapMs), ended by Enter,
// are one scan. A person typing is slower and is not taken for a scanner; keys
// aimed at a text field or an open dialog are left alone.

function editable(target) {
  if (!(target instanceof Element)) return false;
  if (target.closest("dialog[open]")) return true;
  if (target.isContentEditable) return true;
  return target.matches("input, textarea, select");
}

export function installWedge({ onScan, gapMs = 50, maxGapMs = 150, minLength = 2 }) {
  let buffer = "";
  let first = 0;
  let last = 0;

  window.addEventListener(
    "keydown",
    (event) => {
      // Ctrl+] is how many wedge scanners type GS (the GS1 separator, FNC1).
      const gs = event.ctrlKey && !event.altKey && !event.metaKey && (event.key === "]" || event.code === "BracketRight");
      if (!gs && (event.ctrlKey || event.altKey || event.metaKey)) return;
      if (editable(event.target) || document.querySelector("dialog[open]")) {
        buffer = "";
        return;
      }
      const now = performance.now();
      const pause = now - last;
      if (event.key === "Enter") {
        const code = buffer;
        buffer = "";
        const mean = code.length > 1 ? (last - first) / (code.length - 1) : Infinity;
        if (code.length >= minLength && mean <= gapMs && pause <= maxGapMs) {
          // A scan: the Enter must not also press a focused button.
          event.preventDefault();
          event.stopPropagation();
          onScan(code);
        }
        return;
      }
      if (!gs && event.key.length !== 1) return;
      if (buffer === "" || pause > maxGapMs) {
        buffer = "";
        first = now;
      }
      buffer += gs ? "\x1d" : event.key;
      last = now;
      // Characters of a scan must not press a focused button (space) or scroll.
      event.preventDefault();
    },
    { capture: true },
  );
}
