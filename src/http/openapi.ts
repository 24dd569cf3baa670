import { type OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ERROR_CODES } from '../domain/errors.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(ERROR_CODES),
    instance: z.string().optional(),
    errors: z
      .array(
        z.union([
          z.object({ path: z.string(), message: z.string() }),
          z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() }),
        ]),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable `code`.' });

export function buildOpenApiDocument(registry: OpenAPIRegistry) {
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer <key>`.',
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Returned-equipment circularity tracker',
      version: '1.0.0',
      description:
        'Intake and lifecycle ledger of returned medical systems, circularity KPIs, and avoided ' +
        'emissions of MR magnet upgrades. Masses are kilograms with up to three decimals, stored as grams.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
  });
}
