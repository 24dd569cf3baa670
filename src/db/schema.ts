import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROUTES, UNIT_STATES } from '../domain/lifecycle.js';
import { gramsColumn, gramsField, OUTFLOWS, type OutflowGrams } from '../domain/outflows.js';
import { REGIONS } from '../domain/regions.js';
import { CATEGORIES, MODALITIES, RETURN_CHANNELS } from '../domain/units.js';

// Masses are integer grams everywhere in the database; dates are 'YYYY-MM-DD' text,
// timestamps ISO 8601 UTC text. Ids are prefixed nanoids; `seq` columns give a stable
// insertion order for cursor pagination.

const grams = (column: string) => integer(column).notNull().default(0);
/**
 * One grams column per outflow of domain/outflows.ts (refurbished_g, harvested_g, ...), in
 * its order: a unit's balance and the daily roll-up both carry one. A new outflow adds its
 * column here by itself (and `npm run db:generate` writes the migration).
 */
const outflowGrams = () =>
  Object.fromEntries(OUTFLOWS.map((o) => [gramsField(o), grams(gramsColumn(o))])) as Record<OutflowGrams, ReturnType<typeof grams>>;

/**
 * "Pending = intake − everything that left", as SQL over a row of `units` or `kpi_daily`
 * (both name the columns alike). The one place it is written: the kpi_daily index below
 * holds it as its last column, and the queries that read that index (kpis.repo.ts) and
 * the units summary (units.store.ts) use this same text, word for word.
 */
export const REMAINING_GRAMS_SQL = `intake_g - ${OUTFLOWS.map(gramsColumn).join(' - ')}`;

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'operator', 'engineer', 'esg', 'viewer'] }).notNull(),
  /** sha256 of the secret, hex. The secret itself is never stored. */
  secretHash: text('secret_hash').notNull().unique(),
  /** First characters of the secret, so people can tell their keys apart. */
  prefix: text('prefix').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by'),
  revokedAt: text('revoked_at'),
  revokedBy: text('revoked_by'),
});

export const sites = sqliteTable('sites', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  region: text('region', { enum: REGIONS }).notNull(),
  createdAt: text('created_at').notNull(),
});

