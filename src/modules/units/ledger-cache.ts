/**
 * The units a transaction's events touch (one for a single POST, thousands for an
 * events file), kept in memory while events change them, so an event sees the ones
 * before it without re-reading or re-replaying the ledger. Memory is
 * bounded: past MAX_UNITS the least recently used unit is dropped after its
 * projection is saved, and reloaded (timeline and all) if a later row names it.
 * That is exact only because the planner writes every event that passes as it goes
 * (the transaction is rolled back at the end if any row failed), so the database
 * always holds what memory held.
 */
import { replay } from '../../domain/lifecycle.js';
import { serialKey } from '../../domain/text.js';
import type { UnitLedger } from '../../policies/index.js';
import type { RollupDims } from '../kpis/rollup.repo.js';
import { toLedgerEvent, unitFacts } from './units.mapper.js';
import type { UnitHead, UnitsStore } from './units.store.js';

const MAX_UNITS = 64;

export type CachedUnit = {
  id: string;
  serialNumber: string;
  /** How the serial is matched (serialKey). */
  serialKey: string;
  model: string;
  dims: RollupDims;
  ledger: UnitLedger;
  /** Events were added since the unit was loaded: its projection must be saved. */
  changed: boolean;
};

export type UnitRef = { unitId?: string; serialNumber?: string; model?: string };

export type Resolved = { ok: true; unit: CachedUnit } | { ok: false; code: 'unit.not_found' | 'validation.failed'; column: string; message: string };

export class LedgerCache {
  /** In least- to most-recently used order (a Map keeps insertion order). */
  private readonly units = new Map<string, CachedUnit>();
  /**
   * Units by serial (serialKey), as read: no unit is created during an events import, so the
   * candidates for a serial stay the same; only their states move, and a held unit's
   * state is read from memory. An entry goes when one of its units is dropped, since
   * that unit's stored state was just rewritten.
   */
  private readonly serials = new Map<string, UnitHead[]>();

  constructor(
    private readonly store: UnitsStore,
    private readonly max = MAX_UNITS,
  ) {}

  /** Saves the projection of every unit still in memory that changed. */
  saveAll(): void {
    for (const u of this.units.values()) this.save(u);
  }

  private save(u: CachedUnit): void {
    if (!u.changed) return;
    this.store.saveProjection(u.id, u.ledger.projection);
    u.changed = false;
  }

  /** The most recently used unit (the Map's last entry), which touch need not move. */
  private newest: CachedUnit | null = null;

  private touch(u: CachedUnit): CachedUnit {
    if (u === this.newest) return u;
    this.units.delete(u.id);
    this.units.set(u.id, u);
    this.newest = u;
    return u;
  }

  byId(id: string): CachedUnit | undefined {
    const hit = this.units.get(id);
    if (hit) return this.touch(hit);
    const head = this.store.headById(id);
    return head ? this.load(head) : undefined;
  }

  private load(head: UnitHead): CachedUnit {
    const facts = unitFacts(head);
    const timeline = this.store.storedEvents(head.id).map(toLedgerEvent);
    const r = replay(facts, timeline);
    if (!r.ok) throw new Error(`stored timeline of ${head.id} does not replay: ${r.error.detail}`);
    if (this.units.size >= this.max) {
      const oldest = this.units.values().next().value!;
      this.save(oldest);
      this.units.delete(oldest.id);
      this.serials.delete(oldest.serialKey);
    }
    const unit: CachedUnit = {
      id: head.id,
      serialNumber: head.serialNumber,
      serialKey: head.serialKey,
      model: head.model,
      dims: { region: head.region, category: head.category, modality: head.modality, siteCode: head.siteCode, weeeCategory: head.weeeCategory, massSource: head.massSource },
      ledger: { unitId: head.id, facts, dataBearing: head.dataBearing, siteCode: head.siteCode, timeline, projection: r.projection, voided: r.voided },
      changed: false,
    };
    this.units.set(head.id, unit);
    this.newest = unit;
    return unit;
  }

  /** The state as it stands now: memory for units held (their saved state may be behind), the database otherwise. */
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
      const differs = {
        serialNumber: ref.serialNumber !== undefined && serialKey(ref.serialNumber) !== unit.serialKey,
        model: ref.model !== undefined && ref.model !== unit.model,
      };
      for (const f of ['serialNumber', 'model'] as const) {
        if (differs[f]) {
          return { ok: false, code: 'validation.failed', column: f, message: `unit ${unit.id} has ${f} "${unit[f]}", not "${ref[f]}"` };
        }
      }
      return { ok: true, unit };
    }
    const serial = ref.serialNumber!;
    const key = serialKey(serial);
    let all = this.serials.get(key);
    if (!all) {
      all = this.store.headsBySerial(serial);
      if (this.serials.size >= this.max) this.serials.delete(this.serials.keys().next().value!);
      this.serials.set(key, all);
    }
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
    const held = this.units.get(head.id);
    return { ok: true, unit: held ? this.touch(held) : this.load(head) };
  }
}
