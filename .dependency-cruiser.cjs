/**
 * Dependency rules, checked in CI by `npm run lint:deps`. The modules form a declared
 * DAG (MODULE_DEPS below): a module may import only the modules listed for it, so a
 * cycle between modules cannot come back without editing this list on purpose.
 */

/** Which modules each module may import (by folder under src/modules/). */
const MODULE_DEPS = {
  audit: [],
  health: [],
  sites: ['audit'],
  keys: ['audit'],
  ledger: [],
  kpis: ['sites'],
  periods: ['audit', 'kpis', 'ledger'],
  vendors: ['audit'],
  shipments: ['audit', 'vendors'],
  reports: ['kpis', 'periods', 'shipments', 'units', 'vendors'],
  units: ['audit', 'kpis', 'ledger', 'periods', 'sites', 'shipments', 'vendors'],
  evidence: ['audit', 'kpis', 'ledger', 'periods', 'units'],
  imports: ['audit', 'units'],
  sanitization: ['units'],
  'magnet-upgrades': ['audit', 'periods'],
};

const moduleRules = Object.entries(MODULE_DEPS).map(([mod, allowed]) => ({
  name: `module-deps-${mod}`,
  comment: `src/modules/${mod} may import only: ${allowed.join(', ') || 'no other module'} (see MODULE_DEPS).`,
  severity: 'error',
  from: { path: `^src/modules/${mod}/` },
  to: { path: '^src/modules/[^/]+/', pathNot: [`^src/modules/${mod}/`, ...allowed.map((a) => `^src/modules/${a}/`)] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No file may reach itself through its imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'modules-known',
      comment: 'Every folder under src/modules/ must be declared in MODULE_DEPS.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/', pathNot: `^src/modules/(${Object.keys(MODULE_DEPS).join('|')})/` },
      to: {},
    },
    ...moduleRules,
    {
      name: 'domain-is-pure',
      comment: 'src/domain is the vocabulary and pure maths: no database, HTTP, module or policy imports.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(db|http|modules|policies)/' },
    },
    {
      name: 'policies-are-pure',
      comment: 'src/policies holds pure rules: they may import only src/domain.',
      severity: 'error',
      from: { path: '^src/policies/' },
      to: { path: '^src/', pathNot: '^src/(domain|policies)/' },
    },
    {
      name: 'http-knows-no-module',
      comment: 'src/http is the edge (routes, auth, problem+json): it never imports a module.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(modules|policies)/' },
    },
    {
      name: 'db-knows-no-module',
      comment: 'src/db is the connection and the schema.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/(modules|http|policies)/' },
    },
    {
      name: 'verifier-stands-alone',
      comment:
        'src/verifier is the evidence verifier an assurer runs without the service: it may import only pure code (domain, policies, the KPI maths), never the database, HTTP or a module’s services.',
      severity: 'error',
      from: { path: '^src/verifier/' },
      to: { path: '^src/', pathNot: '^src/(domain|policies|verifier)/|^src/modules/kpis/kpi(-keys)?\\.ts$' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