export const units = sqliteTable(
  'units',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    serialNumber: text('serial_number').notNull(),
    /**
     * The serial as it is matched (duplicates, ?serialNumber=, q=): NFC, trimmed,
     * case-folded (domain/text.ts serialKey). The serial itself is kept as given.
     */
    serialKey: text('serial_key').notNull().default(''),
    category: text('category', { enum: CATEGORIES }).notNull(),
    modality: text('modality', { enum: MODALITIES }),
    model: text('model').notNull(),
    intakeG: integer('intake_g').notNull(),
    massSource: text('mass_source', { enum: ['measured', 'model_default'] }).notNull(),
    originCountry: text('origin_country').notNull(),
    region: text('region', { enum: REGIONS }).notNull(),
    siteCode: text('site_code')
      .notNull()
      .references(() => sites.code),
    receivedAt: text('received_at').notNull(),
    returnChannel: text('return_channel', { enum: RETURN_CHANNELS }).notNull(),
    /**
     * Whether the unit may hold patient data (gates its leaving custody on a sanitization).
     * Always written by the service (by category unless given); the column default only
     * serves the ALTER TABLE, and a migration gives older rows their category's default.
     */
    dataBearing: integer('data_bearing', { mode: 'boolean' }).notNull().default(false),
    /**
     * The WEEE Annex III category (1–6), part of the recorded intake (v1.2). Always written by
     * the service (4, large equipment, unless given); the default gives units received
     * before v1.2 the same 4, and their chain entries, which never hashed it, stay as they were
     * (domain/ledger-chain.ts hashes it only when it is not 4).
     */
    weeeCategory: integer('weee_category').notNull().default(4),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    // Projection of the unit's events, rewritten in the same transaction as every
    // event so lists can filter by state without replaying the ledger.
    state: text('state', { enum: UNIT_STATES }).notNull(),
    route: text('route', { enum: ROUTES }),
    ...outflowGrams(),
    closedAt: text('closed_at'),
    lastEventAt: text('last_event_at'),
    // The unit's intake is an entry of the hash-chained ledger (src/domain/ledger-chain.ts):
    // its place in the one chain of units and events, the hash before it, and its own hash.
    // Set once, at insert (or by the start-up backfill for rows older than the chain);
    // triggers refuse any later change to them or to the intake columns.
    ledgerSeq: integer('ledger_seq'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  // Lists are newest first by (received_at, id): each filter's index ends with them,
  // so a filtered page is read in order from the index, with no sort.
  (t) => [
    index('units_serial_key_idx').on(t.serialKey, t.model, t.receivedAt, t.id),
    index('units_state_received_idx').on(t.state, t.receivedAt, t.id),
    index('units_received_id_idx').on(t.receivedAt, t.id),
    index('units_region_received_idx').on(t.region, t.receivedAt, t.id),
    index('units_site_received_idx').on(t.siteCode, t.receivedAt, t.id),
    // GET /units/summary reads this index alone, in its order (see units.store.ts SUMMARY_SQL).
    index('units_site_summary_idx').on(t.siteCode, t.state, t.intakeG, ...OUTFLOWS.map((o) => t[gramsField(o)])),
    // The sanitization audit reads the units that left custody in a date range.
    index('units_closed_idx').on(t.closedAt),
  ],
);

/** The ledger: append-only (triggers in the migrations refuse UPDATE and DELETE). */
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    type: text('type').notNull(),
    occurredAt: text('occurred_at').notNull(),
    /** Outgoing mass of an outflow that names its own (every one but released), in grams. */
    massG: integer('mass_g'),
    /** For `voided`: the event it cancels. */
    voidsEventId: text('voids_event_id'),
    /** Type-specific fields (grade, route, channel, partNumber, vendorCode, ...) as JSON. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    recordedAt: text('recorded_at').notNull(),
    actor: text('actor').notNull(),
    /** Ledger chain: see units.ledgerSeq. */
    ledgerSeq: integer('ledger_seq'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    /**
     * The downstream vendor an outgoing event names, read from `data` (never written):
     * the record keeps it in `data` like every other type field, and this lets a
     * vendor's events be found by index.
     */
    vendorCode: text('vendor_code').generatedAlwaysAs(sql`json_extract(data, '$.vendorCode')`, { mode: 'virtual' }),
  },
  (t) => [
    index('events_unit_idx').on(t.unitId, t.seq),
    index('events_occurred_idx').on(t.occurredAt),
    // Only outgoing events name a vendor: the others stay out of the index.
    index('events_vendor_idx').on(t.vendorCode, t.seq).where(sql`vendor_code IS NOT NULL`),
    // Voids are few: whether an event was voided is one probe of this small index.
    index('events_voids_idx').on(t.voidsEventId).where(sql`voids_event_id IS NOT NULL`),
  ],
);

/**
 * Daily roll-up of the ledger by the dimensions reports group by. Kept exact in the
 * same transaction as each unit or event write (see modules/units/rollup.ts), so KPI
 * queries read thousands of rows instead of millions of events.
 * `modality` is '' when the unit has none (a primary key column cannot be NULL-distinct).
 */
export const kpiDaily = sqliteTable(
  'kpi_daily',
  {
    day: text('day').notNull(),
    region: text('region').notNull(),
    category: text('category').notNull(),
    modality: text('modality').notNull(),
    siteCode: text('site_code').notNull(),
    unitsReceived: integer('units_received').notNull().default(0),
    intakeG: integer('intake_g').notNull().default(0),
    /** The part of intake_g whose mass was weighed (massSource measured), not a model default. */
    measuredIntakeG: integer('measured_intake_g').notNull().default(0),
    unitsClosed: integer('units_closed').notNull().default(0),
    refurbishedUnits: integer('refurbished_units').notNull().default(0),
    donatedUnits: integer('donated_units').notNull().default(0),
    partsHarvested: integer('parts_harvested').notNull().default(0),
    donatedG: integer('donated_g').notNull().default(0),
    ...outflowGrams(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.region, t.category, t.modality, t.siteCode] }),
    // KPI reports group by these dimensions and by month: reading this index in order
    // sums a report's days without sorting, and the last column (intake minus moved)
    // lets the pending mass before a report's first day be summed from the index alone.
    index('kpi_daily_dims_month_idx').on(
      t.region,
      t.category,
      t.modality,
      t.siteCode,
      sql`substr(day, 1, 7)`,
      t.day,
      sql.raw(REMAINING_GRAMS_SQL),
    ),
  ],
);

