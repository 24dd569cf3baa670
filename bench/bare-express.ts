/**
 * The floor of bench:http: a bare Express 5 app in its own process doing the same JSON
 * round trip as each measured route, and nothing else: the same body limit and JSON
 * parsing, and an answer built from the service's own answer to that route (captured
 * by the bench and passed as a file), so both serialize the same JSON of the same size.
 * No auth, validation, database or headers beyond Express's own.
 *
 *   node bare-express.js ANSWERS.json     prints {"port": N} on stdout once listening
 *
 * Without ANSWERS.json (bench:responsive, which only needs the floor's GET latency) every
 * answer is the request's own fields and nothing more.
 */
import fs from 'node:fs';
import express from 'express';

type Answers = { unit: Record<string, unknown>; event: Record<string, unknown>; unitWithEvents: Record<string, unknown> };
const answersFile = process.argv[2];
const answers: Answers = answersFile ? (JSON.parse(fs.readFileSync(answersFile, 'utf8')) as Answers) : { unit: {}, event: {}, unitWithEvents: {} };

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));
app.post('/bare/units', (req, res) => {
  res.status(201).json({ ...answers.unit, serialNumber: (req.body as { serialNumber?: string }).serialNumber });
});
app.post('/bare/units/:id/events', (req, res) => {
  res.status(201).json({ ...answers.event, unitId: req.params.id, type: (req.body as { type?: string }).type });
});
app.get('/bare/units/:id', (req, res) => {
  res.json({ ...answers.unitWithEvents, id: req.params.id });
});
const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
