/**
 * Where a returned unit's mass goes, declared once. Each entry is one outgoing event
 * type: the words it goes by, the grams field it fills (a unit's balance, the daily
 * roll-up and its SQL column, the KPI total), how the KPIs, ESRS E5-5, GRI 306 and WEEE
 * count it, and, for mass handed to someone downstream, its vendor kind and
 * certification rule, its Waste Framework Directive treatment codes and the fields of
 * its request body.
 *
 * Everything per outflow elsewhere is derived from this list: the lifecycle's outgoing
 * types and balance, the roll-up columns and SQL sums ("pending = intake − everything
 * that left"), the KPI totals and CSV columns, the event schemas (JSON and CSV) and
 * their OpenAPI enums, the vendor kinds and rules, the sanitization gate, the floor
 * forms (through the served OpenAPI document) and docs/outflows.md. A new outflow is one
 * entry here plus its tests (docs/architecture.md, "How to add an outflow kind").
 *
 * Order matters: it is the order of columns, totals and table rows. New entries go last.
 */
import { z } from 'zod';
import { freeText, name, reference } from './common.schemas.js';
import { MATERIALS } from './units.js';

/** EU Waste Framework Directive recovery operations (Annex II). */
export const RECOVERY_CODES = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13'] as const;
/** EU Waste Framework Directive disposal operations (Annex I). */
export const DISPOSAL_CODES = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10', 'D11', 'D12', 'D13', 'D14', 'D15'] as const;
export type TreatmentCode = (typeof RECOVERY_CODES)[number] | (typeof DISPOSAL_CODES)[number];

/** D2–D9 and D11–D15: every disposal but landfill (D1), specially engineered landfill (D5)... see `disposed_other`. */
export const OTHER_DISPOSAL_OPERATIONS = ['D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D11', 'D12', 'D13', 'D14', 'D15'] as const;

type Material = (typeof MATERIALS)[number];

/** How the company's own KPIs count the mass: reused (diversionRate), recovered as energy (recoveryRate), or disposed of. */
export type KpiClass = 'reused' | 'recovered' | 'disposed';
/** ESRS E5-5 §37–39: diverted from disposal (preparation for reuse, recycling, other recovery) or directed to disposal. */
export type EsrsClass = 'preparationForReuse' | 'recycling' | 'otherRecovery' | 'incineration' | 'landfill' | 'otherDisposal';
/** GRI 306-4/5: as ESRS, but incineration with energy recovery is disposal. */
export type GriClass =
  | 'preparationForReuse'
  | 'recycling'
  | 'otherRecovery'
  | 'incinerationWithEnergyRecovery'
  | 'incinerationWithoutEnergyRecovery'
  | 'landfilling'
  | 'otherDisposal';
/** WEEE Annex V: prepared for re-use, recycled, other recovery (recovered = all three), or disposal. */
export type WeeeClass = 'preparedForReuse' | 'recycled' | 'otherRecovery' | 'disposal';

/** Which treatment codes an outflow may name, and the one it gets when it names none: a `default`, or another field's value (`fromField`). */
export type TreatmentRule = {
  /** The codes an event of this type may name (another is 400). */
  allowed: readonly TreatmentCode[];
  /** The code an event gets when it names none (absent when `fromField` gives it). */
  default?: TreatmentCode;
  /** Defaults by the event's material (recycled), before `default`. */
  byMaterial?: Partial<Record<Material, TreatmentCode>>;
  /** The code is this required field of the event (disposed_other: its `operation`); a different treatmentCode is 400. */
  fromField?: string;
};

type OutflowBase = {
  /** The event type. */
  type: string;
  /** The camelCase stem of every derived name: `${stem}G` (grams), `${stem}Kg` (KPI), snake_case `${stem}_g` (column). */
  stem: string;
  /** The contract version that brought it: fields and columns of later versions come after the earlier ones. */
  since: '1.0' | '1.1' | '1.2';
  /** A short name for people (tables, charts, forms). */
  label: string;
  /** How a sentence calls its mass: "recycled", "energy-recovered" (mass). */
  adjective: string;
  /** What the event does to the unit, for the lifecycle's description. */
  leadsTo: string;
  kpi: KpiClass;
  esrs: EsrsClass;
  /** GRI's class, and the treatment codes that put a kilogram in another one (R12–R13 of recycling are "other recovery"). */
  gri: { class: GriClass; byCode?: Partial<Record<TreatmentCode, GriClass>> };
  weee: WeeeClass;
  /** GRI 306: our own repair centres (onsite) or anyone else (offsite). */
  site: 'onsite' | 'offsite';
};

