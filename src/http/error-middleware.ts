import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { DomainError } from '../domain/errors.js';
import { toProblem } from './problem.js';

/** Errors thrown by body-parser carry a `type`; map them to stable codes. */
function fromParserError(err: { type?: string; status?: number; message?: string }): DomainError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new DomainError('request.malformed_json', 'The body could not be parsed as JSON.');
    case 'entity.too.large':
      return new DomainError('request.too_large', 'The body is larger than this route accepts (JSON: 1 MiB).');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new DomainError('request.unsupported_media_type', 'Send the body as UTF-8.');
    case 'request.aborted':
      return new DomainError('validation.failed', 'The request was aborted before its body arrived.');
    default:
      return null;
  }
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new DomainError('route.not_found', `No route ${req.method} ${req.path}.`));
};

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let domain: DomainError;
    if (err instanceof DomainError) domain = err;
    else {
      domain = fromParserError(err) ?? new DomainError('internal.error', 'Something went wrong on our side; the request changed nothing.');
      if (domain.code === 'internal.error') {
        logger.error('unhandled error', { requestId: res.locals.requestId, path: req.path, error: String(err?.stack ?? err) });
      }
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const problem = toProblem(domain, req.originalUrl);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
