import { describe, expect, it } from 'vitest';
import { capabilities } from '../../../src/web/caps.js';
import { FormProblem, inWords, plainProblem } from '../../../src/web/problems.js';
import { readCode } from '../../../src/web/scan.js';
import { ApiError } from '../../../src/web/api.js';
import { excludedText } from '../../../src/web/views/overview.js';
import { daysBetween } from '../../../src/web/views/work-queue.js';
import { problemsCsv } from '../../../src/web/views/import.js';
import { eventName } from '../../../src/web/views/event-forms.js';

describe('readCode: what a typed, pasted or scanned code names', () => {
  it.each([
    ['CT-WALK-0001|unit_Ab3dEf6hIj9kLm0n', { unitId: 'unit_Ab3dEf6hIj9kLm0n' }],
    ['unit_Ab3dEf6hIj9kLm0n', { unitId: 'unit_Ab3dEf6hIj9kLm0n' }],
    ['  CT-7731|unit_x1  ', { unitId: 'unit_x1' }],
    ['https://tracker.local/#/units/unit_x1', { unitId: 'unit_x1' }],
    ['CT-7731', { serial: 'CT-7731' }],
    ['unit_', { serial: 'unit_' }],
  ])('when the code is "%s", then it names %j', (text, named) => {
    expect(readCode(text)).toEqual(named);
  });
});

describe('capabilities: what GET /me says the key may do', () => {
  const me = { keyId: 'key_1', name: 'Floor tablet 3', role: 'operator', may: { 'POST /units': true, 'POST /periods/{year}/lock': false } };
  it('when an action is true in `may`, then the key can take it; false or unknown to this server, it cannot', () => {
    const caps = capabilities(me);
    expect([caps.can('POST /units'), caps.can('POST /periods/{year}/lock'), caps.can('POST /parts/{id}/events')]).toEqual([true, false, false]);
    expect([caps.canAny('POST /periods/{year}/lock', 'POST /units'), caps.canAny('POST /periods/{year}/lock')]).toEqual([true, false]);
    expect([caps.name, caps.role]).toEqual(['Floor tablet 3', 'operator']);
  });
});

describe('plainProblem: a failure in the words of the person at the screen', () => {
  const labels = { useEnergyDeltaMWhPerYear: 'Use-phase energy, kept − new (MWh a year)', gridFactorKgPerKWh: 'Grid factor (kg CO₂e/kWh)', gridCountry: 'Grid country' };

  it('when the API names fields, then each is said once with its label, and API field names inside messages become labels too', () => {
    const err = new ApiError(400, {
      title: 'The request is not valid',
      code: 'validation.failed',
      detail: 'useEnergyDeltaMWhPerYear: needs gridFactorKgPerKWh or gridCountry',
      errors: [{ path: 'useEnergyDeltaMWhPerYear', message: 'needs gridFactorKgPerKWh or gridCountry' }],
    });
    expect(plainProblem(err, { labels })).toEqual({
      title: 'Some fields need a correction',
      detail: null,
      fields: [{ path: 'useEnergyDeltaMWhPerYear', label: 'Use-phase energy, kept − new (MWh a year)', message: 'needs grid factor (kg CO₂e/kWh) or grid country' }],
      retry: false,
    });
  });

  it('when the sanitization gate refuses, then the person reads what to do, not the API event names', () => {
    const err = new ApiError(409, { code: 'compliance.sanitization_required', detail: 'This unit may hold patient data: "recycled" takes it out of our custody, so record a data_sanitized event (method, standard, media, verifiedBy) first.' });
    const p = plainProblem(err);
    expect(p.title).toBe('Record the data sanitization first');
    expect(p.detail).not.toMatch(/data_sanitized|verifiedBy/);
    expect(p.detail).toContain('log “Data sanitized” first');
  });

  it('when mass would exceed what is left, then the API sentence stays under a plain title', () => {
    const err = new ApiError(409, { code: 'mass.exceeds_intake', title: 'Mass exceeds intake', detail: '2330.25 kg would exceed the 2320.25 kg still on the unit.' });
    expect(plainProblem(err)).toMatchObject({ title: 'More than is left on the unit', detail: '2330.25 kg would exceed the 2320.25 kg still on the unit.' });
  });

  it('when the connection is lost, then it says so and offers to try again', () => {
    const p = plainProblem(new ApiError(0, { title: 'The service cannot be reached', detail: 'Check the connection.' }));
    expect(p).toMatchObject({ title: 'The service cannot be reached', retry: true });
  });

  it('when the form itself found fields wrong, then they are listed with their labels', () => {
    const p = plainProblem(new FormProblem([{ path: 'massKg', message: 'is required' }]), { labels: { massKg: 'Mass (kg)' } });
    expect(p).toEqual({ title: 'Some fields need a correction', detail: null, fields: [{ path: 'massKg', label: 'Mass (kg)', message: 'is required' }], retry: false });
  });

  it('when a field name is part of a longer word, then only whole names are replaced', () => {
    expect(inWords('gridCountryCode and gridCountry', { gridCountry: 'Grid country' })).toBe('gridCountryCode and grid country');
  });
});

describe('what the overview says China left out', () => {
  it('when no unit was received but mass moved, then the note says the mass is of units received earlier', () => {
    expect(excludedText({ units: 0, kg: 10_800, magnetUpgrades: 0 }, '2025')).toBe(
      'Left out of these figures: no unit from China received in 2025; 10.8 t that units from China moved in 2025 (units received in earlier years).',
    );
  });
  it('when units, mass and upgrades were left out, then each is named', () => {
    expect(excludedText({ units: 212, kg: 450_250.5, magnetUpgrades: 3 }, '2024')).toBe(
      'Left out of these figures: 212 units from China received in 2024; 450.3 t that units from China moved in 2024, and 3 magnet upgrades at sites in China.',
    );
  });
});

describe('small helpers of the floor screens', () => {
  it('when the work queue counts days waiting, then whole days, never negative', () => {
    expect([daysBetween('2026-11-01', '2026-12-04'), daysBetween('2026-12-04', '2026-12-04'), daysBetween('2026-12-05', '2026-12-04')]).toEqual([33, 0, 0]);
  });
  it('when the refused rows are downloaded, then cells are quoted and formula-like text is neutralised as the API exports do', () => {
    expect(problemsCsv([{ row: 3, column: 'massKg', message: 'must be a number such as 1234.5 (got "12,5")' }, { row: 5, column: '', message: '=cmd' }])).toBe(
      'row,column,message\r\n3,massKg,"must be a number such as 1234.5 (got ""12,5"")"\r\n5,,\'=cmd\r\n',
    );
  });
  it('when an event is named for a person, then by its date, type and mass', () => {
    expect(eventName({ id: 'evt_1', type: 'landfilled', occurredAt: '2024-03-21', massKg: 130.25 })).toBe('2024-03-21 · Landfilled · 130.25 kg');
  });
});
