import { z } from 'zod';
import { TotalsSchema } from '../kpis/kpis.schemas.js';
import { BoundarySchema } from '../periods/periods.schemas.js';

export const VerifyResultSchema = z
  .union([
    z.object({
      ok: z.literal(true),
      entries: z.number().int().describe('Entries on the chain (unit intakes and events), all verified.'),
      headSeq: z.number().int(),
      headHash: z.string().describe('The hash of the last entry: what a period lock records as ledgerHead.'),
      publishedHeadsChecked: z.number().int().describe('Published period versions whose ledgerHead was found on the chain.'),
      checkedAt: z.string(),
    }),
    z.object({
      ok: z.literal(false),
      firstBadSeq: z.number().int(),
      reason: z.string(),
      entry: z.object({ kind: z.enum(['unit', 'event']), id: z.string() }).nullable().describe('The row at fault, when there is one.'),
      checkedAt: z.string(),
    }),
  ])
  .meta({ id: 'LedgerVerification' });

export const EvidenceHeaderSchema = z
  .object({
    kind: z.literal('header'),
    format: z.literal('circularity-evidence/1'),
    year: z.number().int(),
    version: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.string(),
    note: z.string().nullable(),
    scope: z.object({ from: z.string(), to: z.string(), chinaExcluded: z.literal(true) }),
    boundary: BoundarySchema.nullable(),
    figures: TotalsSchema,
    ledgerSeq: z.number().int().nullable(),
    ledgerHead: z.string().nullable(),
    factorSets: z.array(z.object({ id: z.string(), name: z.string().nullable(), version: z.string().nullable(), upgrades: z.number().int() })),
    hashing: z.string(),
  })
  .meta({ id: 'EvidenceHeader', description: 'The first line of an evidence bundle.' });
