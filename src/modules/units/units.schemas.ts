import { z } from 'zod';
import { code, CountryCode, DateString, freeText, identifier, massKg, name, reference, VendorCode } from '../../domain/common.schemas.js';
import { MAX_UNIT_MASS_KG } from '../../domain/mass.js';
import { REGIONS } from '../../domain/regions.js';
import { CATEGORIES, MODALITIES, RETURN_CHANNELS } from '../../domain/units.js';
import {
  codeRanges,
  DEFAULT_WEEE_CATEGORY,
  defaultTreatmentWords,
  DOWNSTREAM,
  isHazardousWasteCode,
  kgField,
  OUTFLOWS,
  WASTE_CODE_PATTERN,
  type DownstreamEntry,
  type OutflowKg,
  type TreatmentRule,
} from '../../domain/outflows.js';
import { MAX_MEDIA, MEDIA_KINDS, SANITIZATION_METHODS } from '../../domain/sanitization.js';
import { pageQuery } from '../../http/pagination.js';
import type { BodyExamples } from '../../http/route.js';
import { EVENT_TYPES, ROUTES, UNIT_STATES } from '../../domain/lifecycle.js';


const SiteCode = identifier(20).meta({ example: 'HU-EROC' });
const WEEE_CATEGORY_MESSAGE = 'must be a WEEE category, a whole number from 1 to 6 (4: large equipment)';

export const CreateUnitBody = z
  .strictObject({
    serialNumber: identifier(64),
    category: z.enum(CATEGORIES),
    modality: z.enum(MODALITIES).optional().describe('Required for imaging; optional otherwise.'),
    model: identifier(100),
    massKg: massKg(MAX_UNIT_MASS_KG),
    massSource: z.enum(['measured', 'model_default']).default('measured'),
    originCountry: CountryCode,
    siteCode: SiteCode,
    receivedAt: DateString,
    returnChannel: z.enum(RETURN_CHANNELS),
    dataBearing: z
      .boolean()
      .optional()
      .describe('Whether the unit may hold patient data. Default by category: imaging, ultrasound, surgical true; magnet, magnet_upgrade_component false.'),
    weeeCategory: z
      .number()
      .int(WEEE_CATEGORY_MESSAGE)
      .min(1, WEEE_CATEGORY_MESSAGE)
      .max(6, WEEE_CATEGORY_MESSAGE)
      .optional()
      .describe(`The WEEE Annex III category (v1.2): 1 temperature exchange, 2 screens, 3 lamps, 4 large equipment, 5 small, 6 small IT. Default ${DEFAULT_WEEE_CATEGORY}.`),
  })
  .superRefine((u, ctx) => {
    if (u.category === 'imaging' && !u.modality) {
      ctx.addIssue({ code: 'custom', path: ['modality'], message: 'is required for imaging (MR, CT, XR, MI, MAMMO)' });
    }
  })
  .meta({ id: 'CreateUnit' });
export type CreateUnitInput = z.infer<typeof CreateUnitBody>;

const base = { occurredAt: DateString };

export const MediumSchema = z
  .strictObject({ kind: z.enum(MEDIA_KINDS), serial: identifier(64).optional() })
  .meta({ id: 'StorageMedium', description: 'A storage medium of the unit; its serial where known.' });

const eventMass = massKg(MAX_UNIT_MASS_KG);

/** A European List of Waste code, e.g. "16 02 13*". */
const WasteCode = code({ trim: true })
  .regex(WASTE_CODE_PATTERN, 'must be a European List of Waste code: six digits written "NN NN NN", with a trailing * when hazardous, e.g. "16 02 13*"')
  .meta({ example: '16 02 14' });

/**
 * The body of a downstream outflow (domain/outflows.ts): its mass, its own fields, the
 * vendor that took it, and what every outflow handed downstream records about its waste
 * (v1.2: treatment operation, List of Waste code, hazardous, radioactive). Built from the
 * list, so a new outflow has its schema, its CSV columns and its OpenAPI entry by itself.
 */
