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
});
