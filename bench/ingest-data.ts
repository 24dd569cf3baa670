/**
 * Deterministic bench data: N units and three or four events per unit (assessed →
 * data_sanitized for the three in four units that may hold patient data → recycled part
 * of the mass → landfilled the rest, which closes the unit), as row objects and as CSV
 * text in the import formats. No randomness: row i is a function of i.
 */
export const UNIT_COLUMNS = ['serialNumber', 'category', 'modality', 'model', 'massKg', 'massSource', 'originCountry', 'siteCode', 'receivedAt', 'returnChannel'] as const;
export const EVENT_COLUMNS = ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'massKg', 'material', 'recycler', 'reason', 'method', 'standard', 'media', 'verifiedBy'] as const;

const CATEGORIES = ['imaging', 'ultrasound', 'magnet', 'surgical'];
const MODALITIES = ['MR', 'CT', 'XR', 'MI', 'MAMMO'];
const COUNTRIES = ['DE', 'US', 'JP', 'IN', 'BR', 'CN', 'HU', 'FR', 'AU', 'ZA'];
const SITES = ['HU-EROC', 'US-ROC', 'JP-RC', 'IN-RC'];
const CHANNELS = ['buy_back', 'trade_in', 'lease_return', 'asset_recovery'];

const day = (base: number, plus: number) => new Date(Date.UTC(2024, 0, 1) + (base + plus) * 86_400_000).toISOString().slice(0, 10);

export type BenchUnit = Record<(typeof UNIT_COLUMNS)[number], string | number | null>;
export type BenchEvent = Record<(typeof EVENT_COLUMNS)[number], string | number | null>;

export function benchUnit(i: number): BenchUnit {
  const category = CATEGORIES[i % CATEGORIES.length]!;
  return {
    serialNumber: `SN-${String(i).padStart(7, '0')}`,
    category,
    modality: category === 'imaging' ? MODALITIES[i % MODALITIES.length]! : null,
    model: `Model-${i % 37}`,
    massKg: 100 + (i % 4900) + (i % 1000) / 1000,
    massSource: i % 3 === 0 ? 'model_default' : 'measured',
    originCountry: COUNTRIES[i % COUNTRIES.length]!,
    siteCode: SITES[i % SITES.length]!,
    receivedAt: day(i % 700, 0),
    returnChannel: CHANNELS[i % CHANNELS.length]!,
  };
}

/** The events of unit i; the masses add up to its intake exactly (in grams). */
export function benchEvents(i: number): BenchEvent[] {
  const u = benchUnit(i);
  const intakeG = Math.round((u.massKg as number) * 1000);
  const recycledG = Math.floor(intakeG * 0.8);
  const none = { grade: null, route: null, massKg: null, material: null, recycler: null, reason: null, method: null, standard: null, media: null, verifiedBy: null };
  const sanitized: BenchEvent[] =
    u.category === 'magnet'
      ? []
      : [{ ...none, serialNumber: u.serialNumber, type: 'data_sanitized', occurredAt: day(i % 700, 1), method: 'purge', standard: 'NIST SP 800-88r1', media: `hdd:WD-${i};ssd:S-${i}`, verifiedBy: 'Bench QA' }];
  return [
    { ...none, serialNumber: u.serialNumber, type: 'assessed', occurredAt: day(i % 700, 1), grade: 'C', route: 'recycle' },
    ...sanitized,
    { ...none, serialNumber: u.serialNumber, type: 'recycled', occurredAt: day(i % 700, 2), massKg: recycledG / 1000, material: 'mixed', recycler: 'Bench Recycling' },
    { ...none, serialNumber: u.serialNumber, type: 'landfilled', occurredAt: day(i % 700, 3), massKg: (intakeG - recycledG) / 1000, reason: 'no market' },
  ];
}

function line(values: (string | number | null)[]): string {
  return values.map((v) => (v === null ? '' : String(v))).join(',');
}

export function unitsCsv(from: number, to: number): string {
  const out = [UNIT_COLUMNS.join(',')];
  for (let i = from; i < to; i++) {
    const u = benchUnit(i);
    out.push(line(UNIT_COLUMNS.map((c) => u[c])));
  }
  return out.join('\n') + '\n';
}

/** The events of units [from, to) in order, as one file. */
export function eventsCsv(from: number, to: number): string {
  const out = [EVENT_COLUMNS.join(',')];
  for (let i = from; i < to; i++) for (const e of benchEvents(i)) out.push(line(EVENT_COLUMNS.map((c) => e[c])));
  return out.join('\n') + '\n';
}

/** The events of units [0, units) in order, cut into files of at most `perFile` rows. */
export function eventsCsvFiles(units: number, perFile: number): string[] {
  const files: string[] = [];
  let out: string[] = [];
  const flush = () => {
    if (out.length) files.push([EVENT_COLUMNS.join(','), ...out].join('\n') + '\n');
    out = [];
  };
  for (let i = 0; i < units; i++) {
    for (const e of benchEvents(i)) {
      out.push(line(EVENT_COLUMNS.map((c) => e[c])));
      if (out.length === perFile) flush();
    }
  }
  flush();
  return files;
}