function outflowBody<const O extends DownstreamEntry>(o: O) {
  const d = o.downstream;
  const t: TreatmentRule = d.treatment;
  const vendorCode = VendorCode.optional()
    .describe(
      `A registered downstream vendor of kind ${d.vendorKind} (GET /vendors); unknown codes are 400.` +
        (d.certificationRequired ? ' The vendor must hold a certification valid on occurredAt.' : ''),
    )
    .meta({ 'x-vendor-kind': d.vendorKind });
  const treatmentCode = z
    .enum(d.treatment.allowed as O['downstream']['treatment']['allowed'])
    .optional()
    .describe(`The EU Waste Framework Directive operation: ${codeRanges(t.allowed)}. Default: ${defaultTreatmentWords(o)}. Another code is 400.`)
    // What the floor's form fills in before the operator changes it (the answer fills it in the same way).
    .meta({ 'x-default': t.default, ...(t.byMaterial ? { 'x-default-by-material': t.byMaterial } : {}), ...(t.fromField ? { 'x-default-from': t.fromField } : {}) });
  const body = z
    .strictObject({
      type: z.literal(o.type),
      ...base,
      massKg: eventMass,
      ...(d.fields as O['downstream']['fields']),
      vendorCode,
      treatmentCode,
      wasteCode: WasteCode.optional().describe('The European List of Waste code of what left, "NN NN NN", with a trailing * when hazardous.'),
      hazardous: z.boolean().optional().describe('Default: whether wasteCode ends in * (false without a code). false with a * code is 400.'),
      radioactive: z.boolean().optional().describe('Default false: e.g. a sealed calibration source or depleted-uranium shielding handed to a licensed handler.'),
    })
    .meta({ 'x-floor': d.floor });
  const unlessVendor = 'requiredUnlessVendor' in d ? d.requiredUnlessVendor : undefined;
  return body.superRefine((e: Record<string, unknown>, ctx) => {
    if (unlessVendor !== undefined && e[unlessVendor] === undefined && e.vendorCode === undefined) {
      ctx.addIssue({ code: 'custom', path: [unlessVendor], message: `is required unless vendorCode names the ${d.vendorKind}` });
    }
    if (e.hazardous === false && typeof e.wasteCode === 'string' && isHazardousWasteCode(e.wasteCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hazardous'],
        message: `must not be false: waste code "${e.wasteCode}" is hazardous (it ends in *); leave hazardous out or set it true`,
      });
    }
    if (t.fromField !== undefined && e.treatmentCode !== undefined && e.treatmentCode !== e[t.fromField]) {
      ctx.addIssue({ code: 'custom', path: ['treatmentCode'], message: `must be the ${t.fromField} (${String(e[t.fromField])}) or be left out` });
    }
  });
}
/** The downstream entries of the list as a tuple type, so each body keeps its own fields' types. */
type Downstream<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R]
  ? H extends DownstreamEntry
    ? [H, ...Downstream<R>]
    : Downstream<R>
  : [];
type OutflowBodies = { [K in keyof Downstream<typeof OUTFLOWS>]: Downstream<typeof OUTFLOWS>[K] extends DownstreamEntry ? ReturnType<typeof outflowBody<Downstream<typeof OUTFLOWS>[K]>> : never };
const outflowBodies = DOWNSTREAM.map(outflowBody) as unknown as OutflowBodies;

export const EventBody = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('assessed'),
      ...base,
      grade: z.enum(['A', 'B', 'C', 'D']),
      route: z.enum(ROUTES),
      notes: freeText(2000).optional(),
    }),
    z.strictObject({ type: z.literal('refurbishment_started'), ...base, siteCode: SiteCode }),
    z.strictObject({
      type: z.literal('refurbished'),
      ...base,
      certification: reference(200).optional(),
      warrantyMonths: z.number().int().min(0).max(120).optional(),
    }),
    z.strictObject({
      type: z.literal('released'),
      ...base,
      channel: z.enum(['sale', 'redeployment', 'donation']),
      destinationCountry: CountryCode,
    }),
    z.strictObject({
      type: z.literal('part_harvested'),
      ...base,
      partNumber: identifier(64),
      massKg: eventMass,
      destination: z.enum(['service_stock', 'refurbishment']),
      description: freeText(500).optional(),
    }),
    ...outflowBodies,
    z.strictObject({
      type: z.literal('data_sanitized'),
      ...base,
      method: z.enum(SANITIZATION_METHODS).describe('NIST SP 800-88: clear, purge or destroy.'),
      standard: reference(100).meta({ example: 'NIST SP 800-88r1' }),
      media: z
        .array(MediumSchema)
        .min(1, 'must list at least one medium')
        .max(MAX_MEDIA, `must list at most ${MAX_MEDIA} media`),
      verifiedBy: name(100).describe('Who verified the sanitization.'),
      certificateRef: reference(200).optional(),
    }),
    z.strictObject({ type: z.literal('voided'), ...base, eventId: identifier(100), reason: freeText(500, { min: 1 }) }),
  ])
  .meta({ id: 'CreateEvent' });
export type EventInput = z.infer<typeof EventBody>;

