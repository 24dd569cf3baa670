import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLoaders, createTabCache } from '../../../src/web/loaders.js';

/** The loaders read through fetch; here a fake service answers and counts the requests. */
let requests: string[];
beforeEach(() => {
  requests = [];
  vi.stubGlobal('location', { origin: 'http://tracker.test' });
  vi.stubGlobal('sessionStorage', { getItem: () => 'ctk_key', setItem() {}, removeItem() {} });
  vi.stubGlobal('fetch', async (url: URL | string) => {
    const u = new URL(String(url));
    requests.push(u.pathname + u.search);
    if (u.pathname === '/api/v1/sites') return Response.json({ items: [{ code: 'HU-EROC' }], nextCursor: null });
    if (u.pathname.startsWith('/api/v1/units/')) return Response.json({ id: u.pathname.split('/').pop() });
    return Response.json({ title: 'Not found', code: 'route.not_found' }, { status: 404, headers: { 'content-type': 'application/problem+json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('loaders: one per resource, cached per navigation', () => {
  it('when two parts of a page ask for the same resource, then one request serves both, in the shape the API documents', async () => {
    const loaders = createLoaders({ signal: new AbortController().signal, tab: createTabCache() });
    const [a, b] = await Promise.all([loaders.sites(), loaders.sites()]);
    expect(a).toEqual([{ code: 'HU-EROC' }]);
    expect(b).toBe(a);
    await loaders.unit('unit_1');
    await loaders.unit('unit_1');
    await loaders.unit('unit_2');
    expect(requests).toEqual(['/api/v1/sites', '/api/v1/units/unit_1', '/api/v1/units/unit_2']);
  });

  it('when the person navigates, then the next page reads the resource again (what it shows is what the service holds)', async () => {
    const tab = createTabCache();
    await createLoaders({ signal: new AbortController().signal, tab }).sites();
    await createLoaders({ signal: new AbortController().signal, tab }).sites();
    expect(requests).toEqual(['/api/v1/sites', '/api/v1/sites']);
  });

  it('when a read fails, then it is not kept: the next ask tries again', async () => {
    const loaders = createLoaders({ signal: new AbortController().signal, tab: createTabCache() });
    await expect(loaders.vendor('NOPE')).rejects.toMatchObject({ status: 404, code: 'route.not_found' });
    await expect(loaders.vendor('NOPE')).rejects.toMatchObject({ status: 404 });
    expect(requests).toEqual(['/api/v1/vendors/NOPE', '/api/v1/vendors/NOPE']);
  });
});
