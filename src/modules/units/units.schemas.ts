import { z } from 'zod';
import { CountryCode, DateString, massKg } from '../../domain/common.schemas.js';
import { MAX_UNIT_MASS_KG } from '../../domain/mass.js';
import { REGIONS } from '../../domain/regions.js';
import { CATEGORIES, MATERIALS, MODALITIES, RETURN_CHANNELS } from '../../domain/units.js';
import { pageQuery } from '../../http/pagination.js';
import { EVENT_TYPES, ROUTES, UNIT_STATES } from '../../domain/lifecycle.js';


const text = (max: number) => z.string().trim().min(1).max(max);
const SiteCode = z.string().min(1).max(20).meta({ example: 'HU-EROC' });

export const CreateUnitBody = z
  .strictObject({
    serialNumber: text(64),
    category: z.enum(CATEGORIES),
    modality: z.enum(MODALITIES).optional().describe('Required for imaging; optional otherwise.'),
    model: text(100),
    massKg: massKg(MAX_UNIT_MASS_KG),
    massSource: z.enum(['measured', 'model_default']).default('measured'),
    originCountry: CountryCode,
    siteCode: SiteCode,
    receivedAt: DateString,
    returnChannel: z.enum(RETURN_CHANNELS),
  })
  .superRefine((u, ctx) => {
    if (u.category === 'imaging' && !u.modality) {
      ctx.addIssue({ code: 'custom', path: ['modality'], message: 'is required for imaging (MR, CT, XR, MI, MAMMO)' });
    }
  })
  .meta({ id: 'CreateUnit' });
export type CreateUnitInput = z.infer<typeof CreateUnitBody>;

const base = { occurredAt: DateString };
const eventMass = massKg(MAX_UNIT_MASS_KG);

export const EventBody = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('assessed'),
      ...base,
      grade: z.enum(['A', 'B', 'C', 'D']),
      route: z.enum(ROUTES),
      notes: z.string().max(2000).optional(),
    }),
    z.strictObject({ type: z.literal('refurbishment_started'), ...base, siteCode: SiteCode }),
    z.strictObject({
      type: z.literal('refurbished'),
      ...base,
      certification: z.string().max(200).optional(),
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
      partNumber: text(64),
      massKg: eventMass,
      destination: z.enum(['service_stock', 'refurbishment']),
      description: z.string().max(500).optional(),
    }),
    z.strictObject({
      type: z.literal('recycled'),
      ...base,
      massKg: eventMass,
      material: z.enum(MATERIALS),
      recycler: text(200),
      certificateRef: z.string().max(200).optional(),
    }),
    z.strictObject({
      type: z.literal('landfilled'),
      ...base,
      massKg: eventMass,
      reason: text(500),
      facility: z.string().max(200).optional(),
    }),
    z.strictObject({ type: z.literal('voided'), ...base, eventId: text(100), reason: text(500) }),
  ])
  .meta({ id: 'CreateEvent' });
export type EventInput = z.infer<typeof EventBody>;

export const MassBalanceSchema = z
  .object({
    intakeKg: z.number(),
    refurbishedKg: z.number(),
    harvestedKg: z.number(),
    recycledKg: z.number(),
    reusedKg: z.number().describe('refurbished + harvested + recycled'),
    landfilledKg: z.number(),
    remainingKg: z.number(),
  })
  .meta({ id: 'MassBalance' });

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
    region: z.enum(REGIONS),
    state: z.enum(UNIT_STATES),
    route: z.enum(ROUTES).nullable(),
    refurbishmentEligible: z.boolean(),
    exclusionReason: z.enum(['china_policy']).nullable(),
    massBalance: MassBalanceSchema,
    closedAt: z.string().nullable(),
    createdAt: z.string(),
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
    state: z.enum(UNIT_STATES).optional(),
    category: z.enum(CATEGORIES).optional(),
    region: z.enum(REGIONS).optional(),
    siteCode: z.string().max(20).optional(),
    serialNumber: z.string().max(64).optional(),
    receivedFrom: DateString.optional(),
    receivedTo: DateString.optional(),
  })
  .refine((q) => !q.receivedFrom || !q.receivedTo || q.receivedFrom <= q.receivedTo, {
    path: ['receivedTo'],
    message: 'must not be before receivedFrom',
  });
export type ListUnitsQueryT = z.infer<typeof ListUnitsQuery>;

export const UnitIdParams = z.strictObject({ id: z.string().min(1).max(100) });
