import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { groupCommit } from '../db/group-commit.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { authenticate } from './auth.js';
import { declareAccess, rolesOf, toOpenApiPath, allows, type Access } from './access.js';
import type { Actor, Deps, RequestCtx } from './context.js';
import { hashBody, IdempotencyKey, idempotencyKeyOf, idempotent } from './idempotency.js';
import { ProblemSchema } from './openapi.js';
import { ERROR_STATUS } from './problem.js';
import { parseOrThrow, zodIssuesToFieldErrors } from './validate.js';

export type { Access } from './access.js';

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

/**
 * A documented answer: JSON with a schema, or another media type the handler writes
 * itself (CSV). `csv` documents that the same status may also answer text/csv (with
 * format=csv), which the handler streams itself.
 */
export type ResponseDoc = { description: string; schema?: z.ZodType; contentType?: string; csv?: boolean };
export type Responses = Record<number, ResponseDoc>;

/**
 * The answers a handler may return, typed from its declared responses: for each status
 * with a JSON schema, `{status, body}` where body is what that schema accepts. Answers
 * of another media type are written by the handler itself, which then returns nothing.
 */
export type Answer<R extends Responses> = {
  [S in keyof R & number]: R[S] extends { contentType: string }
    ? never
    : R[S] extends { schema: infer Z extends z.ZodType }
      ? { status: S; body: z.input<Z>; headers?: Record<string, string> }
      : never;
}[keyof R & number];

export type RouteDef<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends Responses> = {
  method: 'get' | 'post' | 'delete';
  /** Express-style path under /api/v1, e.g. '/units/:id'. */
  path: string;
  summary: string;
  /** Longer text for the OpenAPI operation (the role line is added). */
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
  /**
   * A POST or DELETE writes, so its handler runs synchronously inside a group-commit
   * batch and is answered once the batch is durable. `false` for one that only
   * computes (an estimate). CSV routes stream their body first and commit themselves.
   */
  writes?: boolean;
  /**
   * Monte Carlo iterations the request spends from its key's estimate budget
   * (RATE_LIMIT_ESTIMATE_ITERATIONS), read from the validated body; past the budget, 429.
   */
  spends?: (body: z.infer<B>) => number;
  /** The answer holds a secret: `Cache-Control: no-store` on it (and on its errors and replays). */
  noStore?: boolean;
  /** The body to keep in the idempotency record (and replay) when the answer holds a secret. */
  replayBody?: (body: Answer<R>['body']) => unknown;
  responses: R;
  /** The error codes this route answers, documented in OpenAPI. */
  errors?: ErrorCode[];
  handler: (input: HandlerInput<z.infer<B>, z.infer<Q>, z.infer<P>>) => NoInfer<Answer<R> | void | Promise<Answer<R> | void>>;
};

const COMMON_ERRORS: ErrorCode[] = ['validation.failed'];
// rate.limited: a key that is not valid, from an address over its failure budget (http/rate-limit.ts).
const AUTH_ERRORS: ErrorCode[] = ['auth.missing_key', 'auth.invalid_key', 'auth.forbidden', 'rate.limited'];

function allowedRoles(access: Access): string {
  if (access === 'public') return 'No key needed.';
  if (access === 'any') return 'Any role.';
  // Admin may do everything (checkAccess), so the line names it first.
  return `Roles: ${rolesOf(access).join(', ')}.`;
}

type AnyRoute = RouteDef<z.ZodType, z.ZodType, z.ZodType, Responses>;

const writes = (def: AnyRoute) => def.writes ?? def.method !== 'get';

function documentRoute(registry: OpenAPIRegistry, def: AnyRoute) {
  const codes = [
    ...COMMON_ERRORS,
    ...(def.access === 'public' ? [] : AUTH_ERRORS),
    ...(def.creates ? (['idempotency.mismatch'] as ErrorCode[]) : []),
    ...(def.spends ? (['rate.limited'] as ErrorCode[]) : []),
    ...(writes(def) ? (['service.unavailable'] as ErrorCode[]) : []),
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
      ? {
          description: r.description,
          content: {
            [r.contentType ?? 'application/json']: { schema: r.schema },
            ...(r.csv ? { 'text/csv': { schema: z.string().describe('CSV with a header row (RFC 4180, UTF-8).') } } : {}),
          },
        }
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
    description: [def.description, allowedRoles(def.access)].filter(Boolean).join('\n\n'),
    tags: [def.tag],
    ...(def.access === 'public' ? { security: [] } : {}),
    request: {
      ...(def.params ? { params: def.params as z.ZodObject } : {}),
      ...(def.query ? { query: def.query as z.ZodObject } : {}),
      ...(def.body
        ? {
            body: {
              // A JSON body whose every field is optional may be left out (the route reads it as {}).
              required: def.bodyType === 'text/csv' || !def.body.safeParse({}).success,
              content: { [def.bodyType ?? 'application/json']: { schema: def.body, ...(def.bodyExamples ? { examples: def.bodyExamples } : {}) } },
            },
          }
        : {}),
      ...(def.creates
        ? { headers: z.object({ 'Idempotency-Key': IdempotencyKey.optional() }) }
        : {}),
    },
    responses,
  });
}

