import { OUTFLOW_KG } from '../../domain/outflows.js';

/**
 * How the figures of a year stand now against its latest published version. Only the
 * fields that differ are listed, so an empty object means "still as published".
 */
export type Difference = { published: number | null; current: number | null; delta: number | null };

/** Decimals each kind of figure is published with; deltas are rounded the same way. */
const decimalsOf = (field: string): number => (/Rate$/.test(field) ? 4 : /(Kg|T)$/.test(field) ? 3 : 0);

const asNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function figureDifferences(
  published: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, Difference> {
  const out: Record<string, Difference> = {};
  const fields = [...new Set([...Object.keys(current), ...Object.keys(published)])];
  for (const field of fields) {
    const p = asNumber(published[field]);
    const c = asNumber(current[field]);
    if (p === c) continue;
    const scale = 10 ** decimalsOf(field);
    // Subtract scaled integers so 0.3 - 0.1 reads 0.2, not 0.19999999999999998.
    const delta = p === null || c === null ? null : (Math.round(c * scale) - Math.round(p * scale)) / scale;
    out[field] = { published: p, current: c, delta };
  }
  return out;
}

/**
 * Figures published before an outflow existed lack its KPI field (v1.0 versions lack
 * energyRecoveredKg and recoveryRate; v1.1 versions lack incineratedKg and
 * otherDisposalKg...). They are not unknown: with no such event possible, the outflow's
 * kilograms were 0, and recoveryRate (v1.1) equalled diversionRate. Filling them in lets
 * an old version be read and compared like a new one without inventing a difference;
 * every stored value is kept.
 */
export function withLaterFields(figures: Record<string, unknown>): Record<string, unknown> {
  const missing = OUTFLOW_KG.filter((f) => !(f in figures));
  if (missing.length === 0 && 'recoveryRate' in figures) return figures;
  return { ...Object.fromEntries(missing.map((f) => [f, 0])), recoveryRate: figures.diversionRate ?? null, ...figures };
}