const REUSED_WORDS = OUTFLOWS.filter((o) => o.kpi === 'reused').map((o) => o.stem).join(' + ');
export const MassBalanceSchema = z
  .object({
    intakeKg: z.number(),
    ...(Object.fromEntries(OUTFLOWS.map((o) => [kgField(o), z.number().describe(`${o.label}: the mass of its \`${o.type}\` events.`)])) as Record<OutflowKg, z.ZodNumber>),
    reusedKg: z.number().describe(REUSED_WORDS),
    remainingKg: z.number(),
  })
  .meta({ id: 'MassBalance' });


/** Every unit intake and every event is an entry of the hash-chained ledger. */
export const chainShape = {
  seq: z.number().int().describe('The entry’s place in the one chain of unit intakes and events (1, 2, …).'),
  prevHash: z.string().describe('The hash of the entry before it (64 zeros for the first).'),
  hash: z.string().describe('sha256(prevHash + RFC 8785 canonical JSON of the entry as recorded), hex.'),
};

/** What an outgoing event handed downstream answers about its waste, defaults filled in (v1.2). */
const outflowAnswer = {
  treatmentCode: z.string().optional().describe('Outgoing events handed downstream: the Waste Framework Directive operation, its default filled in.'),
  wasteCode: z.string().nullable().optional().describe('Outgoing events handed downstream: the List of Waste code, or null.'),
  hazardous: z.boolean().optional().describe('Outgoing events handed downstream: its default filled in.'),
  radioactive: z.boolean().optional().describe('Outgoing events handed downstream: its default filled in.'),
};