function checkAccess(access: Access, actor: Actor): void {
  if (allows(access, actor.role)) return;
  const named = access === 'public' || access === 'any' ? [] : rolesOf(access);
  throw new DomainError('auth.forbidden', `The ${actor.role} role may not do this; allowed: ${named.join(', ')}.`);
}

/**
 * In tests (deps.checkResponses), every JSON answer is parsed with the schema its route
 * declares for that status, so a handler cannot drift from the OpenAPI document.
 */
function checkAnswer(def: AnyRoute, status: number, body: unknown): void {
  const doc = def.responses[status];
  if (!doc?.schema || doc.contentType) {
    throw new DomainError('internal.error', `${def.method.toUpperCase()} ${def.path} answered ${status}, which it does not declare.`);
  }
  const r = doc.schema.safeParse(body);
  if (!r.success) {
    const issues = zodIssuesToFieldErrors(r.error).map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new DomainError('internal.error', `${def.method.toUpperCase()} ${def.path} answered ${status} off its schema: ${issues}`);
  }
}

/** Registers one route with Express and OpenAPI from a single definition. */
export function addRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends Responses>(
  router: Router,
  registry: OpenAPIRegistry,
  deps: Deps,
  def: RouteDef<B, Q, P, R>,
): void {
  const any = def as unknown as AnyRoute;
  documentRoute(registry, any);
  if (deps.access) declareAccess(deps.access, def.method, def.path, def.access);
  const inBatch = writes(any) && def.bodyType !== 'text/csv';
  router[def.method](def.path, async (req: Request, res: Response) => {
    if (def.noStore) res.set('Cache-Control', 'no-store');
    /** Who asks, or why their key was refused (counted by `refused` before it is answered). */
    const who = (): { actor: Actor | null } | { refused: unknown } => {
      if (def.access === 'public') return { actor: null };
      try {
        return { actor: authenticate(deps, req) };
      } catch (err) {
        return { refused: err };
      }
    };
    // Counted before it is answered (401, or 429 past the address's failure budget).
    const refused = async (err: unknown) => (deps.limits ? await deps.limits.authFailed(req, err) : err);
    /** The request, its role checked and parsed with the route's schemas. */
    const prepare = (actor: Actor | null) => {
      if (actor) {
        res.locals.actor = actor;
        checkAccess(def.access, actor);
      }
      const params = def.params ? parseOrThrow(def.params, req.params, 'params') : req.params;
      const query = def.query ? parseOrThrow(def.query, req.query, 'query') : {};
      // CSV bodies are streamed by their handler; JSON bodies are validated here.
      const body = def.body && def.bodyType !== 'text/csv' ? parseOrThrow(def.body, req.body ?? {}) : undefined;
      const ctx = { actor: actor!, requestId: res.locals.requestId as string };
      return { body, query, params, ctx, req, res } as HandlerInput<z.infer<B>, z.infer<Q>, z.infer<P>>;
    };
    let result: Answer<R> | void;
    let replayed = false;
    if (def.method === 'get' && !def.spends) {
      // A read looks at the facts token once for its key, its facts and its answer (db/read-cache.ts).
      const read = deps.cache.reading(() => {
        const asker = who();
        return 'refused' in asker ? asker : { answer: def.handler(prepare(asker.actor)) };
      });
      if ('refused' in read) throw await refused(read.refused);
      result = (await read.answer) as Answer<R> | void;
    } else {
      const asker = who();
      if ('refused' in asker) throw await refused(asker.refused);
      const input = prepare(asker.actor);
      const actor = asker.actor;
      if (def.spends && actor && deps.limits) await deps.limits.spendEstimate(actor.keyId, def.spends(input.body));
      if (inBatch) {
        const key = def.creates && actor ? idempotencyKeyOf(req) : undefined;
        const run = () => def.handler(input) as Answer<R> | void;
        const done = await groupCommit(deps.db).run(() =>
          key === undefined ? { result: run(), replayed: false } : idempotent(deps, req, actor!, key, hashBody(req.body), run, def.replayBody as never),
        );
        result = done.result as Answer<R> | void;
        replayed = done.replayed;
      } else {
        result = (await def.handler(input)) as Answer<R> | void;
      }
    }
    if (result && !res.headersSent) {
      if (deps.checkResponses) checkAnswer(any, result.status, result.body);
      if (result.headers) res.set(result.headers);
      if (replayed) res.set('Idempotent-Replayed', 'true');
      res.status(result.status).json(result.body);
    }
  });
}

/** A 200 answer; the status stays the literal 200, so the body is checked against the route's 200 schema. */
export const ok = <T>(body: T, headers?: Record<string, string>) => ({ status: 200 as const, body, ...(headers ? { headers } : {}) });
/** A 201 answer. */
export const created = <T>(body: T, headers?: Record<string, string>) => ({ status: 201 as const, body, ...(headers ? { headers } : {}) });
/** Any other declared status. */
export const answer = <S extends number, T>(status: S, body: T) => ({ status, body });
