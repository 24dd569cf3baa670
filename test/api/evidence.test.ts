import { TOTAL_FIELDS } from '../../src/modules/kpis/kpi.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main as verifyEvidenceCli } from '../../src/cli/verify-evidence.js';
import { verifyEvidenceLines } from '../../src/verifier/verify-evidence.js';
import { addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';

const FOOTNOTE_2023 = {
  rules: [
    { category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN'] },
    { category: 'ultrasound', regions: ['USCAN', 'EMEA', 'JAPAN'] },
    { category: 'magnet', regions: null },
  ],
};

/**
 * A small 2023: an in-boundary CT (recycled and landfilled, with a voided typo), a
 * German ultrasound still pending at the year's end, a Brazilian CT (outside the
 * boundary), a Chinese CT (excluded), a unit closed in 2022 and one received in 2024.
 */
async function ledger(t: TestApp) {
  const ct = await createUnit(t, { massKg: 2000, receivedAt: '2023-02-01', originCountry: 'DE' });
  const [, , typo] = await addEvents(t, ct.id, [
    { type: 'assessed', occurredAt: '2023-02-02', grade: 'C', route: 'recycle' },
    sanitized('2023-02-02'),
    { type: 'recycled', occurredAt: '2023-02-03', massKg: 1000, material: 'ferrous', recycler: 'R' },
  ]);
  await addEvents(t, ct.id, [
    { type: 'voided', occurredAt: '2023-02-04', eventId: (typo as { id: string }).id, reason: 'typo' },
    { type: 'recycled', occurredAt: '2023-02-04', massKg: 1800, material: 'ferrous', recycler: 'R' },
    { type: 'landfilled', occurredAt: '2023-02-05', massKg: 200, reason: 'residue' },
  ]);
  const us = await createUnit(t, { category: 'ultrasound', modality: undefined, massKg: 100, receivedAt: '2023-12-01', originCountry: 'FR', massSource: 'model_default' });
  await addEvents(t, us.id, [{ type: 'assessed', occurredAt: '2023-12-02', grade: 'A', route: 'refurbish' }]);
  const br = await createUnit(t, { massKg: 3000, receivedAt: '2023-03-01', originCountry: 'BR' });
  await addEvents(t, br.id, [
    { type: 'assessed', occurredAt: '2023-03-02', grade: 'D', route: 'landfill' },
    sanitized('2023-03-02'),
    { type: 'landfilled', occurredAt: '2023-03-03', massKg: 3000, reason: 'x' },
  ]);
  const cn = await createUnit(t, { massKg: 500, receivedAt: '2023-04-01', originCountry: 'CN' });
  await addEvents(t, cn.id, [
    { type: 'assessed', occurredAt: '2023-04-02', grade: 'D', route: 'recycle' },
    sanitized('2023-04-02'),
    { type: 'recycled', occurredAt: '2023-04-03', massKg: 500, material: 'mixed', recycler: 'R' },
  ]);
  const old = await createUnit(t, { massKg: 50, receivedAt: '2022-05-01', originCountry: 'US' });
  await addEvents(t, old.id, [
    { type: 'assessed', occurredAt: '2022-05-02', grade: 'D', route: 'recycle' },
    sanitized('2022-05-02'),
    { type: 'recycled', occurredAt: '2022-05-03', massKg: 50, material: 'mixed', recycler: 'R' },
  ]);
  const later = await createUnit(t, { massKg: 70, receivedAt: '2024-01-05', originCountry: 'US' });
  return { ct, us, br, cn, old, later };
}

async function bundle(t: TestApp, url = '/api/v1/periods/2023/evidence') {
  const res = await t.as('esg').get(url).buffer(true).parse((r, cb) => {
    let text = '';
    r.on('data', (c: Buffer) => (text += c.toString('utf8')));
    r.on('end', () => cb(null, text));
  });
  return { res, text: res.body as string, lines: (res.body as string).split('\n').filter((l) => l !== '') };
}

async function published(t: TestApp) {
  expect((await t.as('esg').post('/api/v1/periods/2023/boundary', FOOTNOTE_2023)).status).toBe(200);
  const ids = await ledger(t);
  const lock = await t.as('esg').post('/api/v1/periods/2023/lock', { note: '2023 report' });
  expect(lock.status).toBe(200);
  return { ids, version: lock.body };
}

describe('the evidence bundle of a published year', () => {
  it('when 2023 is published, then the bundle holds the header as published and exactly the units and events its figures rest on', async () => {
    const t = createTestApp();
    const { ids, version } = await published(t);
    const { res, lines } = await bundle(t);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="evidence-2023-v1.ndjson"');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({
      kind: 'header',
      year: 2023,
      version: 1,
      figures: version.figures,
      ledgerSeq: version.ledgerSeq,
      ledgerHead: version.ledgerHead,
      boundary: { statement: 'Imaging and ultrasound from USCAN, EMEA and Japan; magnets worldwide' },
    });
    const unitIds = parsed.filter((l) => l.kind === 'unit').map((l) => l.id);
    // Not the Brazilian CT (outside the boundary), the Chinese one (excluded), the one closed in 2022 or the 2024 one.
    expect(unitIds).toEqual([ids.ct.id, ids.us.id]);
    expect(parsed.filter((l) => l.kind === 'event').map((l) => l.unitId)).toEqual([...Array(6).fill(ids.ct.id), ids.us.id]);
    expect(parsed[parsed.length - 1]).toMatchObject({ kind: 'end', units: 2, events: 7, magnetUpgrades: 0 });
    // Each entry answers the same hash as the API does.
    const unit = await t.as('viewer').get(`/api/v1/units/${ids.ct.id}`);
    expect(parsed[1]).toMatchObject({ seq: unit.body.seq, prevHash: unit.body.prevHash, hash: unit.body.hash });
  });

  it('when the good bundle is verified, then every check passes and the figures are reproduced', async () => {
    const t = createTestApp();
    await published(t);
    const { lines } = await bundle(t);
    const v = await verifyEvidenceLines(lines);
    expect(v.failure).toBeNull();
    expect(v.ok).toBe(true);
    expect(v.figures.every((f) => f.published === f.recomputed)).toBe(true);
    expect(v.figures.find((f) => f.field === 'pendingKg')).toEqual({ field: 'pendingKg', published: 100, recomputed: 100 });
  });

  describe.each([
    [
      'one event’s mass is changed',
      (lines: string[]) => {
        const i = lines.findIndex((l) => l.includes('"type":"landfilled"'));
        return { lines: lines.map((l, j) => (j === i ? l.replace('"massG":200000', '"massG":100000') : l)), line: i + 1, why: /does not match its hash/ };
      },
    ],
    [
      'one line is missing',
      (lines: string[]) => {
        const i = lines.findIndex((l) => l.includes('"type":"landfilled"'));
        return { lines: lines.filter((_, j) => j !== i), line: i + 1, why: /does not follow from the lines before it/ };
      },
    ],
    [
      'one line is added',
      (lines: string[]) => {
        const i = lines.findIndex((l) => l.includes('"type":"assessed"'));
        return { lines: [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)], line: i + 2, why: /does not follow from the lines before it/ };
      },
    ],
    [
      'the published figures in the header are changed',
      (lines: string[]) => ({ lines: [lines[0]!.replace('"landfilledKg":200', '"landfilledKg":150'), ...lines.slice(1)], line: 2, why: /does not follow/ }),
    ],
    [
      'the end line is cut off',
      (lines: string[]) => ({ lines: lines.slice(0, -1), line: lines.length, why: /cut short/ }),
    ],
  ])('when %s', (_what, tamper) => {
    it('then the verifier fails and names the first line that does not hold', async () => {
      const t = createTestApp();
      await published(t);
      const { lines } = await bundle(t);
      const bad = tamper(lines);
      expect(bad.lines).not.toEqual(lines);
      const v = await verifyEvidenceLines(bad.lines);
      expect(v.ok).toBe(false);
      expect(v.failure).toMatchObject({ line: bad.line, message: expect.stringMatching(bad.why) });
      expect(v.failure!.message).toMatch(new RegExp(`^Line ${bad.line} `));
    });
  });

  it('when an edited line is re-linked (links recomputed), then the hash of the edited entry still names it', async () => {
    const t = createTestApp();
    await published(t);
    const { lines } = await bundle(t);
    const { createHash } = await import('node:crypto');
    const canonicalize = (await import('canonicalize')).default;
    const i = lines.findIndex((l) => l.includes('"type":"landfilled"'));
    let link = createHash('sha256').update(canonicalize(JSON.parse(lines[0]!))!).digest('hex');
    const relinked = lines.map((l, j) => {
      if (j === 0) return l;
      const { link: _old, ...rest } = JSON.parse(j === i ? l.replace('"massG":200000', '"massG":100000') : l) as Record<string, unknown>;
      link = createHash('sha256').update(link + canonicalize(rest)!).digest('hex');
      return JSON.stringify({ ...rest, link });
    });
    const v = await verifyEvidenceLines(relinked);
    expect(v.failure).toMatchObject({ line: i + 1, message: expect.stringMatching(/does not match its hash/) });
  });

  it('when the lines are consistent but a figure was published differently, then the verifier names the figure', async () => {
    const t = createTestApp();
    await published(t);
    // A published figure that the ledger does not support: the stored version is edited around its trigger.
    t.db.$client.exec('DROP TRIGGER period_versions_no_update');
    t.db.$client.prepare(`UPDATE period_versions SET figures = json_set(figures, '$.recycledKg', 1799) WHERE year = 2023`).run();
    const { lines } = await bundle(t);
    const v = await verifyEvidenceLines(lines);
    expect(v.ok).toBe(false);
    expect(v.failure).toEqual({ line: null, message: expect.stringContaining('recycledKg: published 1799, recomputed from the lines 1800') });
  });

  it('when a year has several versions, then ?version= picks one and an unknown one is 404 with nothing changed', async () => {
    const t = createTestApp();
    await published(t);
    await t.as('admin').post('/api/v1/periods/2023/unlock', { reason: 'restate' });
    await t.as('esg').post('/api/v1/periods/2023/lock', {});
    const v1 = await bundle(t, '/api/v1/periods/2023/evidence?version=1');
    expect(JSON.parse(v1.lines[0]!)).toMatchObject({ version: 1 });
    expect((await verifyEvidenceLines(v1.lines)).ok).toBe(true);
    const latest = await bundle(t);
    expect(JSON.parse(latest.lines[0]!)).toMatchObject({ version: 2 });
    const before = dump(t.db);
    const missing = await t.as('admin').get('/api/v1/periods/2023/evidence?version=3');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'period.version_not_found', detail: '2023 has versions 1–2; lock the year to publish one.' });
    expect((await t.as('admin').get('/api/v1/periods/2021/evidence')).body.code).toBe('period.version_not_found');
    expect(dump(t.db)).toBe(before);
  });

  it.each([
    ['operator', 403],
    ['viewer', 403],
    ['engineer', 403],
    ['esg', 200],
    ['admin', 200],
  ] as const)('when %s asks for the evidence, then %i', async (role, status) => {
    const t = createTestApp();
    await published(t);
    expect((await t.as(role).get('/api/v1/periods/2023/evidence')).status).toBe(status);
  });
});

