import type { z } from 'zod';
import { validationError, type FieldError } from '../domain/errors.js';
// The catalogue (zod's error map) words every message, as it does for CSV rows.
import '../domain/messages.js';

/** Each issue at its dotted path (`transportLegs.0.km`); unknown fields are named in the message at their parent's path. */
export function zodIssuesToFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((i) => {
    const parts = [...(prefix ? [prefix] : []), ...i.path.map(String)];
    return { path: parts.join('.') || '(body)', message: i.message };
  });
}

/** Parses at the edge and returns the parsed value (Express 5's req.query is read-only). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(zodIssuesToFieldErrors(r.error, prefix));
  return r.data;
}
