const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;
export type LogLevel = keyof typeof LEVELS;

export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

/**
 * Lines waiting for the end of the current event-loop turn: under load, the access
 * log of a whole batch of requests goes out in one write instead of one each (stdout
 * to a pipe or file is a synchronous syscall on Linux). Flushed on exit too.
 */
let pending: string[] = [];
let scheduled = false;
function flush(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const text = pending.join('');
  pending = [];
  process.stdout.write(text);
}
process.on('exit', flush);

/** One JSON line per message on stdout: easy for people to read and for tools to parse. */
export function createLogger(level: LogLevel): Logger {
  const min = LEVELS[level];
  const write = (l: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[l] < min) return;
    pending.push(`${JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields })}\n`);
    // Errors go out at once: the process may be about to stop.
    if (l === 'error') return flush();
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
