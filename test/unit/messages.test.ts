import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { massKg } from '../../src/domain/common.schemas.js';
import { didYouMean, say } from '../../src/domain/messages.js';
import { CreateUnitBody, EventBody } from '../../src/modules/units/units.schemas.js';

const messages = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error!.issues.map((i) => [i.path.join('.') || '(body)', i.message]);

describe('didYouMean', () => {
  it.each([
    ['masKg', ['massKg', 'model'], 'massKg'],
    ['MASSKG', ['massKg'], 'massKg'],
    ['recyled', ['recycled', 'released'], 'recycled'],
    ['harvets', ['harvest', 'recycle'], 'harvest'],
    ['imagin', ['imaging', 'magnet'], 'imaging'],
    ['colour', ['serialNumber', 'massKg'], undefined],
    ['x', ['y'], undefined],
    ['massKg', ['massKg'], undefined],
  ] as const)('when "%s" is typed among %j, then the suggestion is %s', (input, candidates, want) => {
    expect(didYouMean(input, candidates)).toBe(want);
  });
});

describe('the message catalogue on JSON bodies', () => {
  it('when massKg is "2450 kg", then it says what the CSV importer says', () => {
    expect(messages(z.object({ massKg: massKg(50_000) }), { massKg: '2450 kg' })).toEqual([['massKg', 'must be a number such as 1234.5 (got "2450 kg")']]);
    expect(say.notANumber('2450 kg')).toBe('must be a number such as 1234.5 (got "2450 kg")');
  });

  it('when massKg is a number in quotes, then it says to drop the quotes', () => {
    expect(messages(z.object({ massKg: massKg(50_000) }), { massKg: '2450' })).toEqual([['massKg', 'must be a number such as 1234.5, written without quotes (got "2450")']]);
  });

  it('when a field name is misspelt, then the unknown field gets a "did you mean" and the missing one "is required"', () => {
    expect(messages(EventBody, { type: 'recycled', occurredAt: '2024-01-01', masKg: 3, material: 'copper', recycler: 'R' })).toEqual([
      ['massKg', 'is required'],
      ['(body)', 'unknown field "masKg"; did you mean "massKg"?'],
    ]);
  });

  it('when a field belongs to another event type, then it says which fields this type takes', () => {
    expect(messages(EventBody, { type: 'assessed', occurredAt: '2024-01-01', grade: 'A', route: 'recycle', massKg: 3 })).toEqual([
      ['(body)', '"massKg" does not apply to an "assessed" event, which takes: type, occurredAt, grade, route, notes'],
    ]);
  });

  it('when the event type is misspelt, then it lists the types and suggests one, never "Invalid discriminator value"', () => {
    expect(messages(EventBody, { type: 'recyled', occurredAt: '2024-01-01' })).toEqual([
      [
        'type',
        'must be one of assessed, refurbishment_started, refurbished, released, part_harvested, recycled, landfilled, energy_recovered, incinerated, disposed_other, data_sanitized, voided (got "recyled"); did you mean "recycled"?',
      ],
    ]);
  });

  it('when the event type is missing, then it is required and the types are listed', () => {
    expect(messages(EventBody, { occurredAt: '2024-01-01' })).toEqual([
      ['type', 'is required: one of assessed, refurbishment_started, refurbished, released, part_harvested, recycled, landfilled, energy_recovered, incinerated, disposed_other, data_sanitized, voided'],
    ]);
  });

  it.each([
    [{ category: 'imagin' }, 'category', 'must be one of imaging, ultrasound, magnet, magnet_upgrade_component, surgical (got "imagin"); did you mean "imaging"?'],
    [{ returnChannel: 'Trade_In' }, 'returnChannel', 'must be one of buy_back, trade_in, lease_return, asset_recovery (got "Trade_In"); did you mean "trade_in"?'],
    [{ category: 'robot' }, 'category', 'must be one of imaging, ultrasound, magnet, magnet_upgrade_component, surgical (got "robot")'],
    [{ serialNumber: 12 }, 'serialNumber', 'must be text (got 12)'],
    [{ serialNumber: 'x'.repeat(65) }, 'serialNumber', 'must be at most 64 characters'],
    [{ massSource: true }, 'massSource', 'must be one of measured, model_default (got true)'],
  ])('when the body has %j, then %s says: %s', (over, path, message) => {
    const body = { serialNumber: 'S', category: 'ultrasound', model: 'M', massKg: 1, originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: '2024-01-01', returnChannel: 'trade_in', ...over };
    expect(messages(CreateUnitBody, body)).toEqual([[path, message]]);
  });
});
