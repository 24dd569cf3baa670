import { validationError } from '../../domain/errors.js';

/**
 * Every figure the API computes is finite (contract v1.1 General), or the request is
 * 400: JSON has no Infinity or NaN (they would go out as null) and a CSV would print
 * "Infinity". The factor and input bounds keep the model finite; this is the check
 * that holds whatever a later factor or input adds. Returns its argument.
 */
export function assertFiniteFigures<T>(value: T, what = 'the figures'): T {
  const bad: string[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0 && bad.length < 5) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) bad.push(at || '(value)');
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) stack.push([child, at ? `${at}.${k}` : k]);
    }
  }
  if (bad.length === 0) return value;
  throw validationError(
    bad.map((path) => ({ path, message: 'these inputs and factors give a figure that is not a finite number; check their units and sizes' })),
    `${what} would not be finite numbers (${bad.join(', ')}); nothing was computed or stored.`,
  );
}
