import { once } from 'node:events';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Response, Router } from 'express';
import { z } from 'zod';
import { code } from '../../domain/common.schemas.js';
import type { Deps } from '../../http/context.js';
import { addRoute, ok } from '../../http/route.js';
import { YearParams } from '../periods/periods.schemas.js';
import { evidenceHeader, evidenceLines, findVersion, linker } from './evidence-bundle.js';
import { EvidenceHeaderSchema, VerifyResultSchema } from './evidence.schemas.js';
import { verifyLedger } from './ledger-verify.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Streams the bundle with backpressure, yielding between pages so other requests go on. */
async function streamEvidence(deps: Deps, year: number, version: number | undefined, res: Response) {
  const v = findVersion(deps, year, version);
  const header = evidenceHeader(deps, v);
  const link = linker(header);
  res.status(200).set({
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': `attachment; filename="evidence-${year}-v${v.version}.ndjson"`,
  });
  const write = async (line: object) => {
    if (!res.write(`${JSON.stringify(line)}\n`)) await once(res, 'drain');
  };
  await write(header);
  for (const lines of evidenceLines(deps, v)) {
    if (res.destroyed) return;
    for (const line of lines) await write(link(line));
    await tick();
  }
  res.end();
}

export function registerEvidenceRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/audit/verify',
    tag: 'Audit',
    summary: 'Recompute the ledger’s hash chain: the head, or the first entry that does not hold',
    access: ['esg'],
    responses: { 200: { description: 'The verdict (ok: false names the first bad entry)', schema: VerifyResultSchema } },
    handler: async () => ok(await verifyLedger(deps)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/periods/:year/evidence',
    tag: 'Reporting',
    summary:
      'The evidence bundle of a published version (NDJSON): the header as published, then every unit and event its figures rest on, with their hashes; `npm run verify-evidence -- FILE` re-performs it',
    access: ['esg'],
    params: YearParams,
    query: z.strictObject({
      version: code()
        .regex(/^[1-9]\d{0,5}$/, 'must be a version number (1, 2, …)')
        .transform(Number)
        .optional()
        .describe('Default: the latest published version.'),
    }),
    responses: {
      200: {
        description: 'NDJSON: this header line, then unit, event and magnet_upgrade lines, then an end line',
        schema: EvidenceHeaderSchema,
        contentType: 'application/x-ndjson',
      },
    },
    errors: ['period.version_not_found'],
    handler: ({ params, query, res }) => streamEvidence(deps, params.year, query.version, res),
  });
}
