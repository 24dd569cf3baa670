/**
 * The lifecycle state machine in words, for the OpenAPI description of POST
 * /units/{id}/events. Built from `allowedNext`, the function that judges every event,
 * and from the rule tables (sanitization gate, vendor kinds and certificates), so the
 * document cannot drift from what is enforced.
 */
import { allowedNext, EVENT_TYPES, ROUTES, UNIT_STATES, type EventType, type UnitState } from '../../domain/lifecycle.js';
import { DOWNSTREAM, OUTFLOWS } from '../../domain/outflows.js';
import { SANITIZATION_GATED_TYPES } from '../../domain/sanitization.js';
import { CERTIFICATE_REQUIRED, KIND_FOR } from '../../domain/vendors.js';

/** The contract's error precedence (src/policies/index.ts runs the rules in this order). */
const RULE_ORDER = [
  'invalid input (400)',
  '`period.locked`',
  '`policy.china_exclusion`',
  '`lifecycle.invalid_transition`',
  '`compliance.sanitization_required`',
  '`vendor.*`',
  '`mass.exceeds_intake`',
];

const LEADS_TO: Record<EventType, string> = {
  assessed: 'assessed (again: re-routes the unit until mass has left)',
  refurbishment_started: 'in_refurbishment',
  refurbished: 'refurbished',
  ...(Object.fromEntries(OUTFLOWS.map((o) => [o.type, o.leadsTo])) as Record<(typeof OUTFLOWS)[number]['type'], string>),
  data_sanitized: 'the same state; records the wiping of the unit’s media (moves no mass)',
  voided: 'cancels an earlier event; state and balance are replayed without it',
};

/**
 * Events the table leaves out because a sentence states where they are accepted:
 * `data_sanitized` (every state but closed), and the downstream outflows after the first
 * two (v1.0's recycled and landfilled), accepted wherever `recycled` is.
 */
const ANYWHERE_OPEN: EventType = 'data_sanitized';
const LIKE_RECYCLED: readonly EventType[] = DOWNSTREAM.filter((o) => o.since !== '1.0').map((o) => o.type);
const IN_SENTENCES: readonly EventType[] = [ANYWHERE_OPEN, ...LIKE_RECYCLED];

/** The events a state accepts next, on any route; for `assessed`, each with the routes it needs. */
function acceptedIn(state: UnitState): { event: EventType; routes: readonly string[] }[] {
  const on = (e: EventType) => (state === 'assessed' ? ROUTES.filter((r) => allowedNext(state, r).includes(e)) : allowedNext(state, null).includes(e) ? ROUTES : []);
  return EVENT_TYPES.map((event) => ({ event, routes: on(event) })).filter((a) => a.routes.length > 0);
}

/** Where an event is accepted, as "state" or "state (route r)" items. */
function whereAccepted(e: EventType): string[] {
  return UNIT_STATES.flatMap((s) => {
    const a = acceptedIn(s).find((x) => x.event === e);
    if (!a) return [];
    return [a.routes.length === ROUTES.length ? `\`${s}\`` : `\`${s}\` (route ${a.routes.join(' or ')})`];
  });
}

const list = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Each state's accepted next events, without those stated in sentences. */
function nextOf(state: UnitState): string {
  return acceptedIn(state)
    .filter((a) => !IN_SENTENCES.includes(a.event))
    .map((a) => (a.routes.length === ROUTES.length ? a.event : `${a.event} (route ${a.routes.join(' or ')})`))
    .join(', ');
}

function sanitizedSentence(): string {
  const where = whereAccepted(ANYWHERE_OPEN);
  const open = UNIT_STATES.filter((s) => s !== 'closed').map((s) => `\`${s}\``);
  const states = where.join() === open.join() ? 'in every state but `closed`' : `in ${list(where)}`;
  return `\`${ANYWHERE_OPEN}\` is accepted ${states}; it changes neither state nor mass.`;
}

function likeSentence(): string {
  return LIKE_RECYCLED.map((e) => {
    const where = whereAccepted(e);
    const states = where.join() === whereAccepted('recycled').join() ? `wherever \`recycled\` is (${list(where)})` : `in ${list(where)}`;
    return `\`${e}\` is accepted ${states}.`;
  }).join(' ');
}

function rulesSentences(): string[] {
  const gated = SANITIZATION_GATED_TYPES.map((t) => `\`${t}\``);
  const outlets = Object.entries(KIND_FOR).map(([t, kind]) => `\`${t}\` (kind ${kind})`);
  const certified = [...CERTIFICATE_REQUIRED].map((t) => `\`${t}\``);
  return [
    `Patient data: for a unit with \`dataBearing\` true, ${list(gated)} are refused with 409 \`compliance.sanitization_required\` ` +
      'until a `data_sanitized` event that is not voided comes before them (while POLICY_SANITIZATION_REQUIRED is on, the default); ' +
      'voiding the only sanitization a later such event relies on is refused the same way, naming the event to void first.',
    `Downstream vendors: ${list(outlets)} may name a registered \`vendorCode\` (unknown codes are 400); a vendor without that kind is ` +
      `409 \`vendor.kind_mismatch\`, and for ${list(certified)} a vendor with no certification valid on \`occurredAt\` is 409 ` +
      '`vendor.certification_expired`. An event in a receipted shipment cannot be voided (409 `shipment.receipted`).',
  ];
}

export function lifecycleDescription(): string {
  return [
    `Every event is checked against the rules in this order, and the answer names the first rule it breaks: ${RULE_ORDER.join(' → ')}.`,
    '',
    '| state | events accepted next |',
    '|---|---|',
    ...UNIT_STATES.map((s) => `| \`${s}\` | ${nextOf(s)} |`),
    '',
    `${sanitizedSentence()} ${likeSentence()}`,
    '',
    '| event | leads to |',
    '|---|---|',
    ...(Object.keys(LEADS_TO) as EventType[]).map((e) => `| \`${e}\` | ${LEADS_TO[e]} |`),
    '',
    'A unit closes by itself when its remaining mass reaches zero. Any other order is refused with 409 ' +
      '`lifecycle.invalid_transition`, naming the state and `allowedNext`. Corrections are `voided` events: ' +
      'a void may cancel any earlier event that is not itself a void or already voided, but if later events ' +
      'depend on it (a harvest after the assessment that routed it), void those later events first, newest first.',
    '',
    ...rulesSentences().flatMap((s) => [s, '']).slice(0, -1),
  ].join('\n');
}
