import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type { Response } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { exportEventsCsv, exportUnitsCsv } from '../../src/modules/imports/csv-export.js';
import { commitImport, readImportFile } from '../../src/modules/imports/imports.service.js';
import { ListUnitsQuery } from '../../src/modules/units/units.schemas.js';
import { addEvent } from '../helpers/factories.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { csv, eventsCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-export-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A client that reads only when the test says so: each chunk the export writes is held
 * until read() (the socket's buffer is full until then), so the test can act while an
 * export is part-way through.
 */
class SlowClient extends Writable {
  text = '';
  writes = 0;
  statusCode = 0;
  private held: (() => void)[] = [];
  constructor() {
    super({ highWaterMark: 1024, decodeStrings: false });
  }
  override _write(chunk: unknown, _enc: BufferEncoding, done: () => void) {
    this.text += String(chunk);
    this.writes += 1;
    this.held.push(done);
  }
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  set() {
    return this;
  }
  read() {
    for (const done of this.held.splice(0)) done();
  }
  asResponse = () => this as unknown as Response;
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};
const untilWritten = async (c: SlowClient) => {
  while (c.writes === 0) await turns(1);
};
/** Reads until the export has ended. */
async function drain(c: SlowClient, exporting: Promise<void>) {
  let ended = false;
  void exporting.then(() => (ended = true));
  while (!ended) {
    c.read();
    await turns(1);
  }
  await exporting;
}

const UNITS = 150;
const EVENT_HEADER = ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'method', 'standard', 'media', 'verifiedBy'];

/** 150 units received over 150 days (X-000 first) and 300 events, imported as the CLI does. */
async function ledger(t: TestApp) {
  const ctx = { actor: { keyId: 'key_setup', role: 'admin' as const, name: 'setup' }, requestId: 'setup' };
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const units = csv([UNIT_HEADER, ...Array.from({ length: UNITS }, (_, i) => unitRow({ serialNumber: `X-${String(i).padStart(3, '0')}`, receivedAt: day(i) }))]);
  const events = eventsCsv(
    EVENT_HEADER,
    Array.from({ length: UNITS }, (_, i): Record<string, string>[] => [
      { serialNumber: `X-${String(i).padStart(3, '0')}`, type: 'assessed', occurredAt: day(i + 1), grade: 'C', route: 'recycle' },
      { serialNumber: `X-${String(i).padStart(3, '0')}`, type: 'data_sanitized', occurredAt: day(i + 1), method: 'purge', standard: 'NIST SP 800-88r1', media: 'hdd', verifiedBy: 'QA' },
    ]).flat(),
  );
  for (const [kind, text] of [['units', units], ['events', events]] as const) commitImport(t.deps, ctx, await readImportFile(kind, Readable.from([Buffer.from(text)])));
}

const rows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];
/** A POST /units body from the import helpers' row. */
const unitJson = (serialNumber: string) => Object.fromEntries(UNIT_HEADER.map((h, i) => [h, unitRow({ serialNumber })[i]]));
const allUnits = ListUnitsQuery.parse({ format: 'csv' });

describe.each([
  ['a database file', () => createTestApp({}, { db: openDatabase(path.join(dir, `e-${Math.random().toString(36).slice(2)}.db`)) })],
  ['an in-memory database', () => createTestApp()],
])('streamed exports on %s', (_where, makeApp) => {
  it('when the client stops reading, then the export reads no further page until it drains, and then writes every event once', async () => {
    const t = makeApp();
    await ledger(t);
    const client = new SlowClient();
    const exporting = exportEventsCsv(t.deps, client.asResponse());
    await untilWritten(client);
    await turns(50);
    expect(client.writes).toBe(1); // one page out, held: nothing more is read or buffered
    await drain(client, exporting);
    expect(client.statusCode).toBe(200);
    expect(client.writes).toBeGreaterThan(2); // the file went out in pages
    const events = rows(client.text);
    expect(events).toHaveLength(UNITS * 2);
    expect(new Set(events.map((e) => e.id)).size).toBe(UNITS * 2);
  });

  it('when the ledger changes while an export is part-way through, then the export is the ledger as it stood when it began', async () => {
    const t = makeApp();
    await ledger(t);
    const oldest = t.db.$client.prepare("SELECT id FROM units WHERE serial_number = 'X-000'").pluck().get() as string;
    const eventsOut = new SlowClient();
    const unitsOut = new SlowClient();
    const exportingEvents = exportEventsCsv(t.deps, eventsOut.asResponse());
    const exportingUnits = exportUnitsCsv(t.deps, allUnits, unitsOut.asResponse()); // newest first: X-000 comes last
    await Promise.all([untilWritten(eventsOut), untilWritten(unitsOut)]);
    // Meanwhile: X-000 is recycled (its state and balance move) and a unit arrives.
    expect((await addEvent(t, oldest, { type: 'recycled', occurredAt: '2024-03-01', massKg: 2000, material: 'mixed', recycler: 'R' })).status).toBe(201);
    expect((await t.as('operator').post('/api/v1/units', unitJson('LATE'))).status).toBe(201);
    await Promise.all([drain(eventsOut, exportingEvents), drain(unitsOut, exportingUnits)]);
    const events = rows(eventsOut.text);
    expect(events).toHaveLength(UNITS * 2);
    expect(events.some((e) => e.type === 'recycled')).toBe(false);
    const units = rows(unitsOut.text);
    expect(units).toHaveLength(UNITS);
    expect(units.some((u) => u.serialNumber === 'LATE')).toBe(false);
    expect(units.at(-1)).toMatchObject({ serialNumber: 'X-000', state: 'assessed', recycledKg: '0', remainingKg: '2000' });
    // A new export sees the changes.
    const after = new SlowClient();
    await drain(after, exportEventsCsv(t.deps, after.asResponse()));
    expect(rows(after.text)).toHaveLength(UNITS * 2 + 1);
  });
});

describe('a streamed export whose client goes away', () => {
  it('when the client disconnects part-way, then the export stops and lets go of its snapshot (the WAL can be checkpointed whole)', async () => {
    const t = createTestApp({}, { db: openDatabase(path.join(dir, 'gone.db')) });
    await ledger(t);
    const client = new SlowClient();
    const exporting = exportEventsCsv(t.deps, client.asResponse());
    await untilWritten(client);
    // A write after the export's snapshot: while the snapshot is held, those frames cannot be checkpointed.
    expect((await t.as('operator').post('/api/v1/units', unitJson('AFTER'))).status).toBe(201);
    const checkpoint = () => t.db.$client.pragma('wal_checkpoint(PASSIVE)') as [{ busy: number; log: number; checkpointed: number }];
    const [held] = checkpoint();
    expect(held.checkpointed).toBeLessThan(held.log);
    client.destroy();
    await exporting;
    expect(client.writes).toBe(1);
    const [freed] = checkpoint();
    expect(freed.checkpointed).toBe(freed.log);
  });
});
