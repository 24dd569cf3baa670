import { describe, expect, it } from 'vitest';
import { boundaryChinaRefusal } from '../../../src/policies/china.js';

describe('boundaryChinaRefusal', () => {
  it.each([
    ['policy on, no CHINA', true, [{ regions: ['USCAN', 'EMEA'] }, { regions: null }], []],
    ['policy on, every region (null)', true, [{ regions: null }], []],
    ['policy on, CHINA once', true, [{ regions: ['USCAN'] }, { regions: ['EMEA', 'CHINA'] }], ['rules.1.regions.1']],
    ['policy on, CHINA in two rules', true, [{ regions: ['CHINA'] }, { regions: ['CHINA', 'JAPAN'] }], ['rules.0.regions.0', 'rules.1.regions.0']],
    ['policy off, CHINA', false, [{ regions: ['CHINA'] }], []],
  ] as const)('when %s, then the refused places are %j', (_what, on, rules, paths) => {
    expect(boundaryChinaRefusal(on, rules).map((e) => e.path)).toEqual(paths);
  });
});