/** Mass kept in use by us: the unit itself (released) or its parts. Non-hazardous, onsite, no treatment code. */
export type ReuseOutflow = OutflowBase & { downstream: null };

/** Mass handed to someone downstream (a recycler, a plant, a landfill, a licensed handler). */
export type DownstreamOutflow = OutflowBase & {
  downstream: {
    /** The vendor kind that serves it (POST /vendors `kinds`). */
    vendorKind: string;
    /** Whether a named vendor must hold a certification valid on the event's date (R2v3, e-Stewards due diligence). */
    certificationRequired: boolean;
    /** The field the vendor's name fills when the event names a vendor and leaves it out; null: none. */
    vendorNameField: string | null;
    treatment: TreatmentRule;
    /** The type's own request fields, besides occurredAt, massKg, vendorCode and the treatment and hazard fields every outflow has. */
    fields: z.ZodRawShape;
    /** A field that is required unless `vendorCode` names the vendor (it then defaults to the vendor's name). */
    requiredUnlessVendor?: string;
    /** The floor's button and form title. */
    floor: { button: string; title: string };
    /** A realistic request body for the OpenAPI document (test/unit/openapi-examples.test.ts parses it). */
    example: { summary: string; value: Record<string, unknown> };
  };
};

export type Outflow = ReuseOutflow | DownstreamOutflow;

const R2_TO_R12 = RECOVERY_CODES.slice(1, 12);

