/**
 * What this device remembers between visits: plain choices that save a floor worker
 * typing (the site they work at, the sanitization standard they follow). Never the key
 * (that lives in the tab's sessionStorage only), never anything from the ledger.
 */
const PREFIX = 'circularity.';

/** The remembered value, or null (nothing yet, or storage switched off). */
export function recall(name) {
  try {
    return localStorage.getItem(PREFIX + name);
  } catch {
    return null;
  }
}

export function remember(name, value) {
  try {
    localStorage.setItem(PREFIX + name, value);
  } catch {
    /* private mode: the form just starts without it next time */
  }
}
