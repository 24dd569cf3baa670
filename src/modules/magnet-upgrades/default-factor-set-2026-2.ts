import { defaultFactorSet, f } from './default-factor-set.js';
import type { Factor, FactorSetBody, MethodFactorKey } from './factor-set.schemas.js';

// circularity-default 2026.2: every factor of 2026.1 unchanged (so every figure
// computed without the method inputs is the same to the kilogram), plus the
// factors that the method inputs of issue 15 need: the reference system's design
// life, end-of-life processing and recycling credits, and the grid factors of the
// countries of the default sites (US, HU, JP, IN). As in 2026.1, every value is
// its mode, 'assumption' marks what we derived or guessed, and a factor whose
// point is published but whose range is ours stays 'sourced' and says so.

const methodFactors: Record<MethodFactorKey, Factor> = {
  referenceDesignLife: f(10, 'years', [8, 15], 'sourced',
    'Design life of the new MR system that the upgrade stands in for. COCIR Medical Imaging Equipment Age Profile & Density, "golden rules": no more than 10 % of an installed base older than 10 years; the manufacturer\'s 2024 sustainability report puts key hardware replacement at 8–10 years. High bound assumed (MR systems often serve 12–15 years).'),
  endOfLifeProcessing: f(0.05, 'kgCO2e/kg', [0.02, 0.15], 'assumption',
    'Assumed: dismantling, shredding, sorting and transport to the recycler, per kg of magnet (the burden a cut-off approach leaves with the scrapped magnet).'),
  copperRecyclingCredit: f(2.6, 'kgCO2e/kg', [1.5, 3.8], 'assumption',
    'Derived: recycling saves 60–70 % of primary copper\'s greenhouse gases by the secondary (smelting) route and 85–95 % by the direct-melt scrap route (copper.fyi FAQ "How much energy and greenhouse gas emissions are saved when recycling copper?", 2022, after the Copper Alliance\'s Copper Environmental Profile); 65 % of this set\'s copper factor (4.0) for winding copper bonded in epoxy; low 60 % of the factor\'s low, high 95 % of its mode.'),
  nbtiRecyclingCredit: f(0, 'kgCO2e/kg', [0, 5], 'assumption',
    'Assumed: superconducting wire is recycled for its copper matrix; niobium-titanium is rarely recovered as such. High bound: the ferroniobium footprint of 5.09 (J. Cleaner Production 2022, doi:10.1016/j.jclepro.2022.131327) if it were.'),
  stainlessSteelRecyclingCredit: f(1.5, 'kgCO2e/kg', [0.8, 2.8], 'assumption',
    'Assumed: stainless scrap displaces ferro-nickel and ferro-chrome; the EU average of 2.8 against the scrap-rich route at about 1.95 (Outokumpu 2023; Stainless Steel World Dec 2024) shows the scale. High bound: the EU average itself.'),
  aluminiumRecyclingCredit: f(10, 'kgCO2e/kg', [5, 14], 'assumption',
    'Derived: remelting saves about 95 % of primary aluminium\'s emissions (Aluminium Association of Canada, House of Commons INDU committee 2023), i.e. about 14 of this set\'s 15.1; mode and low assume mixed alloys of shields and formers that partly displace secondary metal, and remelting losses.'),
  carbonSteelRecyclingCredit: f(1.5, 'kgCO2e/kg', [1, 1.8], 'sourced',
    'Value of steel scrap: 1.5 kg CO2e saved per kg of scrap recycled at end of life (worldsteel LCI methodology; Broadbent, Int J Life Cycle Assess 2016, doi:10.1007/s11367-016-1081-1). Range assumed.'),
  otherRecyclingCredit: f(0, 'kgCO2e/kg', [0, 0], 'assumption',
    'Assumed: epoxy, G10 and insulation are not recycled (incinerated or landfilled); no credit.'),
};

const gridFactors: Record<string, Factor> = {
  HU: f(0.26, 'kgCO2e/kWh', [0.15, 0.35], 'sourced',
    'Hungary 2023: 261 g CO2e/kWh of electricity consumed, net imports included (lowcarbonpower.org, Hungary 2023); about half low-carbon (nuclear at Paks, solar). Range assumed: generation alone is lower, and the grid decarbonises over the timeframe.'),
  IN: f(0.727, 'kgCO2e/kWh', [0.5, 0.82], 'sourced',
    'India 2023-24: weighted average 0.727 t CO2/MWh, renewables included (Central Electricity Authority, CO2 Baseline Database for the Indian Power Sector, version 20.0, Dec 2024). Low near the 2023-24 build margin (0.552); high the 2008-09 average (0.82).'),
  JP: f(0.421, 'kgCO2e/kWh', [0.25, 0.5], 'sourced',
    'Japan FY2023: 0.421 kg CO2/kWh sold (0.437 in FY2022), Electric Power Council for a Low Carbon Society, preliminary, as reported by Argus Media 2024. Low: the sector\'s 0.25 target for FY2030; high assumed.'),
  US: f(0.39, 'kgCO2e/kWh', [0.2, 0.45], 'sourced',
    'United States 2022: 0.86 lb CO2/kWh of utility-scale generation = 0.39 kg (U.S. EIA, FAQ 74, from State Electricity Profiles); eGRID 2018 gave 947 lb/MWh (0.43). Low assumed for decarbonisation over the timeframe; a known site\'s own factor can be sent as gridFactorKgPerKWh.'),
};

export const defaultFactorSet2026_2: FactorSetBody = {
  name: defaultFactorSet.name,
  version: '2026.2',
  // Seeding replaces this with the id of the seeded 2026.1 (ids differ per database).
  supersedes: null,
  description:
    'Screening model of the emissions a magnet upgrade avoids against installing a new system (WBCSD avoided-emissions guidance). Version 2026.2 keeps every factor of 2026.1 and adds the reference design life, end-of-life processing and recycling credits, and grid factors of the default sites\' countries for the method inputs (remaining life, use phase, end of life). No public bill of materials exists: see each factor\'s basis and source.',
  factors: { ...structuredClone(defaultFactorSet.factors), ...methodFactors },
  gridFactors,
  defaults: structuredClone(defaultFactorSet.defaults),
};