export const OUTFLOWS = [
  {
    type: 'released',
    stem: 'refurbished',
    since: '1.0',
    label: 'Refurbished',
    adjective: 'refurbished',
    leadsTo: 'closed; all remaining mass counts as refurbished (reused)',
    kpi: 'reused',
    esrs: 'preparationForReuse',
    gri: { class: 'preparationForReuse' },
    weee: 'preparedForReuse',
    site: 'onsite',
    downstream: null,
  },
  {
    type: 'part_harvested',
    stem: 'harvested',
    since: '1.0',
    label: 'Harvested parts',
    adjective: 'harvested',
    leadsTo: 'dismantling; the mass counts as harvested (reused)',
    kpi: 'reused',
    esrs: 'preparationForReuse',
    gri: { class: 'preparationForReuse' },
    weee: 'preparedForReuse',
    site: 'onsite',
    downstream: null,
  },
  {
    type: 'recycled',
    stem: 'recycled',
    since: '1.0',
    label: 'Recycled',
    adjective: 'recycled',
    leadsTo: 'dismantling; the mass counts as recycled (reused)',
    kpi: 'reused',
    esrs: 'recycling',
    gri: { class: 'recycling', byCode: { R12: 'otherRecovery', R13: 'otherRecovery' } },
    weee: 'recycled',
    site: 'offsite',
    downstream: {
      vendorKind: 'recycler',
      certificationRequired: true,
      vendorNameField: 'recycler',
      treatment: {
        allowed: R2_TO_R12,
        default: 'R12',
        byMaterial: { ferrous: 'R4', stainless: 'R4', copper: 'R4', aluminium: 'R4', glass: 'R5', electronics: 'R5', plastics: 'R3' },
      },
      fields: {
        material: z.enum(MATERIALS),
        recycler: name(200).optional().describe('Required unless vendorCode is given; then it defaults to the vendor’s name.'),
        certificateRef: reference(200).optional(),
      },
      requiredUnlessVendor: 'recycler',
      floor: { button: 'Recycle', title: 'Send mass to recycling' },
      example: {
        summary: 'Send a material stream to a recycler',
        value: { type: 'recycled', occurredAt: '2024-03-20', massKg: 2200, material: 'ferrous', recycler: 'Metals Kft', certificateRef: 'MK-2024-0412' },
      },
    },
  },
  {
    type: 'landfilled',
    stem: 'landfilled',
    since: '1.0',
    label: 'Landfilled',
    adjective: 'landfilled',
    leadsTo: 'dismantling; the mass counts as landfilled',
    kpi: 'disposed',
    esrs: 'landfill',
    gri: { class: 'landfilling' },
    weee: 'disposal',
    site: 'offsite',
    downstream: {
      vendorKind: 'landfill',
      certificationRequired: false,
      vendorNameField: 'facility',
      treatment: { allowed: ['D1', 'D5'], default: 'D1' },
      fields: {
        reason: freeText(500, { min: 1 }),
        facility: name(200).optional().describe('Defaults to the vendor’s name when vendorCode is given.'),
      },
      floor: { button: 'Landfill', title: 'Send mass to landfill' },
      example: {
        summary: 'Landfill what cannot be recovered',
        value: { type: 'landfilled', occurredAt: '2024-03-21', massKg: 130.25, reason: 'Composite panels', facility: 'Site 9' },
      },
    },
  },
  {
    type: 'energy_recovered',
    stem: 'energyRecovered',
    since: '1.1',
    label: 'Energy recovered',
    adjective: 'energy-recovered',
    leadsTo: 'dismantling; the mass counts as energy-recovered (neither reused nor landfilled)',
    kpi: 'recovered',
    esrs: 'otherRecovery',
    gri: { class: 'incinerationWithEnergyRecovery' },
    weee: 'otherRecovery',
    site: 'offsite',
    downstream: {
      vendorKind: 'energy_recovery',
      certificationRequired: true,
      vendorNameField: 'facility',
      treatment: { allowed: ['R1'], default: 'R1' },
      fields: {
        facility: name(200).optional().describe('Defaults to the vendor’s name when vendorCode is given.'),
      },
      floor: { button: 'Energy recovery', title: 'Send mass to energy recovery' },
      example: {
        summary: 'Send a residue that cannot be recycled to an energy-from-waste plant',
        value: { type: 'energy_recovered', occurredAt: '2024-03-20', massKg: 64.5, vendorCode: 'EFW-DE', facility: 'EfW plant Hamburg-Borsigstraße' },
      },
    },
  },
  {
    type: 'incinerated',
    stem: 'incinerated',
    since: '1.2',
    label: 'Incinerated',
    adjective: 'incinerated',
    leadsTo: 'dismantling; the mass counts as incinerated without energy recovery (disposal, D10)',
    kpi: 'disposed',
    esrs: 'incineration',
    gri: { class: 'incinerationWithoutEnergyRecovery' },
    weee: 'disposal',
    site: 'offsite',
    downstream: {
      vendorKind: 'incineration',
      certificationRequired: false,
      vendorNameField: 'facility',
      treatment: { allowed: ['D10'], default: 'D10' },
      fields: {
        facility: name(200).optional().describe('Defaults to the vendor’s name when vendorCode is given.'),
      },
      floor: { button: 'Incinerate', title: 'Send mass to incineration (no energy recovery)' },
      example: {
        summary: 'Incinerate contaminated material without energy recovery',
        value: { type: 'incinerated', occurredAt: '2024-03-21', massKg: 12.5, facility: 'Clinical waste incinerator Dorog', wasteCode: '18 01 03*' },
      },
    },
  },
  {
    type: 'disposed_other',
    stem: 'otherDisposal',
    since: '1.2',
    label: 'Other disposal',
    adjective: 'otherwise disposed of',
    leadsTo: 'dismantling; the mass counts as other disposal (its `operation`, D2–D9 or D11–D15)',
    kpi: 'disposed',
    esrs: 'otherDisposal',
    gri: { class: 'otherDisposal' },
    weee: 'disposal',
    site: 'offsite',
    downstream: {
      vendorKind: 'disposal',
      certificationRequired: false,
      vendorNameField: null,
      treatment: { allowed: OTHER_DISPOSAL_OPERATIONS, fromField: 'operation' },
      fields: {
        operation: z
          .enum(OTHER_DISPOSAL_OPERATIONS)
          .describe('The Waste Framework Directive disposal operation (Annex I): D2–D9 or D11–D15 (landfill is `landfilled`, incineration `incinerated`).'),
        reason: freeText(500, { min: 1 }),
      },
      floor: { button: 'Other disposal', title: 'Hand mass to another disposal (e.g. a licensed handler)' },
      example: {
        summary: 'Return a PET/CT’s sealed calibration source through a licensed radioactive-waste handler',
        value: {
          type: 'disposed_other',
          occurredAt: '2024-03-21',
          massKg: 4.2,
          operation: 'D9',
          reason: 'Ge-68 sealed calibration source, conditioned by a licensed handler',
          vendorCode: 'RAD-DE',
          hazardous: true,
          radioactive: true,
        },
      },
    },
  },
] as const satisfies readonly Outflow[];

export type OutflowEntry = (typeof OUTFLOWS)[number];
export type OutflowType = OutflowEntry['type'];
export type DownstreamEntry = Extract<OutflowEntry, { downstream: object }>;
export type DownstreamType = DownstreamEntry['type'];

/** A unit's balance field, roll-up field and Sums field of an outflow: grams. */
export type OutflowGrams = `${OutflowEntry['stem']}G`;
/** The KPI total (and mass-balance) field of an outflow: kilograms. */
export type OutflowKg = `${OutflowEntry['stem']}Kg`;

