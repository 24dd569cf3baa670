import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet, configured for what this service serves (contract v1.1 General):
 * - the dashboard and /docs load only their own files: no inline script or style,
 *   no other origin (`data:` images only, for the favicon and Swagger UI's icons);
 * - no page may frame them (frame-ancestors 'none'; X-Frame-Options DENY for old browsers);
 * - `nosniff` and `Referrer-Policy: no-referrer` on every answer.
 * HSTS is left to the TLS terminator in front: this process speaks plain HTTP, where
 * browsers ignore the header.
 */
export const securityHeaders: RequestHandler = helmet({
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
});

/** JSON and CSV answers are never rendered as pages: they may load nothing at all. */
export const apiContentSecurityPolicy: RequestHandler = (_req, res, next) => {
  res.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  next();
};
