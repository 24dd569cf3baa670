/**
 * npm run demo: the service on its own demo database (./data/demo.db, recreated on every
 * run, never the main database) holding the synthetic 2022–2024 ledger that reproduces
 * the published KPI table. Prints the URL and the fixed demo admin key.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase } from '../src/db/client.js';
import { DEMO_ADMIN_KEY, generateDemoLedger } from '../src/demo/demo-ledger.js';
import { createLogger } from '../src/logger.js';
import { seedDatabase } from '../src/seed.js';
import { explainListenError, isLoopback, listen, lockDatabaseOrExit, openDatabaseOrExit, reachableAt } from '../src/startup.js';

const DEMO_DB = path.resolve('data/demo.db');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig({ ...process.env, DATABASE_PATH: DEMO_DB, BOOTSTRAP_ADMIN_KEY: DEMO_ADMIN_KEY, POLICY_CHINA_EXCLUSION: 'true' });
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}

/** Building the ledger takes a minute: find out first whether the port is free. */
async function checkPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(port, config.host, () => probe.close(() => resolve()));
  });
}
try {
  await checkPortFree(config.port);
} catch (err) {
  process.stderr.write(`${explainListenError(err, config.port)}\n`);
  process.exit(1);
}

// A demo already serving this file keeps it: it would be deleted under that service.
lockDatabaseOrExit(DEMO_DB);
for (const f of [DEMO_DB, `${DEMO_DB}-wal`, `${DEMO_DB}-shm`]) fs.rmSync(f, { force: true });
const db = openDatabaseOrExit(DEMO_DB);
const { app, deps } = createApp({ db, config, logger: createLogger(config.logLevel) });
seedDatabase(deps);

process.stdout.write(`Building the demo ledger in ${DEMO_DB} (through the real services; about a minute)…\n`);
const s = generateDemoLedger(db, config);
const n = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const cols = ['year', 'reused kg', 'landfilled kg', 'total kg', 'units recovered', 'diversion'];
const widths = [4, 11, 13, 11, 15, 9];
const line = (cells: string[]) => `  ${cells.map((c, i) => c.padStart(widths[i]!)).join('   ')}`;
const rows = Object.entries(s.years).map(([y, t]) =>
  line([y, n(t.reusedKg), n(t.landfilledKg), n(t.totalKg), n(t.unitsClosed), `${n((t.diversionRate ?? 0) * 100, 2)} %`]),
);
process.stdout.write(
  [
    `Built in ${n(s.ms / 1000, 1)} s: ${n(s.units)} units (${n(s.chinaUnits)} from China, left out of reports; ${n(s.pendingUnits)} still pending at the end of 2024), ${n(s.events)} events.`,
    `  ${n(s.openUnits)} units are still on the floor today (received at each centre in the last weeks): the work queue and their next steps have work to show.`,
    '',
    '  Default-scope KPIs per year (kilograms rounded as the report prints them; units recovered = unitsClosed):',
    line(cols),
    ...rows,
    '',
    `  2022 and 2023 are locked; 2023 was restated (version 2) after unit ${s.restatedSerial}'s last load was found booked as landfill.`,
    `  Each year counts within its footnote boundary; ${n(s.outOfBoundaryUnits)} Latin American and Asia-Pacific imaging and ultrasound returns lie outside it:`,
    ...Object.entries(s.outOfBoundary).map(([y, o]) => `    ${y}: ${n(o.units)} units received, ${n(o.kg)} kg moved outside the boundary (not in the figures above)`),
    `  Ledger chain: ${n(s.ledger.seq)} entries, head ${s.ledger.hash}; each locked version records the head it was published at.`,
    `  Downstream: ${n(s.vendors)} vendors, ${n(s.shipments)} shipments (${n(s.receipted)} receipted). The units still pending at the end of 2024`,
    '  finish in early 2025, where EMEA’s residue goes to energy recovery (the only energy recovery in the demo).',
    '',
  ].join('\n'),
);

let server: Server;
try {
  server = await listen(app, config.port, config.host);
} catch (err) {
  // Taken while the ledger was built: the same one line, and no key or "Ctrl-C stops it".
  process.stderr.write(`${(err as Error).message}\n`);
  closeDatabase(db);
  process.exit(1);
}
{
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://127.0.0.1:${port}`;
  const { lan } = reachableAt(config.host, port, os.networkInterfaces());
  process.stdout.write(
    [
      `Demo service: ${url}   (API docs: ${url}/docs)`,
      `Dashboard: ${url}/   (sign in with the key below)`,
      ...(isLoopback(config.host) ? [] : lan.map((u) => `On the network: ${u}/   (a phone's camera needs https there: README, On the floor)`)),
      `Demo admin key (demo database only): ${DEMO_ADMIN_KEY}`,
      '',
      'Try:',
      `  curl -s -H 'Authorization: Bearer ${DEMO_ADMIN_KEY}' '${url}/api/v1/kpis?from=2022-01-01&to=2024-12-31&groupBy=year'`,
      `  curl -s -H 'Authorization: Bearer ${DEMO_ADMIN_KEY}' '${url}/api/v1/reports/sasb/hc-ms-410a-2?year=2024'`,
      `  curl -s -H 'Authorization: Bearer ${DEMO_ADMIN_KEY}' '${url}/api/v1/periods/2023'`,
      `  curl -s -H 'Authorization: Bearer ${DEMO_ADMIN_KEY}' '${url}/api/v1/audit/verify'`,
      `  curl -s -H 'Authorization: Bearer ${DEMO_ADMIN_KEY}' '${url}/api/v1/periods/2023/evidence' -o evidence-2023.ndjson && npm run verify-evidence -- evidence-2023.ndjson`,
      `  curl -s -H 'Authorization: Bearer ${DEMO_ADMIN_KEY}' '${url}/api/v1/reports/downstream?year=2024'`,
      '',
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
}

function stop() {
  server.close(() => {
    closeDatabase(db);
    process.exit(0);
  });
  server.closeAllConnections();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
