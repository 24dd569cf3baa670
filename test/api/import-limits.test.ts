import { describe, expect, it } from 'vitest';
import { createTestApp, tableCounts } from '../helpers/test-app.js';
import { UNIT_HEADER } from './import-helpers.js';

describe('import limits', () => {
  it('when a file has more than 100,000 rows, then it is refused with 413 import.too_many_rows and nothing is stored', async () => {
    const t = createTestApp();
    const before = tableCounts(t.db);
    // Full-width rows: csv-parse builds (and drops) an error object for every short row, which is slow.
    const body = `${UNIT_HEADER.join(',')}\n${'x,,,,,,,,,\n'.repeat(100_001)}`;
    const res = await t.as('operator').post('/api/v1/imports/units').set('Content-Type', 'text/csv').send(body);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'import.too_many_rows', detail: expect.stringContaining('more than 100,000 rows') });
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when the body says it is larger than 50 MB, then it is refused with 413 before it is read and the connection is closed', async () => {
    const t = createTestApp();
    const res = await t
      .as('operator')
      .post('/api/v1/imports/units')
      .set('Content-Type', 'text/csv')
      .set('Content-Length', String(50_000_001))
      .send('serialNumber\n');
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(res.body.code).toBe('request.too_large');
  });
});
