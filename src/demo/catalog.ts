/**
 * What the synthetic demo ledger is made of: realistic masses per product, how
 * often each route is taken, where units come from, and the published table the
 * ledger must reproduce (shared/domain.md).
 */
import type { BoundaryRule } from '../domain/boundary.js';
import type { Route } from '../domain/lifecycle.js';

export const DEMO_YEARS = [2022, 2023, 2024] as const;
export type DemoYear = (typeof DEMO_YEARS)[number];

/** The report's table as printed, in whole kilograms. */
export const PUBLISHED = {
  2022: { reusedKg: 6_966_459, landfilledKg: 348_335, totalKg: 7_314_794 },
  2023: { reusedKg: 7_317_515, landfilledKg: 439_145, totalKg: 7_756_661 },
  2024: { reusedKg: 7_803_106, landfilledKg: 474_943, totalKg: 8_278_048 },
} as const satisfies Record<DemoYear, { reusedKg: number; landfilledKg: number; totalKg: number }>;

/**
 * What the demo ledger holds, in grams: exactly the published reused and landfilled
 * kilograms. The printed totals of 2023 and 2024 are 1 kg above the sum of their printed
 * parts (7,317,515 + 439,145 = 7,756,660, printed 7,756,661; 2024: 8,278,049 printed
 * 8,278,048): the report rounded each figure from unrounded data. The contract defines
 * total = reused + landfilled, so the demo's totals are the sums, and the README says so.
 */
export const DEMO_TARGET_G = {
  2022: { reusedG: 6_966_459_000, landfilledG: 348_335_000 }, // total 7,314,794
  2023: { reusedG: 7_317_515_000, landfilledG: 439_145_000 }, // total 7,756,660 (printed 7,756,661)
  2024: { reusedG: 7_803_106_000, landfilledG: 474_943_000 }, // total 8,278,049 (printed 8,278,048)
} as const satisfies Record<DemoYear, { reusedG: number; landfilledG: number }>;
export const UNITS_RECOVERED_2024 = 8_050;

export type Product = {
  key: string;
  category: 'imaging' | 'ultrasound' | 'magnet' | 'magnet_upgrade_component' | 'surgical';
  modality?: 'MR' | 'CT' | 'XR' | 'MI' | 'MAMMO';
  models: readonly string[];
  /** Intake mass range, kg. */
  kg: readonly [number, number];
  /** Share of returns per year (0: not in that year's scope). */
  share: Record<DemoYear, number>;
  routes: readonly (readonly [Route, number])[];
  /** Parts harvested per unit on the harvest route. */
  maxParts: number;
  materials: readonly ('ferrous' | 'copper' | 'aluminium' | 'plastics' | 'electronics' | 'mixed' | 'helium')[];
};