export const EventSchema = z
  .object({
    id: z.string(),
    unitId: z.string(),
    type: z.string(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    actor: z.string(),
    actorName: z.string().nullable().optional().describe('The name of the key in `actor`, when known (null for system writes).'),
    voided: z.boolean().describe('Cancelled by a later `voided` event; kept in the timeline.'),
    voidedBy: z.string().nullable(),
    ...outflowAnswer,
    ...chainShape,
  })
  .catchall(z.unknown())
  .meta({ id: 'Event', description: 'An event with the fields of its type (massKg, route, channel, ...).' });

export const UnitSchema = z
  .object({
    id: z.string(),
    serialNumber: z.string(),
    category: z.enum(CATEGORIES),
    modality: z.enum(MODALITIES).nullable(),
    model: z.string(),
    massKg: z.number(),
    massSource: z.enum(['measured', 'model_default']),
    originCountry: z.string(),
    siteCode: z.string(),
    receivedAt: z.string(),
    returnChannel: z.enum(RETURN_CHANNELS),
    dataBearing: z.boolean().describe('Whether the unit may hold patient data.'),
    weeeCategory: z.number().int().describe('The WEEE Annex III category, 1–6 (4 unless given at intake, and for units received before v1.2).'),
    region: z.enum(REGIONS),
    state: z.enum(UNIT_STATES),
    route: z.enum(ROUTES).nullable(),
    refurbishmentEligible: z.boolean(),
    exclusionReason: z.enum(['china_policy']).nullable(),
    massBalance: MassBalanceSchema,
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    ...chainShape,
  })
  .meta({ id: 'Unit' });

export const UnitWithEventsSchema = UnitSchema.extend({
  events: z.array(EventSchema),
  allowedNext: z
    .array(z.enum(EVENT_TYPES))
    .describe(
      'The event types the ledger would accept next for this unit, dated today, every policy applied (state machine, China policy, locked years, and any other rule a write obeys); the floor screens offer exactly these.',
    ),
  voidableEventIds: z
    .array(z.string())
    .describe('The ids of the events a `voided` event dated today would be accepted for, in timeline order (empty when nothing may be voided).'),
}).meta({ id: 'UnitWithEvents' });

export const ListUnitsQuery = z
  .strictObject({
    ...pageQuery,
    format: z
      .enum(['json', 'csv'])
      .default('json')
      .describe('csv: every matching unit as text/csv in the import format (limit and cursor do not apply).'),
    order: z
      .enum(['desc', 'asc'])
      .default('desc')
      .describe('desc (default): newest first, by receivedAt then id; asc: oldest first.'),
    state: z.enum(UNIT_STATES).optional().describe('Only units in this lifecycle state.'),
    category: z.enum(CATEGORIES).optional().describe('Only units of this category.'),
    region: z.enum(REGIONS).optional().describe('Only units from this region (derived from originCountry).'),
    siteCode: identifier(20).optional().describe('Only units received at this site.'),
    serialNumber: identifier(64)
      .optional()
      .describe('Units with exactly this serial, in any case (compared after NFC and trimming).'),
    q: identifier(64).optional().describe('Units whose serial contains this text, in any case.'),
    receivedFrom: DateString.optional().describe('Received on or after this date (inclusive).'),
    receivedTo: DateString.optional().describe('Received on or before this date (inclusive).'),
  })
  .refine((q) => !q.receivedFrom || !q.receivedTo || q.receivedFrom <= q.receivedTo, {
    path: ['receivedTo'],
    message: 'must not be before receivedFrom',
  });
export type ListUnitsQueryT = z.infer<typeof ListUnitsQuery>;

export const UnitIdParams = z.strictObject({ id: identifier(100) });

const StateCount = z
  .object({
    units: z.number().int().describe('Units in this state.'),
    remainingKg: z.number().describe('The mass they still hold (intake minus what left), kg; 0 for closed units.'),
  })
  .meta({ id: 'StateCount' });
const ByState = z
  .object(Object.fromEntries(UNIT_STATES.map((s) => [s, StateCount])) as Record<(typeof UNIT_STATES)[number], typeof StateCount>)
  .meta({ id: 'UnitsByState', description: 'Every lifecycle state, zeros included.' });

export const UnitsSummarySchema = z
  .object({
    byState: ByState,
    bySite: z
      .array(z.object({ siteCode: z.string(), byState: ByState }))
      .describe('Each site that has received at least one unit, by code.'),
  })
  .meta({
    id: 'UnitsSummary',
    description: 'For operations: every unit, China included (this is not a report), by lifecycle state and by site.',
  });
export type UnitsSummary = z.infer<typeof UnitsSummarySchema>;

/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const CREATE_UNIT_EXAMPLES: BodyExamples = {
  ct: {
    summary: 'A CT scanner traded in, weighed on arrival in Hungary',
    value: {
      serialNumber: 'CT-7731',
      category: 'imaging',
      modality: 'CT',
      model: 'Revolution EVO',
      massKg: 2450.5,
      originCountry: 'DE',
      siteCode: 'HU-EROC',
      receivedAt: '2024-03-01',
      returnChannel: 'trade_in',
    },
  },
  ultrasound: {
    summary: 'An ultrasound unit back from a lease, mass from the model sheet',
    value: {
      serialNumber: 'US-LOGIQ-20931',
      category: 'ultrasound',
      model: 'LOGIQ E10',
      massKg: 98,
      massSource: 'model_default',
      originCountry: 'US',
      siteCode: 'US-ROC',
      receivedAt: '2024-05-14',
      returnChannel: 'lease_return',
    },
  },
};

export const EVENT_EXAMPLES: BodyExamples = {
  assessed: { summary: 'Assess: grade and route', value: { type: 'assessed', occurredAt: '2024-03-04', grade: 'C', route: 'harvest', notes: 'Gantry fine, console damaged' } },
  data_sanitized: {
    summary: 'Record the wiping of the unit’s patient-data media (required before a data-bearing unit leaves custody)',
    value: {
      type: 'data_sanitized',
      occurredAt: '2024-03-05',
      method: 'purge',
      standard: 'NIST SP 800-88r1',
      media: [
        { kind: 'hdd', serial: 'WD-WCC4N7KX2210' },
        { kind: 'ssd', serial: 'S3Z9NB0K318442' },
      ],
      verifiedBy: 'Eszter Nagy, IT asset disposition',
      certificateRef: 'SAN-HU-2024-0117',
    },
  },
  refurbishment_started: { summary: 'Start refurbishment at a site', value: { type: 'refurbishment_started', occurredAt: '2024-03-05', siteCode: 'HU-EROC' } },
  refurbished: { summary: 'Refurbished and certified', value: { type: 'refurbished', occurredAt: '2024-04-19', certification: 'GoldSeal', warrantyMonths: 12 } },
  released: { summary: 'Released: all remaining mass counts as refurbished', value: { type: 'released', occurredAt: '2024-05-02', channel: 'sale', destinationCountry: 'PL' } },
  part_harvested: { summary: 'Harvest a part for service stock', value: { type: 'part_harvested', occurredAt: '2024-03-06', partNumber: 'XRT-2210', massKg: 120.25, destination: 'service_stock', description: 'X-ray tube' } },
  ...Object.fromEntries(DOWNSTREAM.map((o) => [o.type, o.downstream.example])),
  voided: { summary: 'Void an earlier event (void later events first)', value: { type: 'voided', occurredAt: '2024-03-22', eventId: 'evt_V1StGXR8_Z5jdHi6B', reason: 'Weighed twice' } },
};
