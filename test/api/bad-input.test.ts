import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from '../../src/http/error-middleware.js';
import { createTestApp, dump, tableCounts } from '../helpers/test-app.js';
import { unitBody } from '../helpers/factories.js';

// Contract v1.1 General: "A malformed URL, body encoding or nesting is 400, never 500."

const t = createTestApp();
/** Sends the bytes as they are (superagent would JSON-encode a Buffer under application/json). */
const raw = (b: unknown) => b as string;
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

async function defaultFactorSet() {
  const list = await t.as('engineer').get('/api/v1/factor-sets');
  return (await t.as('engineer').get(`/api/v1/factor-sets/${list.body.items[0].id}`)).body as Record<string, unknown>;
}

describe('malformed requests answer 400 with a stable code and change nothing', () => {
  it.each([
    ['a malformed percent-encoding in the path, without a key', '/api/v1/units/%ZZ', false],
    ['a malformed percent-encoding in the path, with a key', '/api/v1/units/%E0%A4%A', true],
    ['a malformed percent-encoding under a nested route', '/api/v1/units/%ZZ/events', true],
  ])('when %s, then 400 request.malformed_url', async (_what, url, withKey) => {
    const res = withKey ? await t.as('viewer').get(url) : await t.agent.get(url);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'request.malformed_url' });
  });

  it.each([
    ['gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['br', 'br'],
  ])('when a body says Content-Encoding %s but does not decode, then 400 request.malformed_body', async (_n, encoding) => {
    const before = dump(t.db);
    const res = await t
      .as('operator')
      .post('/api/v1/units')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .serialize(raw)
      .send(Buffer.from('this is not compressed at all, just bytes'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.malformed_body');
    expect(JSON.stringify(res.body)).not.toMatch(/incorrect header|zlib|Z_DATA_ERROR|stack/i);
    expect(dump(t.db)).toBe(before);
  });

  it('when a body is properly gzip-compressed, then it is accepted as before', async () => {
    const body = zlib.gzipSync(JSON.stringify(unitBody({ serialNumber: 'GZ-1' })));
    const res = await t.as('operator').post('/api/v1/units').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize(raw).send(body);
    expect(res.body).toMatchObject({ serialNumber: 'GZ-1' });
    expect(res.status).toBe(201);
  });

  it('when a body uses an encoding the server does not speak, then 415', async () => {
    const res = await t.as('operator').post('/api/v1/units').set('Content-Type', 'application/json').set('Content-Encoding', 'compress').serialize(raw).send(Buffer.from('x'));
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('request.unsupported_media_type');
  });

  it('when a read-only field of a factor set (createdBy) nests 100,000 levels deep, then 400 request.too_deeply_nested and nothing is stored', async () => {
    const set = await defaultFactorSet();
    const text = JSON.stringify({ ...set, version: 'deep' }).replace(/"createdBy":"[^"]*"/, `"createdBy":${nested(100_000)}`);
    const before = tableCounts(t.db);
    for (const idem of [undefined, 'deep-1']) {
      const req = t.as('engineer').post('/api/v1/factor-sets').set('Content-Type', 'application/json');
      const res = await (idem ? req.set('Idempotency-Key', idem) : req).send(text);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.too_deeply_nested');
    }
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when a body nests 32 levels (the limit), then it is judged on its fields as usual', async () => {
    const res = await t.as('operator').post('/api/v1/units').set('Content-Type', 'application/json').send(`{"x":${nested(31)}}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
  });

  it('when depth is measured, then scalars are 0 and each object or array adds one', () => {
    expect(jsonDepth(1, 32)).toBe(0);
    expect(jsonDepth({ a: [1, { b: null }] }, 32)).toBe(3);
    expect(jsonDepth(JSON.parse(nested(1000)), 32)).toBe(33); // stops counting past the limit
  });
});

describe('errors raised by Express and its parsers keep their 4xx', () => {
  it('when the error middleware meets an http-errors style 4xx it has no name for, then it answers 4xx request.invalid without its message', async () => {
    const { errorMiddleware } = await import('../../src/http/error-middleware.js');
    const { default: express } = await import('express');
    const request = (await import('supertest')).default;
    const app = express();
    app.get('/teapot', (_req, _res, next) => next(Object.assign(new Error('internal detail /srv/secret'), { status: 418, expose: true })));
    app.get('/boom', () => {
      throw new Error('SQLITE_CORRUPT at /srv/db');
    });
    app.use(errorMiddleware({ debug() {}, info() {}, warn() {}, error() {} }));
    const teapot = await request(app).get('/teapot');
    expect(teapot.status).toBe(400);
    expect(teapot.body.code).toBe('request.invalid');
    expect(teapot.text).not.toContain('/srv/secret');
    const boom = await request(app).get('/boom');
    expect(boom.status).toBe(500);
    expect(boom.text).not.toContain('SQLITE_CORRUPT');
  });
});