/**
 * The disclosure roll-up (v1.2): every outgoing gram by event day, the unit's scope
 * dimensions (region, category, site: China and the reporting boundary), its WEEE
 * category and mass source (measured or estimated), and the outflow's type, treatment
 * code ('' for reuse), hazardous and radioactive. Kept exact in the same transaction as
 * each event write (modules/kpis/rollup.repo.ts), like kpi_daily, so ESRS E5-5, GRI 306
 * and WEEE figures for a year are one range read of the primary key. Apart from kpi_daily
 * on purpose: see modules/kpis/README.md, "The disclosure roll-up".
 */
export const outflowDaily = sqliteTable(
  'outflow_daily',
  {
    day: text('day').notNull(),
    region: text('region').notNull(),
    category: text('category').notNull(),
    siteCode: text('site_code').notNull(),
    weeeCategory: integer('weee_category').notNull(),
    massSource: text('mass_source').notNull(),
    type: text('type').notNull(),
    treatmentCode: text('treatment_code').notNull(),
    hazardous: integer('hazardous').notNull(),
    radioactive: integer('radioactive').notNull(),
    massG: integer('mass_g').notNull().default(0),
  },
  (t) => [
    primaryKey({
      columns: [t.day, t.region, t.category, t.siteCode, t.weeeCategory, t.massSource, t.type, t.treatmentCode, t.hazardous, t.radioactive],
    }),
  ],
);

export const periodLocks = sqliteTable('period_locks', {
  year: integer('year').primaryKey(),
  locked: integer('locked', { mode: 'boolean' }).notNull(),
  changedAt: text('changed_at').notNull(),
  changedBy: text('changed_by').notNull(),
});

export const periodVersions = sqliteTable(
  'period_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    note: text('note'),
    figures: text('figures', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The reporting boundary the figures were computed within (null: none was set). */
    boundary: text('boundary', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** The ledger chain's head when the year was locked (null for versions older than the chain). */
    ledgerSeq: integer('ledger_seq'),
    ledgerHead: text('ledger_head'),
    /** The factor sets behind the published co2AvoidedT, as /kpis lists them. */
    factorSets: text('factor_sets', { mode: 'json' }).$type<unknown[]>(),
  },
  (t) => [uniqueIndex('period_versions_year_version').on(t.year, t.version)],
);

/**
 * Each year's reporting boundary: which categories, from which regions, its published
 * figures cover. A new row replaces the year's boundary; the older rows are its history.
 * Append-only (triggers).
 */
export const periodBoundaries = sqliteTable(
  'period_boundaries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    /** [{category, regions: string[] | null}], regions null meaning every region. */
    rules: text('rules', { mode: 'json' }).$type<{ category: string; regions: string[] | null }[]>().notNull(),
    note: text('note'),
    setAt: text('set_at').notNull(),
    setBy: text('set_by').notNull(),
  },
  (t) => [index('period_boundaries_year_idx').on(t.year, t.id)],
);

/** The head of the ledger chain (one row, id 1): where the next entry links. Written only by the ledger writer. */
export const ledgerHead = sqliteTable('ledger_head', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

/**
 * One row (id 1): a token that changes with every write to a table the write rules read as
 * facts (sites, period locks, vendors and their certificates, shipments and receipts, API
 * keys), moved by triggers in the writing transaction, by any connection (migration 0015).
 * The app's read cache (db/read-cache.ts) keeps what it read of those tables only while the
 * token it read them at stands.
 */
export const factsVersion = sqliteTable('facts_version', {
  id: integer('id').primaryKey(),
  token: integer('token').notNull(),
});

export const periodUnlocks = sqliteTable('period_unlocks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  year: integer('year').notNull(),
  unlockedAt: text('unlocked_at').notNull(),
  unlockedBy: text('unlocked_by').notNull(),
  reason: text('reason').notNull(),
  /** The version that was current when the year was reopened. */
  afterVersion: integer('after_version').notNull(),
});

