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
  if (typeof v !== 'number' || Number.isNaN(v)) return '—';
  if (v === 0) return 'no change';
  const sign = v > 0 ? '+' : '−';
  // A rate moves in percentage points, not percent.
  if (/Rate$/.test(field)) return `${sign}${(Math.abs(v) * 100).toFixed(2)} pts`;
  return `${sign}${fieldValue(field, Math.abs(v))}`;
}

const NAMES = {
  unitsReceived: 'Units received',
  unitsClosed: 'Units closed',
  refurbishedUnits: 'Refurbished units',
  partsHarvested: 'Parts harvested',
  refurbishedKg: 'Refurbished',
  harvestedKg: 'Harvested parts',
  recycledKg: 'Recycled',
  // The KPI's reused counts recycling too; SASB's "reused" does not (see sasb.js): two names for two figures.
  reusedKg: 'Reused incl. recycled',
  landfilledKg: 'Landfilled',
  totalKg: 'Total',
  diversionRate: 'Diversion rate',
  pendingKg: 'Pending',
  magnetUpgrades: 'Magnet upgrades',
  co2AvoidedT: 'CO₂e avoided (magnet upgrades)',
  energyRecoveredKg: 'Energy recovered',
  recoveryRate: 'Recovery rate',
};
export const fieldName = (f) => NAMES[f] ?? words(f);
