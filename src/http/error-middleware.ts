import type { ErrorRequestHandler, RequestHandler } from 'express';
import { asUnavailable } from '../db/storage-faults.js';
import type { Logger } from '../logger.js';
import { DomainError } from '../domain/errors.js';
import { toProblem } from './problem.js';

type HttpError = { type?: unknown; status?: unknown; statusCode?: unknown; name?: unknown };

/**
 * Errors raised by Express, the router and body-parser (http-errors) carry a `status`
 * and often a `type`. Known types get their own stable code; any other client error
 * (4xx) keeps a 4xx with a generic code, so a malformed request can never become a
 * 500. Their own messages are never echoed: they may name internals.
 */
function fromHttpError(err: HttpError): DomainError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new DomainError('request.malformed_json', 'The body could not be parsed as JSON.');
    case 'entity.too.large':
      return new DomainError('request.too_large', 'The body is larger than this route accepts (JSON: 1 MiB).');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new DomainError('request.unsupported_media_type', 'Send the body as UTF-8, uncompressed or with Content-Encoding gzip, deflate or br.');
    case 'request.aborted':
      return new DomainError('validation.failed', 'The request was aborted before its body arrived.');
    case 'request.size.invalid':
      return new DomainError('request.malformed_body', 'The body’s length does not match its Content-Length.');
    default:
      break;
  }
  const status = Number(err.status ?? err.statusCode);
  if (!Number.isInteger(status) || status < 400 || status > 499) return null;
  // The router's decodeURIComponent of a path parameter (e.g. /units/%ZZ).
  if (err.name === 'URIError') return new DomainError('request.malformed_url', 'The URL holds a malformed percent-encoding (such as %ZZ).');
  switch (status) {
    case 400:
      // body-parser's 400 without a type: the body did not inflate (gzip, deflate, br) or decode.
      return new DomainError('request.malformed_body', 'The body could not be decoded; check its Content-Encoding.');
    case 404:
      return new DomainError('route.not_found', 'No such route.');
    case 413:
      return new DomainError('request.too_large', 'The request is larger than this route accepts.');
    case 415:
      return new DomainError('request.unsupported_media_type', 'This content type or encoding is not accepted here.');
    default:
      return new DomainError('request.invalid', 'The request is malformed.');
  }
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new DomainError('route.not_found', `No route ${req.method} ${req.path}.`));
};

/** Deeper JSON than any body of this API: refused before any code recurses into it. */
export const MAX_JSON_DEPTH = 32;

/** Walks the parsed body without recursion (a deep body must not overflow the stack here either). */
export function jsonDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

export const limitJsonDepth: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined && jsonDepth(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return next(new DomainError('request.too_deeply_nested', `The body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`));
  }
  next();
};

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (raw, req, res, _next) => {
    let domain: DomainError;
    // A storage fault outside the group commit (a read on a failing disk): 503 too, never 500.
    const err = asUnavailable(raw) as typeof raw;
    if (err instanceof DomainError) domain = err;
    else {
      domain = (err && typeof err === 'object' ? fromHttpError(err as HttpError) : null) ??
        new DomainError('internal.error', 'Something went wrong on our side; the request changed nothing.');
      if (domain.code === 'internal.error') {
        logger.error('unhandled error', { requestId: res.locals.requestId, path: req.path, error: String(err?.stack ?? err) });
      }
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (domain.code === 'service.unavailable') {
      logger.warn('write refused by the storage', { requestId: res.locals.requestId, path: req.path, cause: domain.extensions?.cause });
    }
    const problem = toProblem(domain, req.originalUrl);
    // 429 and 503 say when to come back.
    const retryAfter = domain.extensions?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
    if (problem.status === 401) {
      // RFC 6750: no error attribute when no credentials were sent at all.
      res.set('WWW-Authenticate', domain.code === 'auth.missing_key' ? 'Bearer realm="api"' : 'Bearer realm="api", error="invalid_token"');
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