/** Emission factor sets: immutable once created; a new version names what it supersedes. */
export const factorSets = sqliteTable('factor_sets', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  name: text('name').notNull(),
  version: text('version').notNull(),
  supersedes: text('supersedes'),
  isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  /** The whole validated body (factors, defaults, description) as JSON. */
  body: text('body', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export const magnetUpgrades = sqliteTable(
  'magnet_upgrades',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    magnetSerial: text('magnet_serial').notNull(),
    siteCountry: text('site_country').notNull(),
    region: text('region').notNull(),
    fieldStrengthT: text('field_strength_t').notNull(),
    completedAt: text('completed_at').notNull(),
    /** The estimate inputs (magnet mass, material overrides, transport legs) as given. */
    inputs: text('inputs', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('magnet_upgrades_completed_idx').on(t.completedAt)],
);

/** Every figure ever computed for an upgrade; the latest row per upgrade is the one reports use. */
export const magnetUpgradeFigures = sqliteTable(
  'magnet_upgrade_figures',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    upgradeId: text('upgrade_id')
      .notNull()
      .references(() => magnetUpgrades.id),
    factorSetId: text('factor_set_id')
      .notNull()
      .references(() => factorSets.id),
    /** Avoided emissions in kilograms CO2e (the API speaks tonnes with 3 decimals). */
    avoidedKg: integer('avoided_kg').notNull(),
    breakdown: text('breakdown', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    kind: text('kind', { enum: ['initial', 'recalculation'] }).notNull(),
    computedAt: text('computed_at').notNull(),
    computedBy: text('computed_by').notNull(),
  },
  (t) => [index('magnet_upgrade_figures_upgrade_idx').on(t.upgradeId, t.seq)],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    apiKeyId: text('api_key_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    bodyHash: text('body_hash').notNull(),
    /** null while the first request is still running. */
    status: integer('status'),
    contentType: text('content_type'),
    response: text('response'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] })],
);

/** Every write: who, when, what, request id. Append-only (triggers refuse UPDATE/DELETE). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    at: text('at').notNull(),
    actor: text('actor'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    requestId: text('request_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_entity_idx').on(t.entityType, t.entityId)],
);

/**
 * Downstream vendors: the recyclers, energy-recovery plants and landfills that take
 * our outgoing mass. Append-only (triggers refuse UPDATE and DELETE): a vendor is
 * never edited, its certifications are added one by one.
 */
export const vendors = sqliteTable('vendors', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  /** Subset of recycler, energy_recovery, landfill, as a JSON array. */
  kinds: text('kinds', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

/** A vendor's certificates (R2v3, e-Stewards, ...), each with its validity window (inclusive dates). Append-only. */
export const vendorCertifications = sqliteTable(
  'vendor_certifications',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    vendorCode: text('vendor_code')
      .notNull()
      .references(() => vendors.code),
    scheme: text('scheme').notNull(),
    certificateNo: text('certificate_no').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('vendor_certifications_vendor_idx').on(t.vendorCode, t.seq)],
);

/** A load of outgoing events handed to one vendor. Append-only; its receipt is a row of shipment_receipts. */
export const shipments = sqliteTable(
  'shipments',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    vendorCode: text('vendor_code')
      .notNull()
      .references(() => vendors.code),
    shippedAt: text('shipped_at').notNull(),
    /** The shipper's own reference (waybill, bill of lading), if given. */
    reference: text('reference'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('shipments_vendor_idx').on(t.vendorCode, t.seq)],
);

/** Which events a shipment carries. An event is in at most one shipment (the primary key). Append-only. */
export const shipmentEvents = sqliteTable(
  'shipment_events',
  {
    eventId: text('event_id')
      .primaryKey()
      .references(() => events.id),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id),
    /** The event's place in the shipment's list, as given. */
    position: integer('position').notNull(),
  },
  (t) => [index('shipment_events_shipment_idx').on(t.shipmentId, t.position)],
);

/** The vendor's weighed receipt (certificate of recycling): at most one per shipment (the primary key). Append-only. */
export const shipmentReceipts = sqliteTable('shipment_receipts', {
  shipmentId: text('shipment_id')
    .primaryKey()
    .references(() => shipments.id),
  receivedAt: text('received_at').notNull(),
  receivedG: integer('received_g').notNull(),
  certificateRef: text('certificate_ref').notNull(),
  recordedAt: text('recorded_at').notNull(),
  recordedBy: text('recorded_by').notNull(),
});
