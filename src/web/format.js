// Fixed locale, so the figures read the same for every viewer and in the tests.
const LOCALE = 'en-US';
const nf = (min, max) => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: min, maximumFractionDigits: max });
const n0 = nf(0, 0);
const n1 = nf(1, 1);
const n3 = nf(0, 3);

const missing = '—';
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

export const int = (v) => (isNum(v) ? n0.format(v) : missing);

/** "1 unit", "2 units", "1,234 units". */
export const plural = (n, word, many = `${word}s`) => `${int(n)} ${n === 1 ? word : many}`;

/** Exact kilograms, as the API gives them (up to 3 decimals). */
export const kgExact = (v) => (isNum(v) ? `${n3.format(v)} kg` : missing);

/** Kilograms for reading: whole kg at or above 100 kg, otherwise up to 3 decimals. */
export const kg = (v) => (isNum(v) ? `${(Math.abs(v) >= 100 ? n0 : n3).format(v)} kg` : missing);

/** Tonnes from kilograms, one decimal. */
export const tonnes = (v) => (isNum(v) ? `${n1.format(v / 1000)} t` : missing);

/** The unit people expect: tonnes from 10 t up, kilograms below. */
export const mass = (v) => (isNum(v) && Math.abs(v) >= 10_000 ? tonnes(v) : kg(v));

/** A ratio (0.9426) as a percentage (94.26 %). */
export const pct = (v, digits = 2) => (isNum(v) ? `${nf(digits, digits).format(v * 100)} %` : missing);

/** Tonnes of CO2e, one decimal. */
export const co2t = (v, digits = 1) => (isNum(v) ? `${nf(digits, digits).format(v)} t CO₂e` : missing);

/** Short axis labels: 7.8M, 450k, 12. */
export function compact(v) {
  if (!isNum(v)) return '';
  return new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

export const dateTime = (iso) => {
  if (!iso) return missing;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
};

/** snake_case and camelCase codes as words: "in_refurbishment" → "In refurbishment". */
export function words(code) {
  if (code === null || code === undefined) return missing;
  const s = String(code)
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const LABELS = {
  USCAN: 'US & Canada',
  LATAM: 'Latin America',
  EMEA: 'Europe, Middle East & Africa',
  APAC: 'Asia-Pacific',
  JAPAN: 'Japan',
  INDIA: 'India',
  CHINA: 'China',
  imaging: 'Imaging',
  ultrasound: 'Ultrasound',
  magnet: 'Magnets',
  magnet_upgrade_component: 'Magnet-upgrade components',
  surgical: 'Surgical',
  // Storage media of a sanitization: acronyms as people write them.
  hdd: 'HDD',
  ssd: 'SSD',
  flash: 'Flash memory',
  other: 'Other',
};
export const label = (code) => LABELS[code] ?? words(code);

/** Short names for chart axes. */
const SHORT = { EMEA: 'EMEA', APAC: 'APAC', USCAN: 'US & Canada', LATAM: 'Latin America', magnet_upgrade_component: 'Upgrade parts' };
export const shortLabel = (code) => SHORT[code] ?? label(code);