export const gramsField = <S extends string>(o: { stem: S }): `${S}G` => `${o.stem}G`;
export const kgField = <S extends string>(o: { stem: S }): `${S}Kg` => `${o.stem}Kg`;
/** The SQL column of an outflow's grams, in `units` and `kpi_daily`: energyRecovered → energy_recovered_g. */
export const gramsColumn = (o: { stem: string }): string => `${o.stem.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_g`;

export const OUTFLOW_TYPES = OUTFLOWS.map((o) => o.type) as readonly OutflowType[];
export const OUTFLOW_GRAMS = OUTFLOWS.map(gramsField) as readonly OutflowGrams[];
export const OUTFLOW_KG = OUTFLOWS.map(kgField) as readonly OutflowKg[];

const isDownstreamEntry = (o: OutflowEntry): o is DownstreamEntry => o.downstream !== null;
/** The outflows that hand mass to someone downstream, in list order. */
export const DOWNSTREAM: readonly DownstreamEntry[] = OUTFLOWS.filter(isDownstreamEntry);
export const DOWNSTREAM_TYPES = DOWNSTREAM.map((o) => o.type) as readonly DownstreamType[];

const byType = new Map<string, OutflowEntry>(OUTFLOWS.map((o) => [o.type, o]));
/** The entry of an outgoing event type, or undefined for any other type. */
export const outflowOf = (type: string): OutflowEntry | undefined => byType.get(type);
export const isOutflow = (type: string): type is OutflowType => byType.has(type);
export const downstreamOf = (type: string): DownstreamEntry | undefined => {
  const o = byType.get(type);
  return o && isDownstreamEntry(o) ? o : undefined;
};
export const isDownstream = (type: string): type is DownstreamType => downstreamOf(type) !== undefined;

/** The outflows whose mass counts in each KPI numerator. */
export const outflowsOf = (kpi: KpiClass): readonly OutflowEntry[] => OUTFLOWS.filter((o) => o.kpi === kpi);

/** Vendor kinds, one per downstream outflow, in list order. */
export const VENDOR_KINDS = DOWNSTREAM.map((o) => o.downstream.vendorKind) as readonly DownstreamEntry['downstream']['vendorKind'][];
export type VendorKind = (typeof VENDOR_KINDS)[number];

/** "refurbishedKg + harvestedKg + recycledKg": what reusedKg sums. */
export const REUSED_FORMULA = outflowsOf('reused').map(kgField).join(' + ');
/** "reusedKg + landfilledKg + energyRecoveredKg + …": what totalKg sums (every outflow). */
export const TOTAL_FORMULA = ['reusedKg', ...OUTFLOWS.filter((o) => o.kpi !== 'reused').map(kgField)].join(' + ');
/** "(reusedKg + energyRecoveredKg)": recoveryRate's numerator. */
export const RECOVERED_FORMULA = `(${['reusedKg', ...outflowsOf('recovered').map(kgField)].join(' + ')})`;
/** "reused, energy-recovered, landfilled, …" in words: every kind of mass that left. */
export const LEFT_WORDS = ['reused', ...OUTFLOWS.filter((o) => o.kpi !== 'reused').map((o) => o.adjective)].join(' + ');

/** The outflows that are not reuse (energy recovery, landfill, ...), in list order. */
export type NotReusedEntry = Extract<OutflowEntry, { kpi: 'recovered' | 'disposed' }>;
export type NotReusedKg = `${NotReusedEntry['stem']}Kg`;
export const NOT_REUSED: readonly NotReusedEntry[] = OUTFLOWS.filter((o): o is NotReusedEntry => o.kpi !== 'reused');

