/**
 * The service and its commands as processes, for the process, smoke and browser suites.
 *
 * Their environment is pinned: nothing is inherited from the shell that runs the tests
 * except what finds programs and a home (PATH, HOME, TMPDIR), so an exported
 * POLICY_SANITIZATION_REQUIRED=false or NODE_OPTIONS cannot change what is tested. Each
 * caller names the variables it means.
 *
 * Nothing here waits on a clock: a start is over when the service says "listening" or
 * the process exits; a run when the process exits. The test's own timeout is the guard.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The compiled service, as `npm start` runs it. */
export const COMPILED_SERVICE: Command = [process.execPath, ['--enable-source-maps', 'dist/main.js']];

export type Command = readonly [string, readonly string[]];

/** The environment of a child process: the given variables over PATH, HOME and TMPDIR, nothing else. */
export function pinnedEnv(vars: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k] !== undefined) base[k] = process.env[k]!;
  return { ...base, ...vars };
}

export type ServiceProcess = {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  out(): string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
};

export const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/**
 * Starts the service (the compiled one unless told otherwise) on a random port and
 * resolves once it logs "listening"; rejects with its output if it exits first.
 */
export function startService(opts: { env: Record<string, string>; command?: Command; cwd?: string }): Promise<ServiceProcess> {
  const [cmd, args] = opts.command ?? COMPILED_SERVICE;
  const child = spawn(cmd, [...args], {
    cwd: opts.cwd ?? ROOT,
    env: pinnedEnv({ PORT: '0', LOG_LEVEL: 'info', ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise<ServiceProcess>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the service exited (${code}) before it listened:\n${out}`));
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"msg":"listening","url":"http:\/\/localhost:(\d+)"/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      child.stdout!.on('data', (x: Buffer) => (out += x.toString()));
      child.stderr!.on('data', (x: Buffer) => (out += x.toString()));
      const port = Number(m[1]);
      resolve({
        child,
        port,
        url: `http://127.0.0.1:${port}`,
        out: () => out,
        stop: () => {
          const exited = exitOf(child);
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Runs a command to its end; answers its exit code and what it printed. */
export function run(cmd: string, args: readonly string[], opts: { env: Record<string, string>; cwd?: string }) {
  const child = spawn(cmd, [...args], { cwd: opts.cwd ?? ROOT, env: pinnedEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return exitOf(child).then((code) => ({ code, out, err }));
}
