/**
 * What the signed-in key may do, as GET /me answers it: `may` names every route of the
 * API ("POST /units/{id}/events") with true or false, read by the server from the same
 * declaration that answers 403. Pages ask `can(action)` before they offer a form or a
 * button, so nothing here knows which role may do what. Pure.
 */

/**
 * @param {{keyId: string, name: string, role: string, may?: Record<string, boolean>}} me
 * @returns {{keyId: string, name: string, role: string, can: (action: string) => boolean, canAny: (...actions: string[]) => boolean}}
 */
export function capabilities(me) {
  const may = me?.may ?? {};
  // An action this server does not have (an older service) is not offered either.
  const can = (action) => may[action] === true;
  return { keyId: me.keyId, name: me.name, role: me.role, can, canAny: (...actions) => actions.some(can) };
}
