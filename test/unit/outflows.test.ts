import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { kpiDaily, REMAINING_GRAMS_SQL, units } from '../../src/db/schema.js';
import { DISPOSALS, EVENT_TYPES, initialProjection } from '../../src/domain/lifecycle.js';
import {
  DOWNSTREAM,
  gramsColumn,
  gramsField,
  kgField,
  OUTFLOWS,
  RECOVERY_CODES,
  DISPOSAL_CODES,
  VENDOR_KINDS,
  type TreatmentRule,
} from '../../src/domain/outflows.js';
import { SANITIZATION_GATED_TYPES } from '../../src/domain/sanitization.js';
import { CERTIFICATE_REQUIRED, KIND_FOR } from '../../src/domain/vendors.js';
import { EVENT_FIELDS, UNIT_READ_ONLY } from '../../src/modules/imports/csv-formats.js';
import { SUM_FIELDS, TOTAL_FIELDS } from '../../src/modules/kpis/kpi.js';
import { ROLLUP_COLUMNS } from '../../src/modules/kpis/rollup.repo.js';
import { EventBody, MassBalanceSchema } from '../../src/modules/units/units.schemas.js';

const columnsOf = (t: Parameters<typeof getTableColumns>[0]) => Object.values(getTableColumns(t)).map((c) => c.name);
const variants = new Map(
  (EventBody as unknown as { options: z.ZodObject[] }).options.map((o) => [(o.shape.type as z.ZodLiteral).value as string, o.shape as Record<string, z.ZodType>]),
);

describe('the outflow list (src/domain/outflows.ts)', () => {
  it('when its entries are read, then types, stems, vendor kinds and treatment codes are each declared once and coherent', () => {
    const unique = (a: readonly string[]) => expect(new Set(a).size).toBe(a.length);
    unique(OUTFLOWS.map((o) => o.type));
    unique(OUTFLOWS.map((o) => o.stem));
    unique(VENDOR_KINDS);
    const codes = new Set<string>([...RECOVERY_CODES, ...DISPOSAL_CODES]);
    for (const o of DOWNSTREAM) {
      const t = o.downstream.treatment;
      const rule: TreatmentRule = t;
      expect(t.allowed.every((c) => codes.has(c)), o.type).toBe(true);
      // Exactly one way to the default: a code the type allows, or a required field of its own.
      expect(rule.default === undefined, o.type).toBe(rule.fromField !== undefined);
      if (rule.default !== undefined) expect(t.allowed, o.type).toContain(rule.default);
      if (rule.fromField !== undefined) expect((o.downstream.fields as Record<string, z.ZodType>)[rule.fromField]!.safeParse(undefined).success, o.type).toBe(false);
      for (const c of Object.values(rule.byMaterial ?? {})) expect(t.allowed, o.type).toContain(c);
    }
    // Versions only grow: an entry of a later version never comes before an earlier one's.
    expect(OUTFLOWS.map((o) => o.since)).toEqual([...OUTFLOWS.map((o) => o.since)].sort());
  });

  it('when the lifecycle, vendors and sanitization gate are read, then their outgoing types are exactly the list’s', () => {
    expect([...DISPOSALS]).toEqual(DOWNSTREAM.map((o) => o.type));
    for (const o of OUTFLOWS) expect(EVENT_TYPES).toContain(o.type);
    expect(EVENT_TYPES.at(-1)).toBe('voided');
    expect(KIND_FOR).toEqual(Object.fromEntries(DOWNSTREAM.map((o) => [o.type, o.downstream.vendorKind])));
    expect([...CERTIFICATE_REQUIRED].sort()).toEqual(DOWNSTREAM.filter((o) => o.downstream.certificationRequired).map((o) => o.type).sort());
    expect(SANITIZATION_GATED_TYPES).toEqual(['released', ...DOWNSTREAM.map((o) => o.type)]);
    expect(Object.keys(initialProjection({ intakeG: 5, originCountry: 'DE', receivedAt: '2024-01-01' }).balance).sort()).toEqual(
      ['intakeG', 'remainingG', ...OUTFLOWS.map(gramsField)].sort(),
    );
  });

  it('when the tables and SQL are read, then every outflow has its grams column in units and kpi_daily and in the pending sum', () => {
    for (const o of OUTFLOWS) {
      expect(columnsOf(units), o.type).toContain(gramsColumn(o));
      expect(columnsOf(kpiDaily), o.type).toContain(gramsColumn(o));
      expect(ROLLUP_COLUMNS[gramsField(o)], o.type).toBe(gramsColumn(o));
      expect(SUM_FIELDS, o.type).toContain(gramsField(o));
    }
    expect(REMAINING_GRAMS_SQL).toBe(`intake_g - ${OUTFLOWS.map(gramsColumn).join(' - ')}`);
  });

  it('when the KPIs, balances and CSV columns are read, then every outflow has its kilograms field, the v1.1 layout first', () => {
    for (const o of OUTFLOWS) {
      expect(TOTAL_FIELDS, o.type).toContain(kgField(o));
      expect(Object.keys(MassBalanceSchema.shape), o.type).toContain(kgField(o));
      expect(UNIT_READ_ONLY, o.type).toContain(kgField(o));
    }
    expect(TOTAL_FIELDS.slice(0, 16)).toEqual([
      'unitsReceived', 'unitsClosed', 'refurbishedUnits', 'partsHarvested', 'refurbishedKg', 'harvestedKg', 'recycledKg', 'reusedKg',
      'landfilledKg', 'totalKg', 'diversionRate', 'pendingKg', 'magnetUpgrades', 'co2AvoidedT', 'energyRecoveredKg', 'recoveryRate',
    ]);
  });

  it('when the event schemas are read, then each downstream outflow has a variant with its own fields, the vendor and mass', () => {
    for (const o of DOWNSTREAM) {
      const shape = variants.get(o.type);
      expect(shape, o.type).toBeDefined();
      for (const f of ['occurredAt', 'massKg', 'vendorCode', ...Object.keys(o.downstream.fields)]) {
        expect(Object.keys(shape!), `${o.type}.${f}`).toContain(f);
        expect(EVENT_FIELDS, `${o.type}.${f}`).toContain(f);
      }
    }
  });
});
