/**
 * The worker thread of one HTTP import (started by import-runner.ts). It opens its own
 * connection to the service's database file and runs the import's check and write
 * passes (imports.service.ts) there, so the event loop of the service never runs them:
 *
 * 1. check every row with the zod schemas (no database, no lock), unless the request's
 *    Idempotency-Key already has an answer (the write pass will replay it);
 * 2. say `ready` and wait for `go`: the main thread sends it once its group commit has
 *    lent this connection the writer (GroupCommit.exclusive), with the import's time;
 * 3. plan and write every row in one transaction, with the Idempotency-Key record and
 *    the audit entry, exactly as the group-commit job of the in-process path does;
 * 4. answer `done` (the 201 or the replayed answer) or `failed` (the error), and close.
 *
 * The thread runs at a lower CPU priority than the event loop (nice +10, this thread
 * only): on a machine with few cores an import is background work, and the event loop
 * must get the CPU the moment a request arrives.
 */
import { once } from 'node:events';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config.js';
import { connectDatabase } from '../../db/client.js';
import { ReadCache } from '../../db/read-cache.js';
import { transaction } from '../../db/tx.js';
import { DomainError } from '../../domain/errors.js';
import type { Deps, HandlerResult, RequestCtx } from '../../http/context.js';
import { hasLiveRecord, idempotent, type Idempotent, type RequestLine } from '../../http/idempotency.js';
import { defaultIdMaker } from '../../ids.js';
import { checkImportRows, writeImport, type CheckedRows, type ReadFile } from './imports.service.js';

export type ImportTask = {
  dbPath: string;
  config: Config;
  ctx: RequestCtx;
  /** The read file; its body arrives as a Uint8Array (transferred, not copied). */
  file: Omit<ReadFile, 'body'> & { body: Uint8Array };
  idempotency: { key: string; line: RequestLine; bodyHash: string } | null;
};

/** What the worker says, in order: `ready` (or `failed`), then `done` (or `failed`). */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; done: Idempotent }
  | { type: 'failed'; error: SerializedError };
/** What the main thread says: go ahead and write, the import's time being `now`. */
export type GoMessage = { type: 'go'; now: string };

export type SerializedError =
  | { kind: 'domain'; code: DomainError['code']; detail: string; errors?: DomainError['errors']; extensions?: DomainError['extensions'] }
  | { kind: 'other'; code?: string; message: string; stack?: string };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof DomainError) return { kind: 'domain', code: err.code, detail: err.message, errors: err.errors, extensions: err.extensions };
  const e = err as { code?: unknown; message?: unknown; stack?: unknown };
  return { kind: 'other', code: typeof e?.code === 'string' ? e.code : undefined, message: String(e?.message ?? err), stack: typeof e?.stack === 'string' ? e.stack : undefined };
}

async function run(task: ImportTask, port: NonNullable<typeof parentPort>): Promise<WorkerMessage> {
  const db = connectDatabase(task.dbPath);
  // The clock is the main thread's (tests move theirs); ids are the service's own kind.
  let now = new Date();
  const deps: Deps = { db, config: task.config, clock: { now: () => new Date(now) }, newId: defaultIdMaker, cache: new ReadCache(db) };
  try {
    const { body, ...facts } = task.file;
    const file: ReadFile = { ...facts, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
    const idem = task.idempotency;
    const actor = task.ctx.actor!;
    // A retry of a stored import replays its first answer: no need to check its rows.
    let checked: CheckedRows | null = idem && hasLiveRecord(deps, actor, idem.key) ? null : checkImportRows(file);
    port.postMessage({ type: 'ready' } satisfies WorkerMessage);
    const [go] = (await once(port, 'message')) as [GoMessage];
    now = new Date(go.now);
    const commit = (): HandlerResult => ({ status: 201, body: writeImport(deps, task.ctx, file, (checked ??= checkImportRows(file))) });
    const done = transaction(db, () =>
      idem ? idempotent(deps, idem.line, actor, idem.key, idem.bodyHash, commit) : { result: commit(), replayed: false },
    );
    return { type: 'done', done };
  } finally {
    // Closed before the answer: the main thread may end this thread as soon as it has it.
    db.$client.close();
  }
}

/** Added to this thread's nice value (Linux applies it to the calling thread alone). */
const NICE_INCREMENT = 10;

if (parentPort) {
  const port = parentPort;
  try {
    os.setPriority(Math.min(19, os.getPriority() + NICE_INCREMENT));
  } catch {
    // Not permitted or not supported here: the import runs at the event loop's priority.
  }
  run(workerData as ImportTask, port).then(
    (m) => port.postMessage(m),
    (err: unknown) => port.postMessage({ type: 'failed', error: serializeError(err) } satisfies WorkerMessage),
  );
}
