import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet, configured for what this service serves (contract v1.1 General):
 * - the dashboard and /docs load only their own files: no inline script or style,
 *   no other origin (`data:` images only, for the favicon and Swagger UI's icons);
 * - no page may frame them (frame-ancestors 'none'; X-Frame-Options DENY for old browsers);
 * - `nosniff` and `Referrer-Policy: no-referrer` on every answer.
 * HSTS is left to the TLS terminator in front: this process speaks plain HTTP, where
 * browsers ignore the header.
 * Exported for the test that compares the recorded headers with helmet's own.
 */
export const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  frameguard: { action: 'deny' },
  strictTransportSecurity: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
};
const helmetMiddleware = helmet(HELMET_OPTIONS);

/**
 * What helmet does to a response with this configuration, worked out once by helmet itself
 * against a recording response: none of its headers depends on the request (no CSP nonce),
 * so every answer gets the same list. Setting it from the list skips helmet's chain of a
 * dozen middlewares on every request (a tenth of GET /units/:id's time over a bare Express).
 */
function recordHelmet(): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  } as unknown as Response;
  let failed: unknown;
  helmetMiddleware({} as never, recorder, (err?: unknown) => void (failed = err));
  if (failed) throw failed;
  return { set, removed };
}
const HELMET = recordHelmet();

export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of HELMET.set) res.setHeader(name, value);
  for (const name of HELMET.removed) res.removeHeader(name);
  next();
};

/** JSON and CSV answers are never rendered as pages: they may load nothing at all. */
export const apiContentSecurityPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  next();
};
