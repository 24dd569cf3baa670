/**
 * Where an HTTP import's check and write passes run once its body is read.
 *
 * On a database file (the service): in a worker thread with its own connection
 * (import.worker.ts), so the event loop never runs them. The check pass needs no lock
 * and runs beside everything else; for the write pass the group commit lends the
 * worker the writer (GroupCommit.exclusive): the batches queued before it commit
 * first, the writes that arrive while it writes wait for it (they are not refused, and
 * nothing sleeps on the event loop), and then go on. Reads go on throughout and see
 * the import all at once when it commits, never half of it. At most MAX_WORKERS imports
 * check at once; more wait their turn (their bodies are already read).
 *
 * In one group-commit job on the main connection, as every other write: a file of fewer
 * than IMPORT_WORKER_FROM_ROWS data rows (1,000 by default: tens of milliseconds of
 * work, less than starting a thread), a file the reading already refused, and any file
 * on an in-memory database (tests), which another connection cannot open. Both paths run
 * the same passes with the same Idempotency-Key and audit handling, so they answer the
 * same.
 */
import { Worker } from 'node:worker_threads';
import { groupCommit } from '../../db/group-commit.js';
import { DomainError } from '../../domain/errors.js';
import type { Actor, Deps, RequestCtx } from '../../http/context.js';
import { idempotent, type Idempotent, type RequestLine } from '../../http/idempotency.js';
import { workerFile } from '../../workers/worker-file.js';
import type { GoMessage, ImportTask, SerializedError, WorkerMessage } from './import.worker.js';
import { commitImport, type ReadFile } from './imports.service.js';

/** Imports that may be in their worker at once (each holds its file and checked rows in memory). */
export const MAX_WORKERS = 2;

export type ImportRequest = { ctx: RequestCtx & { actor: Actor }; idempotency: { key: string; line: RequestLine; bodyHash: string } | null };

export function runImport(deps: Deps, file: ReadFile, req: ImportRequest): Promise<Idempotent> {
  const sqlite = deps.db.$client;
  if (sqlite.memory || file.fileError || file.dataRows < deps.config.importWorkerFromRows) return inProcess(deps, file, req);
  return withWorkerSlot(() => inWorker(deps, file, req));
}

function inProcess(deps: Deps, file: ReadFile, { ctx, idempotency: idem }: ImportRequest): Promise<Idempotent> {
  const commit = () => ({ status: 201, body: commitImport(deps, ctx, file) });
  return groupCommit(deps.db).run(() =>
    idem ? idempotent(deps, idem.line, ctx.actor, idem.key, idem.bodyHash, commit) : { result: commit(), replayed: false },
  );
}

let running = 0;
const waiting: (() => void)[] = [];

async function withWorkerSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await fn();
  } finally {
    // The slot passes straight to the next in line (running stays the same), or is freed.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** The worker's next message; rejects if it dies first. */
function nextMessage(worker: Worker): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: WorkerMessage) => (cleanup(), resolve(m));
    const onError = (err: Error) => (cleanup(), reject(err));
    const onExit = (code: number) => (cleanup(), reject(new Error(`the import worker exited (code ${code}) before it answered`)));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** The worker's error as this thread answers it: a storage fault (disk full, lock, I/O) is 503 and shows in /health. */
function revive(deps: Deps, e: SerializedError): unknown {
  if (e.kind === 'domain') return new DomainError(e.code, e.detail, { errors: e.errors, extensions: e.extensions });
  const err = Object.assign(new Error(e.message), { code: e.code });
  if (e.stack) err.stack = e.stack;
  return groupCommit(deps.db).storage.failed(err);
}

async function inWorker(deps: Deps, file: ReadFile, req: ImportRequest): Promise<Idempotent> {
  const { body, ...facts } = file;
  // The body moves to the worker rather than being copied, unless it sits in Node's small-buffer pool
  // (moving that would take every other small buffer with it): then a copy with a buffer of its own goes.
  const own: Uint8Array = body.buffer.byteLength > Buffer.poolSize ? body : new Uint8Array(body);
  const task: ImportTask = { dbPath: deps.db.$client.name, config: deps.config, ctx: req.ctx, file: { ...facts, body: own }, idempotency: req.idempotency };
  const { filename, workerData } = workerFile(import.meta.url, 'import.worker');
  const worker = new Worker(filename, { workerData: { ...workerData, ...task }, transferList: [own.buffer as ArrayBuffer] });
  const answer = (m: WorkerMessage): WorkerMessage => {
    if (m.type === 'failed') throw revive(deps, m.error);
    return m;
  };
  try {
    answer(await nextMessage(worker)); // ready: every row checked
    return await groupCommit(deps.db).exclusive(async () => {
      worker.postMessage({ type: 'go', now: deps.clock.now().toISOString() } satisfies GoMessage);
      const m = answer(await nextMessage(worker));
      if (m.type !== 'done') throw new Error(`the import worker answered ${m.type} where done was expected`);
      return m.done;
    });
  } finally {
    // Normally it has ended by itself; after a failure on this side it must not keep its connection.
    void worker.terminate();
  }
}
