/**
 * Reads a CSV body as a stream: counts and hashes the raw bytes (for the size limit
 * and Idempotency-Key), checks they are UTF-8 text, and hands each record to the
 * caller with its spreadsheet row number (header = 1). Nothing is buffered beyond
 * what csv-parse holds for the record in progress.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { DomainError } from '../../http/problem.js';
import type { ImportRowError } from './import-errors.js';

export type CsvLimits = { maxBytes: number; maxRows: number };

export const DEFAULT_LIMITS: CsvLimits = { maxBytes: 50 * 1000 * 1000, maxRows: 100_000 };

export type ReadResult = {
  sha256: string;
  bytes: number;
  /** Records read, header included. */
  records: number;
  /** Set when the file could not be read to its end (not UTF-8, broken quoting). */
  fileError: ImportRowError | null;
};

export const tooLarge = (limits: CsvLimits) =>
  new DomainError('request.too_large', `The CSV body is larger than ${limits.maxBytes / 1e6} MB; split it into several files (each is all or nothing).`);

class NotText extends Error {
  constructor(readonly line: number, readonly offset: number, why: string) {
    super(why);
  }
}

/** Counts, hashes and checks the bytes on their way to the parser; passes them on unchanged. */
function byteGuard(limits: CsvLimits, onBytes: (n: number) => void) {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let lines = 1;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      const at = bytes;
      bytes += chunk.length;
      if (bytes > limits.maxBytes) return cb(tooLarge(limits));
      hash.update(chunk);
      onBytes(bytes);
      const nul = chunk.indexOf(0);
      const bad = (where: number, why: string) => new NotText(lines + countLines(chunk, where), at + where, why);
      if (nul !== -1) return cb(bad(nul, 'it contains a NUL byte, so it is not a text file'));
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return cb(bad(firstInvalidUtf8(chunk), 'it is not UTF-8 text'));
      }
      lines += countLines(chunk, chunk.length);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      try {
        decoder.decode();
        cb();
      } catch {
        cb(new NotText(lines, bytes, 'it ends in the middle of a UTF-8 character'));
      }
    },
  });
  return { guard, digest: () => ({ sha256: hash.digest('hex'), bytes }) };
}

function countLines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Where a chunk stops being UTF-8 (close enough for a message: a split character at a chunk edge counts as valid). */
function firstInvalidUtf8(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  const dec = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (dec(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Streams `source` through csv-parse. `onRecord` gets each record with its row
 * number and returns false to stop reading early (the rest of the source is left
 * unread, not destroyed, so the caller can still answer). Size and row limits throw 413s.
 */
export async function readCsv(
  source: Readable,
  limits: CsvLimits,
  onRecord: (cells: string[], row: number) => boolean | void,
  onBytes: (bytes: number) => void = () => {},
): Promise<ReadResult> {
  const { guard, digest } = byteGuard(limits, onBytes);
  // Records may differ in length (reported per row); blank lines are kept so that
  // row numbers match what a spreadsheet shows.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  const fail = (err: Error) => parser.destroy(err);
  guard.on('error', fail);
  source.on('error', fail);
  const onClose = () => {
    if (!source.readableEnded) fail(new DomainError('validation.failed', 'The upload was interrupted before the file ended.'));
  };
  source.on('close', onClose);
  source.pipe(guard).pipe(parser);
  let row = 0;
  let fileError: ImportRowError | null = null;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (row > limits.maxRows + 1) {
        throw new DomainError('import.too_many_rows', `The file has more than ${limits.maxRows.toLocaleString('en-US')} rows; split it into several files (each is all or nothing).`);
      }
      if (onRecord(record, row) === false) break;
    }
  } catch (err) {
    if (err instanceof NotText) {
      fileError = { row: err.line, column: null, code: 'import.invalid', message: `The file cannot be read: ${err.message} (line ${err.line}, byte ${err.offset}). Save it as "CSV UTF-8".` };
    } else if (err instanceof CsvError) {
      fileError = { row: row + 1, column: null, code: 'import.invalid', message: `The file is not valid CSV from here on: ${err.message}` };
    } else throw err;
  } finally {
    source.off('close', onClose);
    source.off('error', fail);
    // The rest of an abandoned body may still fail (client reset); that must not crash the process.
    source.on('error', () => {});
    source.unpipe(guard);
    guard.destroy();
  }
  return { ...digest(), records: row, fileError };
}
