/**
 * The lifecycle state machine in words, for the OpenAPI description of POST
 * /units/{id}/events. Built from `allowedNext`, the function that judges every event,
 * so the document cannot drift from what is enforced.
 */
import { allowedNext, EVENT_TYPES, ROUTES, UNIT_STATES, type EventType } from '../../domain/lifecycle.js';

const LEADS_TO: Record<EventType, string> = {
  assessed: 'assessed (again: re-routes the unit until mass has left)',
  refurbishment_started: 'in_refurbishment',
  refurbished: 'refurbished',
  released: 'closed; all remaining mass counts as refurbished (reused)',
  part_harvested: 'dismantling; the mass counts as harvested (reused)',
  recycled: 'dismantling; the mass counts as recycled (reused)',
  landfilled: 'dismantling; the mass counts as landfilled',
  energy_recovered: 'dismantling; the mass counts as energy-recovered (neither reused nor landfilled)',
  data_sanitized: 'the same state; records the wiping of the unit’s media (moves no mass)',
  voided: 'cancels an earlier event; state and balance are replayed without it',
};

/** Each state's accepted next events; an event allowed only on some routes names them. */
function nextOf(state: (typeof UNIT_STATES)[number]): string {
  if (state !== 'assessed') return allowedNext(state, null).join(', ');
  const all = EVENT_TYPES.filter((e) => ROUTES.some((r) => allowedNext(state, r).includes(e)));
  return all
    .map((e) => {
      const on = ROUTES.filter((r) => allowedNext(state, r).includes(e));
      return on.length === ROUTES.length ? e : `${e} (route ${on.join(' or ')})`;
    })
    .join(', ');
}

export function lifecycleDescription(): string {
  return [
    'Every event is checked, in this order, for valid input, a locked year, the China policy, the lifecycle state machine below and the mass balance; the answer names the first rule it breaks.',
    '',
    '| state | events accepted next |',
    '|---|---|',
    ...UNIT_STATES.map((s) => `| \`${s}\` | ${nextOf(s)} |`),
    '',
    '| event | leads to |',
    '|---|---|',
    ...(Object.keys(LEADS_TO) as EventType[]).map((e) => `| \`${e}\` | ${LEADS_TO[e]} |`),
    '',
    'A unit closes by itself when its remaining mass reaches zero. Any other order is refused with 409 ' +
      '`lifecycle.invalid_transition`, naming the state and `allowedNext`. Corrections are `voided` events: ' +
      'a void may cancel any earlier event that is not itself a void or already voided, but if later events ' +
      'depend on it (a harvest after the assessment that routed it), void those later events first, newest first.',
  ].join('\n');
}
