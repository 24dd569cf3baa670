import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDataBearing, formatMedia, MEDIA_KINDS, parseMedia, type Medium } from '../../src/domain/sanitization.js';
import { CATEGORIES } from '../../src/domain/units.js';

describe('the compact media column', () => {
  it.each([
    ['hdd:SN123;ssd:SN456', [{ kind: 'hdd', serial: 'SN123' }, { kind: 'ssd', serial: 'SN456' }]],
    ['hdd', [{ kind: 'hdd' }]],
    [' hdd : SN 1 ; flash ', [{ kind: 'hdd', serial: 'SN 1' }, { kind: 'flash' }]],
    ['other:a:b', [{ kind: 'other', serial: 'a:b' }]],
    ['ssd:A\\;B;hdd:C\\\\D', [{ kind: 'ssd', serial: 'A;B' }, { kind: 'hdd', serial: 'C\\D' }]],
  ])('when "%s" is read, then it is %j', (text, media) => {
    expect(parseMedia(text)).toEqual({ ok: true, media });
  });

  it.each([
    ['hdd;;ssd', /item 2 is empty/],
    ['hdd;', /item 2 is empty/],
    ['hdd:', /has ":" but no serial/],
    ['hdd:A\\B', /must be followed by ";" or "\\"/],
    ['hdd:A\\', /must be followed by ";" or "\\"/],
  ])('when "%s" is read, then it is refused saying %s', (text, message) => {
    const r = parseMedia(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('when any media list is written and read back, then it is the same list', () => {
    const medium = fc.record(
      { kind: fc.constantFrom(...MEDIA_KINDS), serial: fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim() === s && s !== '') },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(fc.array(medium, { minLength: 1, maxLength: 50 }), (media: Medium[]) => {
        expect(parseMedia(formatMedia(media))).toEqual({ ok: true, media });
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});

describe('dataBearing defaults', () => {
  it('when each category is asked, then imaging, ultrasound and surgical may hold patient data and magnets do not', () => {
    expect(Object.fromEntries(CATEGORIES.map((c) => [c, defaultDataBearing(c)]))).toEqual({
      imaging: true,
      ultrasound: true,
      surgical: true,
      magnet: false,
      magnet_upgrade_component: false,
    });
  });
});
