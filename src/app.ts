import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { type RequestHandler } from 'express';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { systemClock, type Clock } from './domain/dates.js';
import type { Deps, IdMaker } from './http/context.js';
import { groupCommit } from './db/group-commit.js';
import { ReadCache } from './db/read-cache.js';
import { errorMiddleware, limitJsonDepth, notFoundHandler } from './http/error-middleware.js';
import { sweepIdempotencyKeys } from './http/idempotency.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { createLimits } from './http/rate-limit.js';
import { apiContentSecurityPolicy, securityHeaders } from './http/security-headers.js';
import { DomainError } from './domain/errors.js';
import { defaultIdMaker } from './ids.js';
import { createLogger, type Logger } from './logger.js';
import { registerModules } from './modules/index.js';

export { defaultIdMaker };

export type AppOptions = {
  db: Db;
  config: Config;
  clock?: Clock;
  newId?: IdMaker;
  logger?: Logger;
  /** Tests: parse every JSON answer with its route's declared response schema. */
  checkResponses?: boolean;
  /** Tests: middleware mounted first on /api/v1, given the generated OpenAPI document (e.g. a validator). */
  apiMiddleware?: (openapi: () => unknown) => RequestHandler[];
  /**
   * Tests: the document an earlier app of this process built. It is generated from the
   * routes alone (code, never config or data), so every app serves the same one, and
   * building it costs about half a second.
   */
  openapi?: ReturnType<typeof buildOpenApiDocument>;
};

const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const id = given && /^[\w.:-]{1,128}$/.test(given) ? given : defaultIdMaker('req');
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
};

/** The CSV routes, matched as Express routes them (any case). */
const CSV_PATHS = /^\/imports\//i;

/** Bodies must say what they are: JSON everywhere, CSV where a route takes it. */
const requireContentType: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (!hasBody || !['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
  if (req.is('application/json') || req.is('application/*+json')) return next();
  if (req.is('text/csv') && CSV_PATHS.test(req.path)) return next();
  const accepted = CSV_PATHS.test(req.path) ? 'text/csv' : 'application/json';
  next(new DomainError('request.unsupported_media_type', `Send the body as ${accepted} (got ${req.get('content-type') ?? 'no Content-Type'}).`));
};

export function createApp(opts: AppOptions) {
  const deps: Deps = {
    db: opts.db,
    config: opts.config,
    clock: opts.clock ?? systemClock,
    newId: opts.newId ?? defaultIdMaker,
    cache: new ReadCache(opts.db),
    checkResponses: opts.checkResponses,
    limits: createLimits(opts.config.rateLimits),
    access: new Map(),
  };
  // Expired idempotency records go in the transaction of some later write, at most every few minutes.
  groupCommit(opts.db).onBatch('idempotency-sweep', () => sweepIdempotencyKeys(deps));
  const logger = opts.logger ?? createLogger(opts.config.logLevel);
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers (hashing every JSON body is wasted on a write API);
  // the dashboard's static files keep theirs (express.static sets its own).
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', opts.config.trustProxy);
  app.use(securityHeaders);
  app.use(requestId);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info('request', {
        requestId: res.locals.requestId,
        method: req.method,
        path: req.originalUrl,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    next();
  });

  const registry = new OpenAPIRegistry();
  const api = express.Router();
  const built: { openapi?: ReturnType<typeof buildOpenApiDocument> } = {};
  api.use(apiContentSecurityPolicy);
  api.use(requireContentType);
  api.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  api.use(limitJsonDepth);
  if (opts.apiMiddleware) api.use(...opts.apiMiddleware(() => built.openapi));
  registerModules(api, registry, deps);
  const document = (built.openapi = opts.openapi ?? buildOpenApiDocument(registry));
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  api.use(notFoundHandler);
  app.use('/api/v1', api);

  // Static files are read from src/ whether this runs from src/ (tsx, tests) or dist/ (npm start).
  const staticRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.get('/docs', (_req, res) => {
    res.sendFile(path.join(staticRoot, 'http', 'docs.html'));
  });
  // Swagger UI's start-up call lives in a file: the page's CSP allows no inline script.
  app.get('/docs/init.js', (_req, res) => {
    res.sendFile(path.join(staticRoot, 'http', 'docs-init.js'));
  });
  app.use('/docs/assets', express.static(swaggerDir, { index: false, maxAge: '1d' }));
  // The dashboard's chart library, served from the installed package (the machine has no CDN).
  const packageDir = (name: string) => {
    // The package's folder, found from its entry point (bwip-js's "exports" hide its package.json).
    let dir = path.dirname(createRequire(import.meta.url).resolve(name));
    const isRoot = (d: string) => fs.existsSync(path.join(d, 'package.json')) && JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).name === name;
    while (!isRoot(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
  };
  app.use('/vendor/uplot', express.static(path.join(packageDir('uplot'), 'dist'), { index: false, maxAge: '1d' }));
  // The floor screens' barcodes: bwip-js draws the labels' QR and Code 128 codes (ES modules,
  // loaded by the label page only); @zxing/browser decodes the camera where the browser has
  // no BarcodeDetector (one UMD file with its decoders built in, loaded only when asked).
  app.use('/vendor/bwip-js', express.static(path.join(packageDir('bwip-js'), 'dist'), { index: false, maxAge: '1d' }));
  app.use('/vendor/zxing', express.static(path.join(packageDir('@zxing/browser'), 'umd'), { index: false, maxAge: '1d' }));
  app.use(express.static(path.join(staticRoot, 'web'), { index: 'index.html' }));
  app.use(notFoundHandler);
  app.use(errorMiddleware(logger));
  return { app, deps, openapi: document };
}
