/**
 * How the figures of a year stand now against its latest published version. Only the
 * fields that differ are listed, so an empty object means "still as published".
 */
export type Difference = { published: number | null; current: number | null; delta: number | null };

/** Decimals each kind of figure is published with; deltas are rounded the same way. */
const decimalsOf = (field: string): number => (field === 'diversionRate' ? 4 : /(Kg|T)$/.test(field) ? 3 : 0);

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
