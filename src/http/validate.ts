import type { z } from 'zod';
import { validationError, type FieldError } from '../domain/errors.js';

export function zodIssuesToFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((i) => {
    const parts = [...(prefix ? [prefix] : []), ...i.path.map(String)];
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `unknown field(s): ${i.keys.join(', ')}`;
    return { path: parts.join('.') || '(body)', message };
  });
}

/** Parses at the edge and returns the parsed value (Express 5's req.query is read-only). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(zodIssuesToFieldErrors(r.error, prefix));
  return r.data;
}
