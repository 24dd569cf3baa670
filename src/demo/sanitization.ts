/**
 * The demo's patient-data sanitization: every unit that may hold patient data is
 * sanitized before its first mass leaves custody (released, recycled or landfilled),
 * on the day of the step before it: mostly NIST purge, destroy where a drive has
 * failed (it cannot be purged), clear for systems redeployed within the company. A
 * handful of 2022 units at the Japanese centre were processed before that floor
 * recorded sanitization in the tracker: they have no record, so the audit view has
 * something to show. Drawn from its own seeded generator, so the rest of the plan
 * (and the published table) does not move.
 */
import { defaultDataBearing } from '../domain/sanitization.js';
import { isChina, type PlannedUnit, type Step } from './plan.js';
import { createRng, type Rng } from './prng.js';

type Medium = Extract<Step, { type: 'data_sanitized' }>['media'][number];
type Kind = Medium['kind'];

/** The storage media a returned system of each product carries (console, reconstruction computer...). */
const MEDIA: Record<string, readonly Kind[]> = {
  CT: ['hdd', 'ssd'],
  MR: ['hdd', 'hdd'],
  XR: ['ssd'],
  MI: ['hdd', 'hdd'],
  MAMMO: ['ssd'],
  US: ['ssd'],
  SURG: ['hdd'],
  MUC: ['hdd'],
};
const SERIAL_PREFIX: Record<Kind, string> = { hdd: 'WD', ssd: 'SSD', flash: 'FL', other: 'X' };

/** Who verifies at each site. */
const VERIFIERS: Record<string, readonly string[]> = {
  'US-ROC': ['M. Alvarez', 'J. Carter', 'D. Okafor'],
  'HU-EROC': ['K. Nagy', 'A. Tóth', 'Z. Kovács'],
  'JP-RC': ['H. Sato', 'Y. Tanaka'],
  'IN-RC': ['R. Iyer', 'P. Menon'],
  'BR-RC': ['L. Souza', 'F. Lima'],
  'CN-SH': ['W. Li'],
};

export const SANITIZATION_STANDARD = 'NIST SP 800-88r1';
/** Units without a record (2022, at the Japanese centre). */
export const LEGACY_UNITS = 6;
const LEGACY_SITE = 'JP-RC';

const GATED = new Set(['released', 'recycled', 'landfilled', 'energy_recovered']);
/** A magnet-upgrade console holds the system's images, whatever its category's default says. */
const CONSOLE_MODEL = 'Console and electronics';

export const dataBearingOf = (u: PlannedUnit): boolean => u.dataBearing ?? defaultDataBearing(u.category);
/** A magnet-upgrade console: marked data-bearing at intake. */
export const isConsole = (u: PlannedUnit): boolean => u.product === 'MUC' && u.model === CONSOLE_MODEL;

function medium(rng: Rng, kind: Kind): Medium {
  // A few labels are unreadable: the medium is recorded without its serial.
  return rng.chance(0.03) ? { kind } : { kind, serial: `${SERIAL_PREFIX[kind]}-${rng.id(10).toUpperCase()}` };
}

/** A sanitization of the unit's media (as its product carries them), verified by someone at its site. */
export function sanitizationRecord(rng: Rng, u: PlannedUnit, date: string, method: 'clear' | 'purge' | 'destroy', certificateRef: string): Step {
  const kinds = u.product === 'US' && u.model === 'Portable ultrasound' ? (['flash'] as const) : (MEDIA[u.product] ?? ['other']);
  return {
    type: 'data_sanitized',
    date,
    method,
    media: kinds.map((k) => medium(rng, k)),
    verifiedBy: rng.pick(VERIFIERS[u.siteCode] ?? ['Site QA']),
    certificateRef,
  };
}

/** Adds the sanitization steps (and marks the consoles and the legacy units) in place. */
export function planSanitization(units: PlannedUnit[], seed: number): void {
  const rng = createRng(seed);
  const counters = new Map<string, number>();
  let legacy = 0;
  for (const u of units) {
    if (isConsole(u)) u.dataBearing = true;
    if (!dataBearingOf(u)) continue;
    // The steps after the horizon (written for early 2025) are gated as much as the others.
    const all = [...u.steps, ...u.later];
    const at = all.findIndex((s) => GATED.has(s.type));
    if (at < 1) continue; // nothing leaves custody (an assessment always comes first)
    const gated = all[at]!;
    if (legacy < LEGACY_UNITS && !isChina(u) && u.siteCode === LEGACY_SITE && gated.date < '2022-07-01' && !u.steps.some((s) => 'typo' in s || 'restate' in s)) {
      u.legacy = true;
      legacy += 1;
      continue;
    }
    const failed = rng.chance(0.07);
    const redeployed = gated.type === 'released' && gated.channel === 'redeployment';
    const method = failed ? 'destroy' : redeployed ? 'clear' : 'purge';
    const date = all[at - 1]!.date;
    const key = `${u.siteCode}-${date.slice(0, 4)}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const [list, i] = at < u.steps.length ? [u.steps, at] : [u.later, at - u.steps.length];
    list.splice(i, 0, sanitizationRecord(rng, u, date, method, `DS-${key}-${String(n).padStart(5, '0')}`));
  }
  if (legacy !== LEGACY_UNITS) throw new Error(`demo plan found ${legacy} legacy units, not ${LEGACY_UNITS}`);
}
