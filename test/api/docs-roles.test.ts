import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/http/context.js';
import { createTestApp } from '../helpers/test-app.js';

/**
 * The roles tables of README.md and docs/api.md say, in words, what each role may do
 * beyond reading. They must say the same, and each phrase must be true of the routes'
 * declared roles (what GET /me answers), both ways: a role whose row names a phrase may
 * call its routes, and a role that may call them has the phrase in its row.
 */
const root = path.resolve(import.meta.dirname, '../..');
const rolesTable = (file: string) => {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const rows = [...text.matchAll(/^\| `(admin|operator|engineer|esg|viewer)` \| (.+) \|$/gm)];
  return Object.fromEntries(rows.map((m) => [m[1], m[2]])) as Record<Role, string>;
};

/** What each phrase of the tables means, as routes. */
const PHRASES: Record<string, string[]> = {
  'log units and events': ['POST /units', 'POST /units/{id}/events'],
  'import CSV': ['POST /imports/units', 'POST /imports/events'],
  'register vendors and certificates': ['POST /vendors', 'POST /vendors/{code}/certifications'],
  'ship and receipt': ['POST /shipments', 'POST /shipments/{id}/receipt'],
  'magnet upgrades': ['POST /magnet-upgrades'],
  'their recalculation': ['POST /magnet-upgrades/recalculate'],
  'factor sets': ['POST /factor-sets'],
  estimates: ['POST /estimates/magnet-upgrade', 'POST /estimates/magnet-upgrade/sensitivity'],
  'lock reporting years': ['POST /periods/{year}/lock'],
  'set reporting boundaries': ['POST /periods/{year}/boundary'],
  'verify the ledger': ['GET /audit/verify'],
  'evidence bundles': ['GET /periods/{year}/evidence'],
};

describe('the roles tables of the README and docs/api.md', () => {
  const readme = rolesTable('README.md');
  const api = rolesTable('docs/api.md');

  it('when both are read, then they have the same row for every role', () => {
    expect(Object.keys(readme).sort()).toEqual(['admin', 'engineer', 'esg', 'operator', 'viewer']);
    expect(readme).toEqual(api);
  });

  it.each(['operator', 'engineer', 'esg', 'viewer'] as const)('when the %s row is read, then each phrase it names is what the routes allow the role, and nothing the role may do is left unsaid', async (role) => {
    const t = createTestApp();
    const may = (await t.as(role).get('/api/v1/me')).body.may as Record<string, boolean>;
    for (const [phrase, routes] of Object.entries(PHRASES)) {
      const said = readme[role].includes(phrase);
      for (const route of routes) expect(may[route], `${role}: "${phrase}" (${route})`).toBe(said);
    }
    // Every write a non-admin role may make has its phrase.
    const writes = Object.entries(may).filter(([route, ok]) => ok && !route.startsWith('GET ')).map(([route]) => route);
    const phrased = new Set(Object.values(PHRASES).flat());
    expect(writes.filter((w) => !phrased.has(w)), role).toEqual([]);
  });
});
