/**
 * The units an events file touches, each loaded once (row and timeline) and then
 * kept in memory as the rows change it, so later rows see earlier rows' effects
 * without re-reading or re-replaying the ledger.
 */
import type { RollupDims } from '../kpis/rollup.repo.js';
import { replay } from '../units/lifecycle.js';
import { toLedgerEvent, unitFacts, type LedgerState } from '../units/units.rules.js';
import type { ImportRepo, UnitHead } from './imports.repo.js';

export type CachedUnit = {
  id: string;
  serialNumber: string;
  model: string;
  dims: RollupDims;
  ledger: LedgerState;
  changed: boolean;
  /** The latest row for this unit that was refused, to explain later refusals. */
  refusedRow: number | null;
};

export type UnitRef = { unitId?: string; serialNumber?: string; model?: string };

export type Resolved = { ok: true; unit: CachedUnit } | { ok: false; code: 'unit.not_found' | 'validation.failed'; column: string; message: string };

export class LedgerCache {
  private readonly units = new Map<string, CachedUnit>();
  private readonly serials = new Map<string, UnitHead[]>();

  constructor(private readonly repo: ImportRepo) {}

  get size(): number {
    return this.units.size;
  }

  changed(): CachedUnit[] {
    return [...this.units.values()].filter((u) => u.changed);
  }

  byId(id: string): CachedUnit | undefined {
    const hit = this.units.get(id);
    if (hit) return hit;
    const head = this.repo.unitById(id);
    return head ? this.load(head) : undefined;
  }

  private load(head: UnitHead): CachedUnit {
    const facts = unitFacts(head);
    const timeline = this.repo.eventsOfUnit(head.id).map(toLedgerEvent);
    const r = replay(facts, timeline);
    if (!r.ok) throw new Error(`stored timeline of ${head.id} does not replay: ${r.error.detail}`);
    const unit: CachedUnit = {
      id: head.id,
      serialNumber: head.serialNumber,
      model: head.model,
      dims: { region: head.region, category: head.category, modality: head.modality, siteCode: head.siteCode },
      ledger: { unitId: head.id, facts, timeline, projection: r.projection, voided: r.voided },
      changed: false,
      refusedRow: null,
    };
    this.units.set(head.id, unit);
    return unit;
  }

  /** The state as it stands now: this import's rows included for units already loaded. */
  private stateOf(head: UnitHead): string {
    return this.units.get(head.id)?.ledger.projection.state ?? head.state;
  }

  /**
   * By unitId when given (a serialNumber or model beside it must match); otherwise the
   * open unit with that serial (and model), or, when none is open, the only unit that
   * ever had it, so a closed unit can still be voided by serial. Several candidates
   * are ambiguous: the row must say which with unitId (or model).
   */
  resolve(ref: UnitRef): Resolved {
    if (ref.unitId !== undefined) {
      const unit = this.byId(ref.unitId);
      if (!unit) return { ok: false, code: 'unit.not_found', column: 'unitId', message: `no unit "${ref.unitId}"` };
      for (const f of ['serialNumber', 'model'] as const) {
        if (ref[f] !== undefined && ref[f] !== unit[f]) {
          return { ok: false, code: 'validation.failed', column: f, message: `unit ${unit.id} has ${f} "${unit[f]}", not "${ref[f]}"` };
        }
      }
      return { ok: true, unit };
    }
    const serial = ref.serialNumber!;
    let all = this.serials.get(serial);
    if (!all) this.serials.set(serial, (all = this.repo.unitsBySerial(serial)));
    const candidates = ref.model === undefined ? all : all.filter((u) => u.model === ref.model);
    const named = `serial "${serial}"${ref.model !== undefined ? ` and model "${ref.model}"` : ''}`;
    if (candidates.length === 0) {
      return { ok: false, code: 'unit.not_found', column: 'serialNumber', message: `no unit has ${named}` };
    }
    const open = candidates.filter((u) => this.stateOf(u) !== 'closed');
    const pick = open.length > 0 ? open : candidates;
    if (pick.length > 1) {
      const ids = pick.map((u) => u.id).join(', ');
      return {
        ok: false,
        code: 'validation.failed',
        column: 'serialNumber',
        message: `${pick.length} ${open.length > 0 ? 'open' : 'closed'} units have ${named} (${ids}); name the unit with unitId${ref.model === undefined ? ' or add a model column' : ''}`,
      };
    }
    const head = pick[0]!;
    return { ok: true, unit: this.units.get(head.id) ?? this.load(head) };
  }
}
