import { z } from 'zod';
import { identifier } from '../../domain/common.schemas.js';
import type { BodyExamples } from '../../http/route.js';
import { defaultFactorSet } from './default-factor-set.js';
import { pageQuery } from '../../http/pagination.js';
import { factorSetBodySchema } from './factor-set.schemas.js';

// Fields GET answers that a client cannot set. POST accepts them (so a GET body
// can be edited and posted back as a new set) and ignores them; any other unknown
// top-level field is refused, since it is most likely a misspelt one.
const ignored = (what: string) => z.unknown().optional().describe(`Read-only (${what}); ignored if sent.`);
const READ_ONLY = {
  id: ignored('given by the server'),
  createdAt: ignored('set by the server'),
  createdBy: ignored('set by the server'),
  isDefault: ignored('only the seeded set is the default'),
  supersededBy: ignored('derived from later sets'),
};
export const READ_ONLY_FIELDS = Object.keys(READ_ONLY) as (keyof typeof READ_ONLY)[];

export const CreateFactorSetBody = z
  .strictObject({ ...factorSetBodySchema.shape, ...READ_ONLY })
  .meta({ id: 'CreateFactorSet', description: 'The body GET /factor-sets/{id} answers; read-only fields are ignored.' });
export type CreateFactorSetInput = z.infer<typeof CreateFactorSetBody>;

export const FactorSetSchema = factorSetBodySchema
  .extend({
    id: z.string(),
    supersedes: z.string().nullable().describe('The set this one replaces, or null.'),
    description: z.string().nullable(),
    isDefault: z.boolean().describe('The set estimates and upgrades use when none is named.'),
    supersededBy: z.array(z.string()).describe('Later sets that name this one in `supersedes`, oldest first.'),
    createdAt: z.string(),
    createdBy: z.string().describe('The key id that created it, or "system" for the seeded default.'),
  })
  .meta({ id: 'FactorSet' });
export type FactorSetView = z.infer<typeof FactorSetSchema>;

export const ListFactorSetsQuery = z.strictObject({ ...pageQuery });
export const FactorSetIdParams = z.strictObject({ id: identifier(100) });

/** A realistic body: the default set restated with a newer copper figure, naming what it supersedes. */
export const CREATE_FACTOR_SET_EXAMPLES: BodyExamples = {
  restatement: {
    summary: 'The default set restated: a new version that names the set it supersedes',
    value: {
      ...defaultFactorSet,
      version: '2026.2',
      supersedes: 'fs_V1StGXR8_Z5jdHi6B',
      description: 'Copper factor updated to the 2025 International Copper Association cathode profile.',
      factors: {
        ...defaultFactorSet.factors,
        copperFactor: { ...defaultFactorSet.factors.copperFactor, value: 3.6, mode: 3.6, basis: 'sourced', source: 'International Copper Association, copper cathode LCA profile 2025' },
      },
    },
  },
};