/** "a, b and c". */
export const andList = (items: readonly string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
/** "recycled, landfilled and energy-recovered": the downstream outflows in words. */
export const DOWNSTREAM_WORDS = andList(DOWNSTREAM.map((o) => o.adjective));

// ---- What every downstream outflow records besides its mass (v1.2) ----

/** R2–R12 rather than R2, R3, …, R12: runs of three or more consecutive codes of one annex. */
export function codeRanges(list: readonly string[]): string {
  const out: string[] = [];
  const n = (k: number) => Number(list[k]!.slice(1));
  let i = 0;
  while (i < list.length) {
    let j = i;
    while (j + 1 < list.length && list[j + 1]!.charAt(0) === list[i]!.charAt(0) && n(j + 1) === n(j) + 1) j++;
    out.push(j - i >= 2 ? `${list[i]}–${list[j]}` : list.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return out.join(', ');
}

/** The default treatment in words: "R4 for ferrous, …; R12 otherwise", "its `operation`", "D1". */
export function defaultTreatmentWords(o: DownstreamEntry): string {
  const t: TreatmentRule = o.downstream.treatment;
  if (t.fromField !== undefined) return `its \`${t.fromField}\``;
  if (t.byMaterial !== undefined) {
    const byCode = new Map<string, string[]>();
    for (const [m, c] of Object.entries(t.byMaterial)) byCode.set(c, [...(byCode.get(c) ?? []), m]);
    return `${[...byCode].map(([c, ms]) => `${c} for ${ms.join(', ')}`).join('; ')}; ${t.default} otherwise`;
  }
  return t.default!;
}

/** A European List of Waste code: six digits written "NN NN NN", with a trailing "*" when the waste is hazardous. */
export const WASTE_CODE_PATTERN = /^\d{2} \d{2} \d{2}\*?$/;
/** Whether a List of Waste code marks hazardous waste (its trailing "*"). */
export const isHazardousWasteCode = (code: string): boolean => code.endsWith('*');

/** WEEE Annex III categories: 1 temperature exchange, 2 screens, 3 lamps, 4 large, 5 small, 6 small IT and telecom equipment. */
export const WEEE_CATEGORIES = [1, 2, 3, 4, 5, 6] as const;
export type WeeeCategory = (typeof WEEE_CATEGORIES)[number];
/** A returned imaging system is large equipment. */
export const DEFAULT_WEEE_CATEGORY: WeeeCategory = 4;

/**
 * What an outgoing event handed downstream records about its waste: the treatment
 * operation, the List of Waste code, and whether it was hazardous or radioactive.
 * Reuse (released, part_harvested) is non-hazardous and has no treatment code.
 */
export type OutflowFacts = { treatmentCode: TreatmentCode | null; wasteCode: string | null; hazardous: boolean; radioactive: boolean };
const REUSE_FACTS: OutflowFacts = { treatmentCode: null, wasteCode: null, hazardous: false, radioactive: false };

/** The treatment code an event of this outflow gets when it names none (by material, from a field, or the default). */
export function defaultTreatment(o: DownstreamEntry, data: Readonly<Record<string, unknown>>): TreatmentCode {
  const t: TreatmentRule = o.downstream.treatment;
  if (t.fromField !== undefined && typeof data[t.fromField] === 'string') return data[t.fromField] as TreatmentCode;
  const material = data.material as Material | undefined;
  return (material !== undefined ? t.byMaterial?.[material] : undefined) ?? t.default!;
}

/**
 * The facts of an outgoing event, its defaults filled in: what the answers show and the
 * disclosure roll-up counts; null for an event that moves no mass out. An event
 * recorded before v1.2 holds none of these fields in its data, and reads as their
 * defaults: the treatment from its type (and material), not hazardous, not radioactive.
 */
export function outflowFacts(type: string, data: Readonly<Record<string, unknown>>): OutflowFacts | null {
  const o = byType.get(type);
  if (!o) return null;
  if (!isDownstreamEntry(o)) return REUSE_FACTS;
  const wasteCode = typeof data.wasteCode === 'string' ? data.wasteCode : null;
  return {
    treatmentCode: typeof data.treatmentCode === 'string' ? (data.treatmentCode as TreatmentCode) : defaultTreatment(o, data),
    wasteCode,
    hazardous: typeof data.hazardous === 'boolean' ? data.hazardous : wasteCode !== null && isHazardousWasteCode(wasteCode),
    radioactive: data.radioactive === true,
  };
}

// ---- The disclosure roll-up's key (kpi_daily's companion, outflow_daily) ----

/**
 * What the disclosure reports split an outgoing kilogram by, besides its day and its
 * unit's dimensions: the outflow, its treatment code ('' for reuse), hazardous, radioactive.
 */
export type Flow = { type: OutflowType; treatmentCode: string; hazardous: boolean; radioactive: boolean };

/** A flow as one string, so a day's flows can be summed in a Map. */
export const flowKey = (f: Flow): string => `${f.type}|${f.treatmentCode}|${f.hazardous ? 1 : 0}|${f.radioactive ? 1 : 0}`;

export function parseFlowKey(key: string): Flow {
  const [type, treatmentCode, hazardous, radioactive] = key.split('|');
  return { type: type as OutflowType, treatmentCode: treatmentCode!, hazardous: hazardous === '1', radioactive: radioactive === '1' };
}

/** The flow of an outgoing event of this type with these facts (reuse: no code, never hazardous). */
export const flowOf = (type: OutflowType, facts: OutflowFacts | null | undefined): Flow => ({
  type,
  treatmentCode: facts?.treatmentCode ?? '',
  hazardous: facts?.hazardous ?? false,
  radioactive: facts?.radioactive ?? false,
});
