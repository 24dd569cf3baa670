import { describe, expect, it } from 'vitest';
import { certificationStatus, certifiedOn, certifiedUntil, EXPIRING_WITHIN_DAYS } from '../../src/domain/vendors.js';

const w = (validFrom: string, validTo: string) => ({ validFrom, validTo });

describe('certified on a date', () => {
  it.each([
    ['before validFrom', '2023-12-31', false],
    ['on validFrom', '2024-01-01', true],
    ['on validTo', '2024-12-31', true],
    ['after validTo', '2025-01-01', false],
  ])('when the date is %s, then certified = %s', (_case, date, expected) => {
    expect(certifiedOn([w('2024-01-01', '2024-12-31')], date)).toBe(expected);
  });
});

describe('unbroken certification from today', () => {
  it.each([
    ['one certificate', [w('2024-01-01', '2024-12-31')], '2024-06-01', '2024-12-31'],
    ['a renewal starting the day after', [w('2024-01-01', '2024-12-31'), w('2025-01-01', '2027-12-31')], '2024-06-01', '2027-12-31'],
    ['an overlapping renewal, recorded first', [w('2024-11-01', '2026-10-31'), w('2024-01-01', '2024-12-31')], '2024-06-01', '2026-10-31'],
    ['a renewal after a one-day gap', [w('2024-01-01', '2024-12-31'), w('2025-01-02', '2027-12-31')], '2024-06-01', '2024-12-31'],
    ['no certificate valid today', [w('2024-01-01', '2024-12-31')], '2025-03-01', null],
  ] as const)('when there is %s, then coverage runs to %s', (_case, certs, today, until) => {
    expect(certifiedUntil(certs, today)).toBe(until);
  });
});

describe('certification status for the vendors list', () => {
  it.each([
    ['never certified', [], '2024-06-01', 'none'],
    ['certified for well over 60 more days', [w('2024-01-01', '2024-12-31')], '2024-06-01', 'valid'],
    ['the first uncovered day 61 days away', [w('2024-01-01', '2024-07-31')], '2024-06-01', 'valid'],
    ['the first uncovered day exactly 60 days away', [w('2024-01-01', '2024-07-30')], '2024-06-01', 'expiring'],
    ['the certificate ending today', [w('2024-01-01', '2024-06-01')], '2024-06-01', 'expiring'],
    ['a renewal that keeps coverage unbroken', [w('2024-01-01', '2024-06-30'), w('2024-07-01', '2026-06-30')], '2024-06-01', 'valid'],
    ['the certificate ended yesterday', [w('2024-01-01', '2024-05-31')], '2024-06-01', 'expired'],
    ['only a certificate that starts tomorrow', [w('2024-06-02', '2026-06-01')], '2024-06-01', 'expired'],
  ] as const)('when %s, then the status is %s', (_case, certs, today, status) => {
    expect(EXPIRING_WITHIN_DAYS).toBe(60);
    expect(certificationStatus(certs, today)).toBe(status);
  });
});