// The command's code in-process; the compiled command as a process is in the smoke suite (test/smoke/).
describe('npm run verify-evidence -- FILE', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const run = async (file: string) => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((out += String(s)), true));
    try {
      return { code: await verifyEvidenceCli([file]), out };
    } finally {
      vi.restoreAllMocks();
    }
  };

  it('when given a good bundle, then it says VERIFIED and exits 0; a changed one, NOT VERIFIED naming the line, exit 1; no file, exit 2', async () => {
    const t = createTestApp();
    await published(t);
    const { text, lines } = await bundle(t);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    try {
      const good = path.join(dir, 'good.ndjson');
      fs.writeFileSync(good, text);
      const ok = await run(good);
      expect(ok.code).toBe(0);
      expect(ok.out).toContain(`Figures: all ${TOTAL_FIELDS.length} published figures are reproduced exactly from the lines.`);
      expect(ok.out).toContain(`VERIFIED: ${good}`);

      const bad = path.join(dir, 'bad.ndjson');
      const i = lines.findIndex((l) => l.includes('"type":"landfilled"'));
      fs.writeFileSync(bad, lines.map((l, j) => (j === i ? l.replace('"massG":200000', '"massG":200001') : l)).join('\n') + '\n');
      const no = await run(bad);
      expect(no.code).toBe(1);
      expect(no.out).toContain(`NOT VERIFIED: Line ${i + 1} event `);

      expect((await run(path.join(dir, 'missing.ndjson'))).code).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
