import { co2t, int, kgExact, pct, words } from '../format.js';

/** How a KPI field reads, chosen by its name (…Kg masses, rates, counts, …T tonnes CO2e). */
export function fieldValue(field, v) {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'number') return String(v);
  if (/Kg$/.test(field)) return kgExact(v);
  if (/Rate$/.test(field)) return pct(v);
  if (/T$/.test(field)) return co2t(v, 3);
  return int(v);
}

export function fieldDelta(field, v) {
  if (typeof v !== 'number') return '—';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return `${sign}${fieldValue(field, Math.abs(v))}`.replace(/^±0.*$/, 'no change');
}

const NAMES = {
  unitsReceived: 'Units received',
  unitsClosed: 'Units closed',
  refurbishedUnits: 'Refurbished units',
  partsHarvested: 'Parts harvested',
  refurbishedKg: 'Refurbished',
  harvestedKg: 'Harvested parts',
  recycledKg: 'Recycled',
  reusedKg: 'Reused',
  landfilledKg: 'Landfilled',
  totalKg: 'Total',
  diversionRate: 'Diversion rate',
  pendingKg: 'Pending',
  magnetUpgrades: 'Magnet upgrades',
  co2AvoidedT: 'CO₂e avoided (magnet upgrades)',
};
export const fieldName = (f) => NAMES[f] ?? words(f);
