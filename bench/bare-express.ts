/**
 * The floor of bench:http: a bare Express 5 app in its own process with the same body
 * limit and JSON parsing as the service, answering fixed JSON of about the service's
 * size. Prints its port on stdout.
 */
import express from 'express';

const unit = {
  id: 'unit_0123456789abcdef', serialNumber: 'B-1', category: 'imaging', modality: 'CT', model: 'Revolution EVO',
  massKg: 2450.5, massSource: 'measured', originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: '2024-03-01',
  returnChannel: 'trade_in', region: 'EMEA', state: 'received', route: null, refurbishmentEligible: true, exclusionReason: null,
  massBalance: { intakeKg: 2450.5, refurbishedKg: 0, harvestedKg: 0, recycledKg: 0, reusedKg: 0, landfilledKg: 0, remainingKg: 2450.5 },
  closedAt: null, createdAt: '2026-11-30T12:00:00.000Z',
};

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));
app.post('/bare', (req, res) => {
  res.status(201).json({ ...unit, serialNumber: (req.body as { serialNumber?: string }).serialNumber ?? unit.serialNumber });
});
app.get('/bare/:id', (req, res) => {
  res.json({ ...unit, id: req.params.id, events: [] });
});
const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
