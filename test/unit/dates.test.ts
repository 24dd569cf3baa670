import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../src/domain/dates.js';

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true], ['2023-02-29', false], ['1900-02-29', false], ['2000-02-29', true], ['2024-04-30', true],
    ['2024-04-31', false], ['2024-12-31', true], ['2024-13-01', false], ['2024-00-10', false], ['2024-01-00', false],
    ['2024-1-01', false], ['24-01-01', false], ['2024-01-01T00:00:00Z', false], ['', false], ['2024-06-15 ', false],
  ])('when the text is "%s", then it is a calendar date: %s', (s, ok) => {
    expect(isCalendarDate(s)).toBe(ok);
  });

  it('when every day of four years is checked, then it agrees with the calendar', () => {
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      expect(isCalendarDate(new Date(t).toISOString().slice(0, 10))).toBe(true);
    }
  });
});
