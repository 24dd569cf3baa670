import { api, session } from './api.js';

/**
 * Who the signed-in key is (GET /me) and what its role may do, so a page never offers a
 * button the API would refuse with 403. The answer is kept in memory for this key only.
 */
const MAY = {
  log: ['operator', 'admin'], // units, events, imports, labels to print for new units
  lock: ['esg', 'admin'],
  unlock: ['admin'],
  estimate: ['engineer', 'esg', 'admin'],
};

let current = null; // { key, me }

export async function loadMe({ signal, key = session.key } = {}) {
  if (current?.key === key) return current.me;
  const me = await api('/me', { signal, key });
  current = { key, me };
  return me;
}

export const me = () => (current?.key === session.key ? current.me : null);
export const role = () => me()?.role ?? null;
/** Whether the signed-in key's role may do this (see MAY). */
export const may = (what) => (MAY[what] ?? []).includes(role());

export function forgetMe() {
  current = null;
}
