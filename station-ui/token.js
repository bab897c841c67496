// The operator token: given once in the address (#token=...), kept in
// localStorage, or typed on the station key screen.

const KEY = "stationd.token";

// The token from the address (which is then cleared, so it is not left on the
// screen or in the history), else the stored one, else "".
export function loadToken() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const fromHash = params.get("token");
  if (fromHash) {
    saveToken(fromHash);
    history.replaceState(null, "", location.pathname + location.search);
    return fromHash;
  }
  try {
    return localStorage.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

export function saveToken(token) {
  try {
    localStorage.setItem(KEY, token);
  } catch {
    // private mode: the token lasts as long as the page
  }
}

export function forgetToken() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

// Whether stationd accepts the token: false on 401/403, true on anything else
// (a network error says nothing about the token).
export async function tokenAccepted(token) {
  try {
    const res = await fetch("/api/v1/station", { headers: { Authorization: "Bearer " + token } });
    return res.status !== 401 && res.status !== 403;
  } catch {
    return true;
  }
}
