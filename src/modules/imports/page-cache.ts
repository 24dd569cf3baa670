import type { Db } from '../../db/client.js';

/** SQLite page cache while an import runs (KiB); see withSmallPageCache. */
const IMPORT_CACHE_KIB = 32 * 1024;

/**
 * A 100,000-row transaction would otherwise fill the connection's whole page cache
 * (64 MB) with pages it writes once; a small cache keeps the process's memory flat
 * (SQLite spills dirty pages to the WAL as needed). 16 MB spilled the events'
 * randomly keyed indexes noticeably (ingest bench: events requests 5–6.5 s against
 * 3.5–4.8 s at 32 MB, peak RSS 250 MB against about 265 MB); 64 MB went past 300 MB.
 * The connection's setting is restored afterwards.
 */
export function withSmallPageCache<T>(db: Db, fn: () => T): T {
  const sqlite = db.$client;
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  if (before >= 0 || -before <= IMPORT_CACHE_KIB) return fn();
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    return fn();
  } finally {
    sqlite.pragma(`cache_size = ${before}`);
  }
}
