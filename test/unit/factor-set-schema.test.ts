import { describe, expect, it } from 'vitest';
import { defaultFactorSet } from '../../src/modules/magnet-upgrades/default-factor-set.js';
import {
  FACTOR_KEYS,
  factorSetBodySchema,
  type FactorSetBody,
} from '../../src/modules/magnet-upgrades/factor-set.schemas.js';

const clone = (): FactorSetBody => structuredClone(defaultFactorSet);
const issuesOf = (body: unknown) => {
  const r = factorSetBodySchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('factor set body schema', () => {
  it('when the default set is parsed, then it passes unchanged', () => {
    expect(factorSetBodySchema.parse(defaultFactorSet)).toEqual(defaultFactorSet);
  });

  it('when the default set is read, then it covers every factor key with its expected unit', () => {
    expect(Object.keys(defaultFactorSet.factors).sort()).toEqual([...FACTOR_KEYS].sort());
  });

  it('when a GET body with read-only fields is posted back, then they are ignored', () => {
    const parsed = factorSetBodySchema.parse({ ...clone(), id: 'fs_1', createdAt: '2026-01-01T00:00:00Z' });
    expect(parsed).not.toHaveProperty('id');
  });

  type Case = { name: string; mutate: (b: FactorSetBody) => unknown; path: string; message: RegExp };
  const cases: Case[] = [
    {
      name: 'a block is missing (helium factor)',
      mutate: (b) => {
        const { heliumFactor: _, ...rest } = b.factors;
        return { ...b, factors: rest };
      },
      path: 'factors.heliumFactor',
      message: /missing factor 'heliumFactor'/,
    },
    {
      name: 'low is above mode',
      mutate: (b) => ((b.factors.copperFactor.low = 4.5), b),
      path: 'factors.copperFactor.mode',
      message: /low must be ≤ mode/,
    },
    {
      name: 'mode is above high',
      mutate: (b) => ((b.factors.copperFactor.mode = 9), b),
      path: 'factors.copperFactor.high',
      message: /mode must be ≤ high/,
    },
    {
      name: 'the value lies outside [low, high]',
      mutate: (b) => ((b.factors.gridIntensity.value = 0.9), b),
      path: 'factors.gridIntensity.value',
      message: /within \[low, high\]/,
    },
    {
      name: 'the unit is unknown',
      mutate: (b) => ((b.factors.copperMass.unit = 'lb' as never), b),
      path: 'factors.copperMass.unit',
      message: /must be one of/,
    },
    {
      name: 'the unit is known but not the one for that key',
      mutate: (b) => ((b.factors.copperMass.unit = 't'), b),
      path: 'factors.copperMass.unit',
      message: /must be in kg/,
    },
    {
      name: 'a value is negative',
      mutate: (b) => ((b.factors.nbtiMass.value = -250), b),
      path: 'factors.nbtiMass.value',
      message: /greater than 0/,
    },
    {
      name: 'a value is zero where the research range starts above zero',
      mutate: (b) => ((b.factors.magnetMass1_5T.low = 0), b),
      path: 'factors.magnetMass1_5T.low',
      message: /greater than 0/,
    },
    {
      name: 'a factor key is unknown',
      mutate: (b) => ({ ...b, factors: { ...b.factors, coperMass: b.factors.copperMass } }),
      path: 'factors',
      message: /coperMass/,
    },
    {
      name: 'the default route is empty',
      mutate: (b) => ((b.defaults.transportRoute = []), b),
      path: 'defaults.transportRoute',
      message: /at least 1/,
    },
    {
      name: 'a route leg has an unknown mode',
      mutate: (b) => ((b.defaults.transportRoute[1]!.mode = 'pipeline' as never), b),
      path: 'defaults.transportRoute.1.mode',
      message: /must be one of/,
    },
  ];

  it.each(cases)('when $name, then it is refused with an issue at $path', ({ mutate, path, message }) => {
    const issues = issuesOf(mutate(clone()));
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each(['retainedSubsystemsMass', 'siteWorks'] as const)(
    'when %s is zero throughout, then it is accepted (its research range starts at 0)',
    (key) => {
      const b = clone();
      Object.assign(b.factors[key], { value: 0, low: 0, mode: 0, high: 0 });
      expect(issuesOf(b)).toEqual([]);
    },
  );
});
