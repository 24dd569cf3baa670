/** Masses travel as kilograms (up to 3 decimals) in JSON and live as integer grams. */

export const MAX_UNIT_MASS_KG = 50_000;
/** The smallest mass the ledger records: one gram. */
export const MIN_MASS_KG = 0.001;

/**
 * Whether a number is exactly a kilogram figure with at most three decimals, as it
 * was typed: `2450.125` is, `1.0005`, `1e-10` and `0.1 + 0.2` (0.30000000000000004)
 * are not. JSON numbers are parsed to the nearest double, so "at most three
 * decimals" means the double is the one nearest to its own three-decimal rounding.
 */
export const hasAtMostThreeDecimals = (kg: number): boolean => Number.isFinite(kg) && Number(kg.toFixed(3)) === kg;

/** Kilograms to grams; null when the number has more than three decimals (it is never rounded). */
export function kgToGrams(kg: number): number | null {
  return hasAtMostThreeDecimals(kg) ? Math.round(kg * 1000) : null;
}

/** Grams to kilograms for JSON; exact for any integer gram count below 2^53. */
export function gramsToKg(g: number): number {
  return g / 1000;
}
