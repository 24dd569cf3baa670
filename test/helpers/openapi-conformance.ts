/**
 * Checks the API tests' traffic against the served OpenAPI document with
 * express-openapi-validator, so the document cannot drift from what is served:
 * - every JSON response is validated against the document (status, schema), and every
 *   2xx answer's media type (CSV exports included) must be one the document lists;
 * - a request the service ACCEPTED (2xx) must be valid per the document too (a
 *   document stricter than the code, like an enum missing a value, is drift; a
 *   document looser than the code is fine, since not every rule fits a schema).
 * Mismatches are collected in `openApiViolations`; test/setup/conformance.ts fails
 * the test in which any appeared.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

export const openApiViolations: string[] = [];

type ValidatorError = { status?: number; message?: string; errors?: { path?: string; message?: string }[] };
const describeError = (e: ValidatorError) =>
  `${e.message ?? 'invalid'}${e.errors?.length ? ` (${e.errors.map((x) => `${x.path ?? ''} ${x.message ?? ''}`.trim()).join('; ')})` : ''}`;

/**
 * Validators by document: the test apps of a process share one document object
 * (test-app.ts), and compiling it (ajv over every schema) costs about half a second, so
 * they share one validator too.
 */
const validators = new WeakMap<object, RequestHandler[]>();

export function openApiConformance(getDocument: () => unknown): RequestHandler[] {
  let chain: RequestHandler[] | null = null;
  const build = () => {
    const document = getDocument() as object;
    let v = validators.get(document);
    if (!v) validators.set(document, (v = compile(document)));
    return v;
  };
  const compile = (document: object) =>
    OpenApiValidator.middleware({
      // A copy: the validator resolves and annotates the document it is given.
      apiSpec: structuredClone(document) as never,
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true },
      validateResponses: {
        onError: (err: ValidatorError, _body: unknown, req: Request) => {
          openApiViolations.push(`${req.method} ${req.originalUrl}: response off the document: ${describeError(err)}`);
        },
      },
      validateSecurity: false,
      validateFormats: true,
      ignoreUndocumented: true,
    }) as unknown as RequestHandler[];

  return [
    (req: Request, res: Response, next: NextFunction) => {
      chain ??= build();
      // The validator may coerce and rewrite req.query/params; the service must see the request as sent.
      const original = { query: req.query, params: req.params, body: req.body as unknown };
      // ajv coerces in place: let it work on a copy of the body.
      if (req.body !== undefined) req.body = structuredClone(req.body);
      let requestError: ValidatorError | null = null;
      const steps = [...chain];
      const step = (err?: unknown) => {
        if (err) {
          requestError = err as ValidatorError;
          steps.length = 0;
        }
        const mw = steps.shift();
        if (mw) return void mw(req, res, step);
        // (On Express 5 the validator leaves req.query an own writable property holding its coerced copy.)
        if (Object.getOwnPropertyDescriptor(req, 'query')?.writable) (req as { query: unknown }).query = original.query;
        req.params = original.params;
        req.body = original.body;
        const operation = (req as { openapi?: { schema?: { responses?: Record<string, { content?: Record<string, unknown> }> } } }).openapi?.schema;
        if (operation) {
          res.once('finish', () => {
            const type = String(res.getHeader('content-type') ?? '').split(';')[0]!.trim();
            const listed = Object.keys(operation.responses?.[String(res.statusCode)]?.content ?? {});
            if (res.statusCode < 300 && type && !listed.includes(type)) {
              openApiViolations.push(`${req.method} ${req.originalUrl}: answered ${res.statusCode} ${type}, which the document does not list (${listed.join(', ') || 'nothing'})`);
            }
          });
        }
        if (requestError && (requestError.status ?? 400) < 500) {
          res.once('finish', () => {
            if (res.statusCode < 300) {
              openApiViolations.push(`${req.method} ${req.originalUrl}: accepted (${res.statusCode}) but invalid per the document: ${describeError(requestError!)}`);
            }
          });
        }
        next();
      };
      step();
    },
  ];
}
