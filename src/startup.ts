/**
 * What start-up and shutdown say when the machine is in the way (a busy port, an
 * unwritable data folder, a full disk): one clear line and an exit code, never a stack
 * trace. Used by the server (main.ts) and the demo (scripts/demo.ts).
 */
import type { Server } from 'node:http';
import type { NetworkInterfaceInfo } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { closeDatabase, openDatabase, type Db } from './db/client.js';
import { DatabaseInUseError, lockDatabaseFile, type ServiceLock } from './db/service-lock.js';
import type { Logger } from './logger.js';

const codeOf = (err: unknown): string | undefined =>
  err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : undefined;

/** The one line printed when the database cannot be opened or created. */
export function explainOpenError(err: unknown, file: string): string {
  const where = path.resolve(file);
  const code = codeOf(err);
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENOSPC: 'the disk is full',
    SQLITE_CANTOPEN: 'SQLite cannot open or create the file there',
    SQLITE_READONLY: 'the database is read-only',
    SQLITE_FULL: 'the disk is full',
    SQLITE_NOTADB: 'the file is not a SQLite database',
    SQLITE_CORRUPT: 'the database file is damaged',
  };
  const reason = (code && why[code]) ?? (err instanceof Error ? err.message.split('\n')[0] : String(err));
  return `cannot open the database at ${where}: ${reason}${code ? ` (${code})` : ''}. Check DATABASE_PATH and that its folder is writable by this user.`;
}

/**
 * Takes the one-service-per-file lock (db/service-lock.ts) or ends the process with one
 * line naming the file (exit 1): another service serves it, or its folder is unusable.
 */
export function lockDatabaseOrExit(file: string): ServiceLock {
  try {
    return lockDatabaseFile(file);
  } catch (err) {
    process.stderr.write(`${err instanceof DatabaseInUseError ? err.message : explainOpenError(err, file)}\n`);
    process.exit(1);
  }
}

/** Opens the database or ends the process with one line on stderr (exit 1). */
export function openDatabaseOrExit(file: string): Db {
  try {
    return openDatabase(file);
  } catch (err) {
    process.stderr.write(`${explainOpenError(err, file)}\n`);
    process.exit(1);
  }
}

/** The one line printed when the port cannot be listened on. */
export function explainListenError(err: unknown, port: number): string {
  const code = codeOf(err);
  if (code === 'EADDRINUSE') return `port ${port} is in use; set PORT=${port === 65535 ? 3001 : port + 1} (or another free port, 0 for any) and start again.`;
  if (code === 'EACCES') return `port ${port} needs privileges this user lacks; set PORT to a port above 1023.`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on port ${port}: the address is not available on this machine.`;
  return `cannot listen on port ${port}: ${err instanceof Error ? err.message : String(err)}.`;
}

/** Whether a listening address serves this machine only. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

/**
 * Where people reach the service: `url` on this machine, and `lan`, the addresses other
 * devices (a phone on the floor's wifi) may use when HOST opens it to the network
 * (0.0.0.0 or :: for every address of the machine, or one address). IPv4 only: it is
 * what people type into a phone.
 */
export function reachableAt(host: string, port: number, interfaces: Record<string, NetworkInterfaceInfo[] | undefined>): { url: string; lan: string[] } {
  const everywhere = host === '0.0.0.0' || host === '::';
  // One address of the machine that is not loopback: localhost does not reach it.
  const url = isLoopback(host) || everywhere ? `http://localhost:${port}` : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (isLoopback(host)) return { url, lan: [] };
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal && (everywhere || i.address === host))
    .map((i) => i.address);
  const named = everywhere || addresses.length ? addresses : [host];
  return { url, lan: [...new Set(named)].map((a) => `http://${a}:${port}`) };
}

/**
 * Listens, or rejects with the explained error. Express 5 hands a listen error to the
 * callback (which used to ignore it and print "listening"); the server's 'error' event
 * is the same error, handled once here.
 */
export function listen(app: Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const onListening = (err?: Error) => {
      if (err) reject(new Error(explainListenError(err, port)));
      else resolve(server);
    };
    const server: Server = host === undefined ? app.listen(port, onListening) : app.listen(port, host, onListening);
  });
}

/**
 * Checkpoints the WAL into the main file and closes. On a full disk the checkpoint
 * throws; nothing is lost (every committed write is in the -wal file, which SQLite
 * applies at the next open), so this says so and reports failure instead of crashing.
 */
export function closeDatabaseForShutdown(db: Db, logger: Logger): boolean {
  try {
    closeDatabase(db);
    return true;
  } catch (err) {
    logger.error('could not checkpoint the database at shutdown; committed writes are safe in its -wal file and are applied at the next start', {
      code: codeOf(err),
      reason: err instanceof Error ? err.message : String(err),
    });
    try {
      if (db.$client.open) db.$client.close();
    } catch {
      // The handle is gone with the process anyway.
    }
    return false;
  }
}