// Shares of returns by count. 2024 brings many more light systems (ultrasound, C-arms,
// upgrade components) for about the same mass, so it has about twice the units of
// 2022–2023; 2022 covers imaging, magnets and ultrasound only.
export const PRODUCTS: readonly Product[] = [
  { key: 'CT', category: 'imaging', modality: 'CT', models: ['CT 64-slice', 'CT 128-slice', 'CT 256-slice'], kg: [2000, 2600], share: { 2022: 26, 2023: 24, 2024: 10 }, routes: [['refurbish', 35], ['harvest', 40], ['recycle', 23], ['landfill', 2]], maxParts: 2, materials: ['ferrous', 'copper', 'electronics'] },
  { key: 'MR', category: 'imaging', modality: 'MR', models: ['MR 1.5T', 'MR 3T', 'MR 1.5T wide-bore'], kg: [4000, 7000], share: { 2022: 16, 2023: 14, 2024: 5.5 }, routes: [['refurbish', 25], ['harvest', 45], ['recycle', 28], ['landfill', 2]], maxParts: 2, materials: ['ferrous', 'copper', 'helium'] },
  { key: 'XR', category: 'imaging', modality: 'XR', models: ['DR room', 'Mobile DR', 'Fluoroscopy room'], kg: [500, 1000], share: { 2022: 14, 2023: 14, 2024: 14 }, routes: [['refurbish', 30], ['harvest', 25], ['recycle', 43], ['landfill', 2]], maxParts: 2, materials: ['ferrous', 'electronics', 'mixed'] },
  { key: 'MI', category: 'imaging', modality: 'MI', models: ['PET/CT', 'SPECT/CT'], kg: [1800, 3500], share: { 2022: 5, 2023: 4, 2024: 2 }, routes: [['refurbish', 30], ['harvest', 40], ['recycle', 28], ['landfill', 2]], maxParts: 2, materials: ['ferrous', 'electronics', 'copper'] },
  { key: 'MAMMO', category: 'imaging', modality: 'MAMMO', models: ['Mammography 2D', 'Mammography 3D'], kg: [300, 500], share: { 2022: 5, 2023: 5, 2024: 6 }, routes: [['refurbish', 40], ['harvest', 10], ['recycle', 48], ['landfill', 2]], maxParts: 1, materials: ['ferrous', 'electronics'] },
  { key: 'US', category: 'ultrasound', models: ['Cart-based ultrasound', 'Portable ultrasound', 'Cardiac ultrasound'], kg: [80, 150], share: { 2022: 24, 2023: 18, 2024: 30 }, routes: [['refurbish', 55], ['harvest', 5], ['recycle', 38], ['landfill', 2]], maxParts: 1, materials: ['electronics', 'plastics', 'mixed'] },
  { key: 'SURG', category: 'surgical', models: ['C-arm', 'Mini C-arm'], kg: [250, 450], share: { 2022: 0, 2023: 8, 2024: 14 }, routes: [['refurbish', 45], ['harvest', 10], ['recycle', 43], ['landfill', 2]], maxParts: 1, materials: ['ferrous', 'electronics'] },
  { key: 'MAG', category: 'magnet', models: ['1.5T magnet', '3T magnet'], kg: [3000, 7000], share: { 2022: 10, 2023: 7, 2024: 3 }, routes: [['refurbish', 20], ['harvest', 10], ['recycle', 69], ['landfill', 1]], maxParts: 2, materials: ['copper', 'ferrous', 'helium'] },
  { key: 'MUC', category: 'magnet_upgrade_component', models: ['Gradient cabinet', 'RF amplifier cabinet', 'Console and electronics'], kg: [150, 800], share: { 2022: 0, 2023: 6, 2024: 15.5 }, routes: [['refurbish', 10], ['harvest', 30], ['recycle', 58], ['landfill', 2]], maxParts: 2, materials: ['electronics', 'copper', 'aluminium'] },
];

export type RegionSpec = { region: string; countries: readonly string[]; site: string; recycler: string; landfill: string };

export const REGION_SPECS: Record<string, RegionSpec> = {
  USCAN: { region: 'USCAN', countries: ['US', 'US', 'US', 'US', 'CA'], site: 'US-ROC', recycler: 'Great Lakes Metals Recycling', landfill: 'Waukesha County landfill' },
  EMEA: { region: 'EMEA', countries: ['DE', 'FR', 'GB', 'IT', 'ES', 'NL', 'SE', 'PL', 'HU', 'AT', 'SA', 'AE', 'ZA'], site: 'HU-EROC', recycler: 'Hungaro-Metal Zrt.', landfill: 'Pest County landfill' },
  JAPAN: { region: 'JAPAN', countries: ['JP'], site: 'JP-RC', recycler: 'Kanto Resource Recovery', landfill: 'Tokyo Bay controlled landfill' },
  INDIA: { region: 'INDIA', countries: ['IN'], site: 'IN-RC', recycler: 'Bengaluru E-Waste Recovery', landfill: 'Bengaluru sanitary landfill' },
  LATAM: { region: 'LATAM', countries: ['BR', 'BR', 'MX', 'AR', 'CL', 'CO'], site: 'BR-RC', recycler: 'Reciclagem Paulista', landfill: 'Aterro Caieiras' },
  APAC: { region: 'APAC', countries: ['AU', 'KR', 'SG', 'TW', 'TH', 'NZ'], site: 'JP-RC', recycler: 'Kanto Resource Recovery', landfill: 'Tokyo Bay controlled landfill' },
  CHINA: { region: 'CHINA', countries: ['CN'], site: 'CN-SH', recycler: 'Shanghai Materials Recovery', landfill: 'Shanghai Laogang landfill' },
};

