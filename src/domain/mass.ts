/** Masses travel as kilograms (up to 3 decimals) in JSON and live as integer grams. */

export const MAX_UNIT_MASS_KG = 50_000;

/** Kilograms to grams; null when the number has more than three decimals. */
export function kgToGrams(kg: number): number | null {
  const g = Math.round(kg * 1000);
  // Accept float noise (0.1 + 0.2 style) but not a real fourth decimal.
  return Math.abs(g - kg * 1000) < 1e-6 * Math.max(1, Math.abs(kg)) ? g : null;
}

/** Grams to kilograms for JSON; exact for any integer gram count below 2^53. */
export function gramsToKg(g: number): number {
  return g / 1000;
}
