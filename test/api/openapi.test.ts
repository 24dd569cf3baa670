import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';

describe('GET /api/v1/openapi.json', () => {
  const t = createTestApp();

  it('when fetched without a key, then it is a valid OpenAPI 3.1 document', async () => {
    const res = await t.agent.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(res.body));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('when compared with the Express router, then every API route is documented and nothing else', async () => {
    const res = await t.agent.get('/api/v1/openapi.json');
    const documented = Object.entries(res.body.paths as Record<string, object>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    // Walk the mounted API router's stack: the truth of what Express serves.
    const apiLayer = (t.app.router.stack as Array<{ handle: { stack?: unknown[] }; matchers?: unknown }>).find((l) => l.handle.stack);
    const routes = (apiLayer!.handle.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .filter((l) => l.route && l.route.path !== '/openapi.json')
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`))
      .sort();
    expect(routes.length).toBeGreaterThan(5);
    expect(documented).toEqual(routes);
  });

  it('when a route validates a body, then the document carries that schema and its error answers', async () => {
    const res = await t.agent.get('/api/v1/openapi.json');
    const post = res.body.paths['/units'].post;
    const schema = post.requestBody.content['application/json'].schema;
    const resolved = schema.$ref ? res.body.components.schemas[schema.$ref.split('/').pop()] : schema;
    expect(resolved.required).toEqual(expect.arrayContaining(['serialNumber', 'category', 'massKg', 'originCountry', 'siteCode', 'receivedAt', 'returnChannel']));
    expect(resolved.additionalProperties).toBe(false);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415']));
    expect(post.responses['409'].description).toContain('unit.duplicate_serial');
  });

  it('when the events route is read, then its 409 answer names every rule a new event or a void can break', async () => {
    const res = await t.agent.get('/api/v1/openapi.json');
    const conflict = res.body.paths['/units/{id}/events'].post.responses['409'].description as string;
    const codes = [...conflict.matchAll(/`([a-z_.]+)`/g)].map((m) => m[1]);
    expect(codes).toEqual(
      expect.arrayContaining([
        'period.locked',
        'policy.china_exclusion',
        'lifecycle.invalid_transition',
        'compliance.sanitization_required',
        'vendor.kind_mismatch',
        'vendor.certification_expired',
        'shipment.receipted',
        'mass.exceeds_intake',
      ]),
    );
  });

  it('when /docs is opened, then a page that loads the document is served', async () => {
    const res = await t.agent.get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/docs/init.js');
    const init = await t.agent.get('/docs/init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain('/api/v1/openapi.json');
    const asset = await t.agent.get('/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
  });

  describe('what a newcomer reads in the document', () => {
    const doc = t.openapi as unknown as { paths: Record<string, Record<string, Op>> };
    type Op = { description?: string; parameters?: { in: string; name: string; description?: string }[]; requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> } };
    const ops = Object.entries(doc.paths).flatMap(([p, byMethod]) => Object.entries(byMethod).map(([m, op]) => [`${m.toUpperCase()} ${p}`, op] as const));

    it.each(ops.filter(([, op]) => op.requestBody))('when %s takes a body, then it has realistic examples', (_route, op) => {
      for (const media of Object.values(op.requestBody!.content)) {
        expect(Object.keys(media.examples ?? {}).length).toBeGreaterThan(0);
        for (const ex of Object.values(media.examples!)) expect(JSON.stringify(ex.value)).not.toMatch(/"string"/);
      }
    });

    it.each(ops.filter(([, op]) => op.parameters?.some((p) => p.in === 'query')))('when %s takes query parameters, then each is described', (_route, op) => {
      const bare = op.parameters!.filter((p) => p.in === 'query' && !p.description).map((p) => p.name);
      expect(bare).toEqual([]);
    });

    it('when a route is limited to roles, then the roles line names admin first', () => {
      expect(doc.paths['/units']!.post!.description).toMatch(/^Roles: admin, operator\./);
      for (const [, op] of ops) if (op.description?.startsWith('Roles:')) expect(op.description).toMatch(/^Roles: admin[,.]/);
    });

    it('when the events route is read, then it describes the lifecycle state machine', () => {
      const d = doc.paths['/units/{id}/events']!.post!.description!;
      expect(d).toContain('| `received` | assessed, voided |');
      expect(d).toContain('| `assessed` | assessed, refurbishment_started (route refurbish), part_harvested (route harvest or recycle), recycled, landfilled, voided |');
      expect(d).toContain('| `closed` | voided |');
      expect(d).toContain('void those later events first');
      expect(d).toContain('`data_sanitized` is accepted in every state but `closed`; it changes neither state nor mass.');
      expect(d).toContain('`energy_recovered` is accepted wherever `recycled` is (`assessed` and `dismantling`).');
      expect(d).toContain(
        'invalid input (400) → `period.locked` → `policy.china_exclusion` → `lifecycle.invalid_transition` → `compliance.sanitization_required` → `vendor.*` → `mass.exceeds_intake`',
      );
    });

    it('when the CSV examples are imported into a fresh database, then both files are accepted', async () => {
      const fresh = createTestApp();
      for (const kind of ['units', 'events'] as const) {
        const media = doc.paths[`/imports/${kind}`]!.post!.requestBody!.content['text/csv']!;
        for (const ex of Object.values(media.examples!)) {
          const res = await fresh.as('operator').post(`/api/v1/imports/${kind}`).set('Content-Type', 'text/csv').send(ex.value as string);
          expect(res.status, JSON.stringify(res.body)).toBe(201);
        }
      }
    });
  });
});
