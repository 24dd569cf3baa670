import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Actor, Deps, HandlerResult, RequestCtx, Role } from './context.js';
export type { HandlerResult } from './context.js';
import { authenticate } from './auth.js';
import { withIdempotency } from './idempotency.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { ERROR_STATUS } from './problem.js';
import { ProblemSchema } from './openapi.js';
import { parseOrThrow } from './validate.js';

export type Access = 'public' | 'any' | readonly Role[];

/** Named examples of a request body, shown in the OpenAPI document (`value` must pass the body's schema). */
export type BodyExamples = Record<string, { summary: string; value: unknown }>;


export type HandlerInput<B, Q, P> = {
  body: B;
  query: Q;
  params: P;
  ctx: RequestCtx & { actor: Actor };
  req: Request;
  res: Response;
};

export type RouteDef<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> = {
  method: 'get' | 'post' | 'delete';
  /** Express-style path under /api/v1, e.g. '/units/:id'. */
  path: string;
  summary: string;
  /** More about the route for the OpenAPI document (markdown), after the roles line. */
  description?: string;
  tag: string;
  access: Access;
  body?: B;
  /** Realistic bodies for the OpenAPI document. */
  bodyExamples?: BodyExamples;
  /** Body media type; JSON unless the route takes CSV. */
  bodyType?: 'application/json' | 'text/csv';
  query?: Q;
  params?: P;
  /** Creates something: honours Idempotency-Key. */
  creates?: boolean;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** The error codes this route answers, documented in OpenAPI. */
  errors?: ErrorCode[];
  handler: (input: HandlerInput<z.infer<B>, z.infer<Q>, z.infer<P>>) => HandlerResult | Promise<HandlerResult>;
};

const COMMON_ERRORS: ErrorCode[] = ['validation.failed'];
const AUTH_ERRORS: ErrorCode[] = ['auth.missing_key', 'auth.invalid_key', 'auth.forbidden'];

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function allowedRoles(access: Access): string {
  if (access === 'public') return 'No key needed.';
  if (access === 'any') return 'Any role.';
  // Admin may do everything (checkAccess), so the line names it first.
  return `Roles: ${['admin', ...access.filter((r) => r !== 'admin')].join(', ')}.`;
}

function documentRoute(registry: OpenAPIRegistry, def: RouteDef<z.ZodType, z.ZodType, z.ZodType>) {
  const codes = [
    ...COMMON_ERRORS,
    ...(def.access === 'public' ? [] : AUTH_ERRORS),
    ...(def.creates ? (['idempotency.mismatch'] as ErrorCode[]) : []),
    ...(def.body ? (['request.malformed_json', 'request.too_large', 'request.unsupported_media_type'] as ErrorCode[]) : []),
    ...(def.errors ?? []),
  ];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of new Set(codes)) {
    const s = ERROR_STATUS[c];
    byStatus.set(s, [...(byStatus.get(s) ?? []), c]);
  }
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(def.responses)) {
    responses[status] = r.schema
      ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: r.schema } } }
      : { description: r.description };
  }
  for (const [status, list] of byStatus) {
    responses[String(status)] = {
      description: `Error codes: ${list.map((c) => `\`${c}\``).join(', ')}`,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  registry.registerPath({
    method: def.method,
    path: toOpenApiPath(def.path),
    summary: def.summary,
    description: [allowedRoles(def.access), def.description].filter(Boolean).join('\n\n'),
    tags: [def.tag],
    ...(def.access === 'public' ? { security: [] } : {}),
    request: {
      ...(def.params ? { params: def.params as z.ZodObject } : {}),
      ...(def.query ? { query: def.query as z.ZodObject } : {}),
      ...(def.body
        ? {
            body: {
              required: true,
              content: { [def.bodyType ?? 'application/json']: { schema: def.body, ...(def.bodyExamples ? { examples: def.bodyExamples } : {}) } },
            },
          }
        : {}),
      ...(def.creates
        ? { headers: z.object({ 'Idempotency-Key': z.string().max(255).optional() }) }
        : {}),
    },
    responses,
  });
}

function checkAccess(access: Access, actor: Actor): void {
  if (access === 'any' || access === 'public') return;
  if (actor.role === 'admin' || access.includes(actor.role)) return;
  throw new DomainError('auth.forbidden', `The ${actor.role} role may not do this; allowed: ${['admin', ...access.filter((r) => r !== 'admin')].join(', ')}.`);
}

/** Registers one route with Express and OpenAPI from a single definition. */
export function addRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  deps: Deps,
  def: RouteDef<B, Q, P>,
): void {
  documentRoute(registry, def as unknown as RouteDef<z.ZodType, z.ZodType, z.ZodType>);
  router[def.method](def.path, async (req: Request, res: Response) => {
    const requestId = res.locals.requestId as string;
    const actor = def.access === 'public' ? null : authenticate(deps, req);
    if (actor) {
      res.locals.actor = actor;
      checkAccess(def.access, actor);
    }
    const params = def.params ? parseOrThrow(def.params, req.params, 'params') : req.params;
    const query = def.query ? parseOrThrow(def.query, req.query, 'query') : {};
    // CSV bodies are streamed by their handler; JSON bodies are validated here.
    const body = def.body && def.bodyType !== 'text/csv' ? parseOrThrow(def.body, req.body ?? {}) : undefined;
    const input = { body, query, params, ctx: { actor: actor!, requestId }, req, res } as HandlerInput<z.infer<B>, z.infer<Q>, z.infer<P>>;
    const run = () => def.handler(input);
    // A CSV body is identified by its streamed bytes, so CSV handlers apply the key themselves.
    const result = def.creates && actor && def.bodyType !== 'text/csv' ? await withIdempotency(deps, req, res, actor, run) : await run();
    if (result && !res.headersSent) {
      if (result.headers) res.set(result.headers);
      res.status(result.status).json(result.body);
    }
  });
}
