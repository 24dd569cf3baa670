import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { HELMET_OPTIONS, securityHeaders } from '../../src/http/security-headers.js';
import { createTestApp } from '../helpers/test-app.js';

// Contract v1.1 General: nosniff on every answer; HTML pages carry a CSP that allows no
// inline script and no other origin; 401 carries WWW-Authenticate: Bearer; answers that
// contain a secret carry Cache-Control: no-store.

const t = createTestApp();
const root = path.resolve(import.meta.dirname, '../..');

/** The CSP as a map of directive → sources. */
function csp(header: string | undefined): Map<string, string[]> {
  expect(header).toBeDefined();
  return new Map(header!.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([k, ...v]) => [k!, v]));
}

describe('security headers', () => {
  const answers: Array<[string, () => Promise<{ headers: Record<string, string>; status: number }>]> = [
    ['the dashboard', () => t.agent.get('/')],
    ['the docs page', () => t.agent.get('/docs')],
    ['a static script', () => t.agent.get('/app.js')],
    ['public JSON', () => t.agent.get('/api/v1/health')],
    ['JSON with a key', () => t.as('viewer').get('/api/v1/units')],
    ['a CSV export', () => t.as('viewer').get('/api/v1/units?format=csv')],
    ['a 401 problem', () => t.agent.get('/api/v1/units')],
    ['a 404 outside the API', () => t.agent.get('/no-such-page')],
    ['the OpenAPI document', () => t.agent.get('/api/v1/openapi.json')],
  ];
  it.each(answers)('when %s is served, then nosniff, frame-ancestors none, no-referrer and no X-Powered-By', async (_what, get) => {
    const res = await get();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(csp(res.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it.each([['/'], ['/docs']])('when the page %s is served, then its CSP allows scripts, styles and connections from this origin only, and no inline script', async (url) => {
    const res = await t.agent.get(url);
    expect(res.status).toBe(200);
    const policy = csp(res.headers['content-security-policy']);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    for (const sources of policy.values()) {
      for (const s of sources) expect(["'self'", "'none'", 'data:']).toContain(s); // no other origin, no 'unsafe-*'
    }
  });

  it('when the API answers, then its CSP lets it load nothing at all', async () => {
    const res = await t.as('viewer').get('/api/v1/units');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it.each([['src/web/index.html'], ['src/http/docs.html']])('when %s is read, then it holds no inline script, event handler or style', (file) => {
    const html = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(m[1]).toMatch(/\bsrc=/);
      expect(m[2]!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<style\b|\sstyle\s*=/i);
  });

  it('when a request has no key or a bad one, then the 401 carries WWW-Authenticate: Bearer', async () => {
    const none = await t.agent.get('/api/v1/units');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="api"');
    const bad = await t.agent.get('/api/v1/units').set('Authorization', 'Bearer ctk_wrong');
    expect(bad.status).toBe(401);
    expect(bad.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_token"');
    const ok = await t.as('viewer').get('/api/v1/units');
    expect(ok.headers['www-authenticate']).toBeUndefined();
  });

  it('when a key is created, then the answer that shows its secret says no-store; a list of keys does not need to', async () => {
    const res = await t.as('admin').post('/api/v1/keys', { name: 'cache test', role: 'viewer' });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^ctk_/);
    expect(res.headers['cache-control']).toBe('no-store');
    const replayed = await t.as('admin').post('/api/v1/keys', { name: 'cache test 2', role: 'viewer' }).set('Idempotency-Key', 'nostore-1');
    const again = await t.as('admin').post('/api/v1/keys', { name: 'cache test 2', role: 'viewer' }).set('Idempotency-Key', 'nostore-1');
    expect([replayed.headers['cache-control'], again.headers['cache-control']]).toEqual(['no-store', 'no-store']);
  });

  it('when a key is created through the path in capitals or with a trailing slash (Express routes them alike), then its answer says no-store too', async () => {
    for (const url of ['/api/v1/KEYS', '/api/v1/keys/']) {
      const res = await t.as('admin').post(url, { name: `cache ${url}`, role: 'viewer' });
      expect([res.status, res.headers['cache-control']]).toEqual([201, 'no-store']);
    }
  });

  it('when an answer is served, then it carries exactly the headers helmet itself sets with the same configuration (recorded once at start-up)', async () => {
    const served = async (mw: express.RequestHandler) => {
      const app = express();
      app.disable('x-powered-by');
      app.use(mw);
      app.get('/x', (_req, res) => void res.json({ ok: true }));
      const { headers } = await request(app).get('/x');
      const { date: _date, ...rest } = headers as Record<string, string>;
      return rest;
    };
    const byHelmet = await served(helmet(HELMET_OPTIONS));
    expect(Object.keys(byHelmet).length).toBeGreaterThan(10);
    expect(await served(securityHeaders)).toEqual(byHelmet);
  });
});
