import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, eventEntry, GENESIS_HASH, hashSortedEntry, link, referenceHash, unitEntry, wellFormed } from '../../src/domain/ledger-chain.js';

const text = fc.string({ unit: 'binary', maxLength: 30 });
const value = fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean());
const data = fc.dictionary(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.oneof(value, fc.array(fc.dictionary(fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), value), { maxLength: 3 })),
  { maxKeys: 6 },
);

const unitSource = fc.record({
  id: text, serialNumber: text, category: text, modality: fc.option(text, { nil: null }), model: text, intakeG: fc.integer({ min: 1, max: 50_000_000 }),
  massSource: text, originCountry: text, region: text, siteCode: text, receivedAt: text, returnChannel: text, createdAt: text, createdBy: text, dataBearing: fc.boolean(),
});
const eventSource = fc.record({
  id: text, unitId: text, type: text, occurredAt: text, massG: fc.option(fc.integer({ min: 1, max: 50_000_000 }), { nil: null }),
  voidsEventId: fc.option(text, { nil: null }), data, recordedAt: text, actor: text,
});

describe('canonical JSON of ledger entries', () => {
  it('when any unit or event entry is written by the fast path, then it is byte for byte what the RFC 8785 reference writes', () => {
    fc.assert(
      fc.property(fc.nat(), unitSource, eventSource, (seq, u, e) => {
        const ue = unitEntry(seq, wellFormed(u));
        const ee = eventEntry(seq, wellFormed(e));
        expect(JSON.stringify(ue)).toBe(canonicalize(ue));
        expect(JSON.stringify(ee)).toBe(canonicalize(ee));
        expect(canonicalJson(ee)).toBe(canonicalize(ee));
        expect(hashSortedEntry(GENESIS_HASH, ee)).toBe(referenceHash(GENESIS_HASH, ee));
        expect(entryHash(GENESIS_HASH, ue)).toBe(referenceHash(GENESIS_HASH, { ...ue }));
      }),
      { numRuns: 500, seed: 8785 },
    );
  });

  it('when a string holds a lone surrogate, then it is made well-formed (as SQLite would store it) and the reference accepts it', () => {
    const e = wellFormed({ id: 'evt_1', data: { notes: 'a\uD800b', list: ['\uDC00'] } });
    expect(e).toEqual({ id: 'evt_1', data: { notes: 'a\uFFFDb', list: ['\uFFFD'] } });
    expect(() => canonicalize(e)).not.toThrow();
    const same = { id: 'x', data: { a: 'ok' } };
    expect(wellFormed(same)).toBe(same);
  });

  it('when entries are linked, then each carries the next seq, the previous hash and sha256(prevHash + canonical JSON)', () => {
    const u = { id: 'unit_1', serialNumber: 'S', category: 'imaging', modality: 'CT', model: 'M', intakeG: 1000, massSource: 'measured', originCountry: 'DE', region: 'EMEA', siteCode: 'HU-EROC', receivedAt: '2024-01-01', returnChannel: 'trade_in', createdAt: '2024-01-01T00:00:00.000Z', createdBy: 'key_1', dataBearing: true };
    const first = link({ seq: 0, hash: GENESIS_HASH }, (seq) => unitEntry(seq, u));
    expect(first.link).toEqual({ seq: 1, prevHash: GENESIS_HASH, hash: referenceHash(GENESIS_HASH, { ...u, kind: 'unit', seq: 1 }) });
    // A known answer, so the format cannot drift unnoticed.
    expect(JSON.stringify(first.entry)).toBe(
      '{"category":"imaging","createdAt":"2024-01-01T00:00:00.000Z","createdBy":"key_1","dataBearing":true,"id":"unit_1","intakeG":1000,"kind":"unit","massSource":"measured","modality":"CT","model":"M","originCountry":"DE","receivedAt":"2024-01-01","region":"EMEA","returnChannel":"trade_in","seq":1,"serialNumber":"S","siteCode":"HU-EROC"}',
    );
    const second = link(first.link, (seq) => unitEntry(seq, { ...u, id: 'unit_2' }));
    expect(second.link.prevHash).toBe(first.link.hash);
    expect(second.link.seq).toBe(2);
  });
});
