/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) per step of a request or an import
 * row: each sample goes to the step of the innermost frame on its stack that a step
 * below claims (so JSON.stringify called by the logger counts as logging, a SQLite
 * `run` called by units.store as the ledger's SQL), and the steps are printed in
 * microseconds per request (or row). Idle samples are left out; samples outside the
 * given time windows (hrtime, ns: the same monotonic clock V8 stamps samples with) too.
 *
 *   npx tsx bench/cpu-profile.ts FILE.cpuprofile [REQUESTS|-] [TOP]
 *     the whole profile, or the measured windows bench:http saved beside it (FILE.windows.json);
 *     TOP: also list the functions with the most self time
 *   summariseProfile(file, { windows, requests })             (bench:http, bench:ingest)
 */
import fs from 'node:fs';
import path from 'node:path';

type Frame = { functionName: string; url: string };
type Node = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };

/** Steps, by where their code lives; a frame takes the first step whose test it passes. */
/** A frame of our own code (src/ under tsx, dist/ compiled) whose path starts with `p`. */
const ours = (f: Frame, ...ps: string[]) => ps.some((p) => f.url.includes(`/src/${p}`) || f.url.includes(`/dist/${p}`));

const STEPS: [string, (f: Frame) => boolean][] = [
  ['(garbage collection)', (f) => f.functionName === '(garbage collector)'],
  ['(program: V8/native, no JS frame)', (f) => f.functionName === '(program)'],
  ['logging', (f) => ours(f, 'logger.')],
  ['commit + fsync (group commit)', (f) => ours(f, 'db/group-commit.') && /flush|commit/i.test(f.functionName)],
  ['idempotency (find, hash, store)', (f) => ours(f, 'http/idempotency.')],
  ['audit row', (f) => ours(f, 'modules/audit/audit.repo.')],
  ['ledger head read/save', (f) => ours(f, 'modules/ledger/ledger-head.repo.')],
  ['roll-up (kpi_daily)', (f) => ours(f, 'modules/kpis/rollup.repo.')],
  ['chain (canonical JSON, sha256)', (f) => ours(f, 'domain/ledger-chain.')],
  ['SQL: units/events statements (+ triggers)', (f) => ours(f, 'modules/units/units.store.')],
  ['next steps (allowedNext, voidable)', (f) => ours(f, 'policies/allowed-next.') || ours(f, 'modules/units/next-steps.')],
  ['rules (policies)', (f) => ours(f, 'policies/')],
  ['lifecycle (replay, advance, diff)', (f) => ours(f, 'domain/lifecycle.')],
  ['rule facts (locks, sites, vendors)', (f) => /\/(periods|sites|vendors|shipments)\/.*\.(repo|service)\./.test(f.url) || ours(f, 'modules/units/rule-world.')],
  ['plan (units.plan)', (f) => ours(f, 'modules/units/units.plan.')],
  ['ledger cache / writer', (f) => ours(f, 'modules/units/ledger-cache.') || ours(f, 'modules/units/ledger-writer.')],
  ['mapping (mapper, views)', (f) => ours(f, 'modules/units/units.mapper.') || ours(f, 'domain/mass.')],
  ['unit service', (f) => ours(f, 'modules/units/units.service.')],
  ['CSV parsing (csv-parse)', (f) => f.url.includes('/node_modules/csv-parse/')],
  ['CSV cells and rows (imports)', (f) => ours(f, 'modules/imports/')],
  ['validation (zod)', (f) => f.url.includes('/node_modules/zod/') || ours(f, 'http/validate.') || ours(f, 'domain/text.') || ours(f, 'domain/messages.')],
  ['auth (key hash, cache)', (f) => ours(f, 'http/auth.')],
  ['route (addRoute: roles, answer)', (f) => ours(f, 'http/route.')],
  ['JSON body parsing (body-parser)', (f) => /\/node_modules\/(body-parser|raw-body|iconv-lite|type-is|content-type)\//.test(f.url) || f.url.includes('/error-middleware.')],
  ['security headers (helmet)', (f) => f.url.includes('/node_modules/helmet/') || ours(f, 'http/security-headers.')],
  ['read cache (facts token, lookups)', (f) => ours(f, 'db/read-cache.')],
  ['answer (res.json: JSON, headers, write)', (f) => f.url.includes('/node_modules/express/lib/response.')],
  ['rate limits', (f) => f.url.includes('rate-limit')],
  ['Express (router, req/res)', (f) => /\/node_modules\/(express|router|finalhandler|send|on-finished|depd|qs|parseurl|path-to-regexp|encodeurl|fresh|etag|cookie|vary|utils-merge|content-disposition)\//.test(f.url)],
  ['app: ids (nanoid), request id, access-log hook', (f) => ours(f, 'app.')],
];
const OTHER = 'other JS';
const NODE = 'Node HTTP, sockets, streams (no other frame)';

/** The main thread's profile a run wrote into `dir` since `sinceMs` (the largest: a loader's hooks thread writes a small one too). */
export function profileWrittenSince(dir: string, sinceMs: number): string | undefined {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).mtimeMs >= sinceMs)
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
}

