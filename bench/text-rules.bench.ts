/**
 * npm run bench:text [-- ITERATIONS]   (default 200,000 per round)
 *
 * What the text rules cost the validation of a write (v1.2: every text field through
 * the helpers of src/domain/common.schemas.ts, codes and dates included). Measured in one
 * run, rounds interleaved, median of five:
 * - one identifier field: the helper (one zod check: trim, refuse, NFC, with a printable
 *   ASCII fast path) against a plain `z.string().min(1).max(64)` (the floor: no rule at
 *   all) and against the v1.1 chain it replaced (trim, refine, normalize: three checks);
 * - a whole POST /units body and a recycled event body (CreateUnitBody, EventBody), with
 *   ASCII text and with accented text (the slow path: regexes and NFC).
 * CPU only, single thread: no server, no database.
 */
import { z } from 'zod';
import { identifier } from '../src/domain/common.schemas.js';
import { textProblem } from '../src/domain/text.js';
import { CreateUnitBody, EventBody } from '../src/modules/units/units.schemas.js';

const N = Number(process.argv[2] ?? 200_000);

const plain = z.string().min(1).max(64);
// The v1.1 identifier, as it was: three checks before the bounds.
const v11 = z
  .string()
  .trim()
  .refine((s) => textProblem(s, 'identifier') === null, { error: (i) => textProblem(String(i.input), 'identifier') ?? 'is not valid text', abort: true })
  .normalize('NFC')
  .min(1)
  .max(64);
const helper = identifier(64);

const unit = { serialNumber: 'CT-7731', category: 'imaging', modality: 'CT', model: 'Revolution EVO', massKg: 2450.5, originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: '2024-03-01', returnChannel: 'trade_in' };
const unitAccented = { ...unit, serialNumber: 'CT-7731-Ü', model: 'Révolution ÉVO' };
const event = { type: 'recycled', occurredAt: '2024-03-20', massKg: 2200, material: 'ferrous', recycler: 'Metals Kft', certificateRef: 'COR-2024-0311' };
const eventAccented = { ...event, recycler: 'Fémhulladék Kft', certificateRef: 'COR-2024-0311-É' };

const cases: Record<string, () => unknown> = {
  'z.string().min.max (floor)': () => plain.parse('CT-7731'),
  'v1.1 identifier chain': () => v11.parse('CT-7731'),
  'identifier() now': () => helper.parse('CT-7731'),
  'identifier() now, accented': () => helper.parse('Révolution ÉVO'),
  'CreateUnitBody, ASCII': () => CreateUnitBody.parse(unit),
  'CreateUnitBody, accented': () => CreateUnitBody.parse(unitAccented),
  'EventBody recycled, ASCII': () => EventBody.parse(event),
  'EventBody recycled, accented': () => EventBody.parse(eventAccented),
};

const ns: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const f of Object.values(cases)) for (let i = 0; i < 20_000; i++) f(); // warm-up
for (let round = 0; round < 5; round++) {
  for (const [name, f] of Object.entries(cases)) {
    const n = name.startsWith('Create') || name.startsWith('Event') ? Math.ceil(N / 10) : N;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    ns[name]!.push(Number(process.hrtime.bigint() - t) / n);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
const floor = median(ns['z.string().min.max (floor)']!);
console.log(`text rules, ns per parse (median of 5 interleaved rounds; ${N.toLocaleString('en-US')} field parses, a tenth as many bodies, per round)`);
for (const name of Object.keys(cases)) {
  const m = median(ns[name]!);
  console.log(`  ${name.padEnd(30)} ${String(Math.round(m)).padStart(7)} ns   ${(m / floor).toFixed(1).padStart(5)}× the floor`);
}
console.log(`  identifier() now / v1.1 chain: ${(median(ns['identifier() now']!) / median(ns['v1.1 identifier chain']!)).toFixed(2)}`);
