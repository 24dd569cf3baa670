// Worker threads do not inherit vitest's TypeScript loader: register tsx, then run the TS worker.
import { register } from 'tsx/esm/api';

register();
await import('./race-worker.ts');