/** Sites the default database lacks; created through the sites service. */
export const EXTRA_SITES = [
  { code: 'BR-RC', name: 'Latin America refurbishment centre (Brazil)', country: 'BR' },
  { code: 'CN-SH', name: 'Shanghai collection point (recycling and landfill only)', country: 'CN' },
] as const;

/**
 * Imaging and ultrasound come from USCAN, EMEA and Japan (and India from 2024), as the
 * report says; magnets, upgrade components and C-arms also from Latin America and APAC.
 */
export function regionWeights(p: Product, year: DemoYear): [string, number][] {
  const india = year >= 2024 ? 8 : 0;
  if (p.category === 'imaging' || p.category === 'ultrasound') return [['USCAN', 45], ['EMEA', 35], ['JAPAN', 12], ['INDIA', india]];
  return [['USCAN', 35], ['EMEA', 30], ['JAPAN', 10], ['LATAM', 12], ['APAC', 8], ['INDIA', india / 2]];
}

export const RETURN_CHANNELS = [['trade_in', 40], ['lease_return', 25], ['buy_back', 20], ['asset_recovery', 15]] as const;
export const RELEASE_CHANNELS = [['sale', 80], ['redeployment', 12], ['donation', 8]] as const;
export const DONATION_COUNTRIES = ['KE', 'GH', 'NP', 'BO', 'UG', 'KH'] as const;
/** Units from China: a small share of returns, only ever recycled or landfilled. */
export const CHINA_SHARE = 0.025;

/**
 * The report's scope footnote as each year's reporting boundary: 2022 covers imaging,
 * magnets and ultrasound; 2023–2024 add magnet-upgrade components and surgical; imaging
 * and ultrasound count from USCAN, EMEA and Japan, plus India from 2024; the other
 * categories from every region.
 */
const SCOPED = ['USCAN', 'EMEA', 'JAPAN'] as const;
export const DEMO_BOUNDARIES: Record<DemoYear, BoundaryRule[]> = {
  2022: [
    { category: 'imaging', regions: [...SCOPED] },
    { category: 'magnet', regions: null },
    { category: 'ultrasound', regions: [...SCOPED] },
  ],
  2023: [
    { category: 'imaging', regions: [...SCOPED] },
    { category: 'magnet', regions: null },
    { category: 'magnet_upgrade_component', regions: null },
    { category: 'ultrasound', regions: [...SCOPED] },
    { category: 'surgical', regions: null },
  ],
  2024: [
    { category: 'imaging', regions: [...SCOPED, 'INDIA'] },
    { category: 'magnet', regions: null },
    { category: 'magnet_upgrade_component', regions: null },
    { category: 'ultrasound', regions: [...SCOPED, 'INDIA'] },
    { category: 'surgical', regions: null },
  ],
};

/**
 * Returns outside the boundary each year: imaging and ultrasound from Latin America
 * and Asia-Pacific (real, processed and tracked, but not in the published figures).
 */
export const OUT_OF_BOUNDARY_RETURNS: Record<DemoYear, { product: string; region: string; count: number }[]> = {
  2022: [{ product: 'CT', region: 'LATAM', count: 14 }, { product: 'XR', region: 'LATAM', count: 18 }, { product: 'US', region: 'APAC', count: 20 }],
  2023: [{ product: 'CT', region: 'LATAM', count: 16 }, { product: 'XR', region: 'LATAM', count: 20 }, { product: 'US', region: 'APAC', count: 24 }],
  2024: [{ product: 'CT', region: 'LATAM', count: 18 }, { product: 'MR', region: 'LATAM', count: 6 }, { product: 'US', region: 'APAC', count: 30 }],
};