export function summariseProfile(file: string, opts: { requests: number; windows?: [bigint, bigint][]; unit?: string; top?: number }): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The innermost frame a step claims, Node's internals and native functions (url-less)
  // excepted: they count for the frame that called them (sha256 under auth is auth, a
  // SQLite `run` under units.store is the ledger's SQL). Node's own step only when no frame
  // on the stack is claimed (reading sockets, parsing HTTP).
  const stepOf = new Map<number, string | null>();
  const step = (id: number): string | null => {
    if (stepOf.has(id)) return stepOf.get(id)!;
    if (byId.get(id)!.callFrame.functionName === '(idle)') return stepOf.set(id, null), null;
    let s: string | undefined;
    for (let at: number | undefined = id; at !== undefined && s === undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const special = f.functionName.startsWith('(');
      if (!special && (f.url === '' || f.url.startsWith('node:'))) continue;
      s = STEPS.find(([, test]) => test(f))?.[0];
    }
    s ??= byId.get(id)!.callFrame.url.startsWith('node:') || byId.get(id)!.callFrame.url === '' ? NODE : OTHER;
    stepOf.set(id, s);
    return s;
  };
  const us = new Map<string, number>();
  const self = new Map<string, number>();
  const where = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src|dist)\//, '$1/')}:${(n.callFrame as { lineNumber?: number }).lineNumber ?? ''}`;
  let t = p.startTime;
  let total = 0;
  const inWindow = (tUs: number) => !opts.windows || opts.windows.some(([a, b]) => tUs * 1000 >= Number(a) && tUs * 1000 <= Number(b));
  // Every sample stands for one sampling interval (the median gap): weighting a sample by
  // the gap after it would let one long gap (the process descheduled on a busy machine)
  // count as time spent wherever that sample happened to land.
  const dt = [...p.timeDeltas].sort((a, b) => a - b)[p.timeDeltas.length >> 1] ?? 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (!inWindow(t)) continue;
    const s = step(p.samples[i]!);
    if (s === null) continue;
    us.set(s, (us.get(s) ?? 0) + dt);
    const fn = `${s} ← ${where(byId.get(p.samples[i]!)!)}`;
    self.set(fn, (self.get(fn) ?? 0) + dt);
    total += dt;
  }
  const per = opts.unit ?? 'request';
  const rows = [...us].sort((a, b) => b[1] - a[1]);
  const lines = [`  ${'step'.padEnd(44)} ${`µs/${per}`.padStart(12)}   share`];
  for (const [s, v] of rows) lines.push(`  ${s.padEnd(44)} ${(v / opts.requests).toFixed(1).padStart(12)}   ${((100 * v) / total).toFixed(1).padStart(5)}%`);
  lines.push(`  ${'total (busy, idle left out)'.padEnd(44)} ${(total / opts.requests).toFixed(1).padStart(12)}`);
  if (opts.top) {
    lines.push(`\n  the ${opts.top} functions with the most self time (step ← function file:line), µs/${per}`);
    for (const [f, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, opts.top)) lines.push(`  ${(v / opts.requests).toFixed(1).padStart(8)}  ${f}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, ''))) {
  const [file, requests, top] = process.argv.slice(2);
  const saved = file && fs.existsSync(`${file}.windows.json`) ? (JSON.parse(fs.readFileSync(`${file}.windows.json`, 'utf8')) as { requests: number; windows: [string, string][] }) : null;
  if (!file || (!requests && !saved)) {
    console.error('usage: tsx bench/cpu-profile.ts FILE.cpuprofile [REQUESTS|-] [TOP]   (REQUESTS and the windows default to FILE.windows.json, written by bench:http)');
    process.exit(2);
  }
  const windows = saved?.windows.map(([a, b]) => [BigInt(a), BigInt(b)] as [bigint, bigint]);
  const n = requests && requests !== '-' ? Number(requests) : saved!.requests;
  console.log(summariseProfile(file, { requests: n, windows, top: Number(top ?? 0) }));
}
