/**
 * A value echoed in an error message, bounded: a 5 MB cell must not come back whole
 * in a 400 (nor fill a log). Longer values keep their start and say how long they were.
 */
export const QUOTE_MAX_CHARS = 40;

export function quoteValue(value: string, max = QUOTE_MAX_CHARS): string {
  const chars = [...value];
  if (chars.length <= max) return `"${value}"`;
  return `"${chars.slice(0, max).join('')}…" (${chars.length.toLocaleString('en-US')} characters)`;
}

/** The longest message any problem document carries (detail, or one entry of `errors`). */
export const MESSAGE_MAX_CHARS = 1000;

export function boundMessage(message: string, max = MESSAGE_MAX_CHARS): string {
  if (message.length <= max) return message;
  return `${message.slice(0, max)}… (message cut at ${max} of ${message.length.toLocaleString('en-US')} characters)`;
}
