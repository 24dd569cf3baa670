import type { Factor, FactorKey, FactorSetBody } from './factor-set.schemas.js';

// Figures from /work/shared/factors-research.md. Every value equals its mode: the
// deterministic estimate is the most likely case of the same distributions the
// Monte Carlo samples, so the two never tell different stories. 'assumption'
// marks the calibration levers and every guessed number; a factor whose point
// is published but whose range is partly ours stays 'sourced' and says so.
/** A factor at its mode, with its range, basis and source (the sets' shorthand). */
export const f = (
  value: number,
  unit: Factor['unit'],
  [low, high]: [number, number],
  basis: Factor['basis'],
  source: string,
): Factor => ({ value, unit, source, low, mode: value, high, basis });

const factors: Record<FactorKey, Factor> = {
  copperMass: f(1200, 'kg', [800, 4000], 'assumption',
    'Calibration; ISMRM proceedings E7932 gives about 4,000 kg copper as the upper bound'),
  copperFactor: f(4.0, 'kgCO2e/kg', [2.5, 8], 'assumption',
    'Assumed range for copper cathode; no primary figure retrieved (International Copper Association profile is the reference to use)'),
  nbtiMass: f(250, 'kg', [150, 450], 'assumption', 'Calibration; ISMRM proceedings E7932 gives about 450 kg Nb+Ti'),
  nbtiFactor: f(20, 'kgCO2e/kg', [8, 40], 'assumption',
    'Assumed above the ferroniobium floor of 5.09 (J. Cleaner Production 2022, doi:10.1016/j.jclepro.2022.131327)'),
  stainlessSteelMass: f(1500, 'kg', [1000, 2500], 'assumption', 'Assumed cryostat and vessel mass'),
  stainlessSteelFactor: f(2.8, 'kgCO2e/kg', [1.9, 6], 'sourced',
    'EU average 2.8, scrap-rich route about 1.95 (Outokumpu 2023; Stainless Steel World Dec 2024); high bound assumed'),
  aluminiumMass: f(600, 'kg', [400, 900], 'assumption', 'Assumed thermal shields and formers'),
  aluminiumFactor: f(15.1, 'kgCO2e/kg', [8, 20], 'sourced',
    'Primary aluminium 15.1–15.8 (International Aluminium Institute 2021–2022); low bound (recycled content) and high bound assumed'),
  carbonSteelMass: f(700, 'kg', [300, 1200], 'assumption', 'Assumed frame, supports and passive shim steel'),
  carbonSteelFactor: f(2.3, 'kgCO2e/kg', [0.7, 2.8], 'sourced',
    'Crude steel world average 1.85–1.91 (worldsteel sustainability indicators 2019–2021) plus rolling'),
  otherMass: f(250, 'kg', [150, 400], 'assumption', 'Assumed epoxy, G10 and insulation'),
  otherFactor: f(5, 'kgCO2e/kg', [3, 8], 'assumption', 'Assumed for epoxy, G10 and insulation'),
  fabricationUplift: f(1.3, 'ratio', [1.1, 1.6], 'assumption', 'Assumed fabrication uplift on the materials subtotal'),
  manufacturingEnergy: f(80, 'MWh', [20, 150], 'assumption',
    'Calibration lever: manufacturing, cool-down and test energy of a 1.5 T reference magnet'),
  gridIntensity: f(0.4, 'kgCO2e/kWh', [0.05, 0.7], 'assumption', 'Calibration lever: grid mix of the magnet factory'),
  heliumVolume1_5T: f(3000, 'L', [1500, 6000], 'sourced',
    'Fill, factory and transit; about 1,500 L fill of a conventional magnet (manufacturer press on sealed magnets)'),
  heliumVolume3T: f(3400, 'L', [1700, 6800], 'assumption', 'About 3,400 L per factors research; range scaled from 1.5 T'),
  heliumFactor: f(2.5, 'kgCO2e/L', [1, 6], 'sourced',
    'Extraction and shipment, derived from McGill helium-recovery report (150 t per 60,000 L)'),
  retainedSubsystemsMass: f(2500, 'kg', [0, 5000], 'assumption',
    'Calibration lever: gradient coil, body coil, table and covers kept in place'),
  retainedSubsystemsFactor: f(5, 'kgCO2e/kg', [3, 8], 'assumption', 'Assumed mixed copper, steel, aluminium and composites'),
  siteWorks: f(8, 'tCO2e', [0, 20], 'assumption', 'Calibration lever: rigging, shielding and building works a new system would need'),
  freightRoad: f(0.107, 'kgCO2e/tkm', [0.08, 0.15], 'sourced',
    'Articulated HGV 0.107, all HGVs 0.150 (UK DEFRA GHG conversion factors 2012); low bound assumed'),
  freightRail: f(0.03, 'kgCO2e/tkm', [0.02, 0.05], 'sourced', 'UK DEFRA 2007; range assumed'),
  freightSea: f(0.0154, 'kgCO2e/tkm', [0.008, 0.025], 'sourced',
    'Deep-sea container 0.0154 (DEFRA); GLEC Framework v3.2 well-to-wheel about 0.008; high bound assumed'),
  // The research gives a range and no point. A point near 0.57 would put the
  // estimate of an air route at the 10th percentile of its own distribution and,
  // added to the other right-skewed blocks, below the simulated p5.
  freightAir: f(0.7, 'kgCO2e/tkm', [0.57, 0.88], 'sourced',
    'Long-haul air freight 0.57–0.88 (DEFRA 2007; GLEC v3.2), short-haul about 1.6; point central in the long-haul range'),
  magnetMass1_5T: f(4500, 'kg', [3200, 6000], 'sourced',
    'About 4.5 t (a 2002 1.5 T), 3.2 t (2009) (The Principles and Evolution of MRI; cnl.web.arizona.edu/magnet.htm)'),
  magnetMass3T: f(7000, 'kg', [5000, 10000], 'sourced',
    'About 6–7 t typical, 6.7 t (sciencelife.uchospitals.edu 2012); older designs far heavier (cnl.web.arizona.edu)'),
  grossFreightMass1_5T: f(6, 't', [5, 8], 'assumption', 'Magnet plus crate, helium and rigging as shipped'),
  grossFreightMass3T: f(9.3, 't', [7.5, 12], 'assumption', '1.5 T gross freight scaled by magnet mass (6 t × 7,000 / 4,500)'),
};

export const defaultFactorSet: FactorSetBody = {
  name: 'circularity-default',
  version: '2026.1',
  supersedes: null,
  description:
    'Screening model of the emissions a magnet upgrade avoids against installing a new system (WBCSD avoided-emissions guidance). No public bill of materials exists: see each factor\'s basis and source.',
  factors,
  defaults: {
    transportRoute: [
      { mode: 'road', km: 500 },
      { mode: 'sea', km: 12_000 },
      { mode: 'road', km: 800 },
    ],
  },
};
