import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_SECRET, createTestApp } from '../helpers/test-app.js';

/**
 * The README's examples, run in the order a newcomer runs them, against a fresh
 * database: every `curl` must succeed. A small reader of the shell the README uses:
 * variables (`OP=ctk_…` takes the key or id from the answer before it), `cat > FILE
 * <<'CSV'` files, quoting, line continuations and `$VAR` expansion.
 */
const README = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
const SECTIONS = ['## A first session with curl', '## Magnet upgrades and avoided emissions', '## Bulk: CSV import and export', '## Reporting: KPIs, the SASB figure and locked years'];

function shellBlocks(): string[] {
  const blocks: string[] = [];
  for (const heading of SECTIONS) {
    const start = README.indexOf(heading);
    expect(start, heading).toBeGreaterThan(-1);
    const end = README.indexOf('\n## ', start + 1);
    const section = README.slice(start, end === -1 ? undefined : end);
    for (const m of section.matchAll(/```sh\n([\s\S]*?)```/g)) blocks.push(m[1]!);
  }
  return blocks;
}

/** Splits a block into commands (token lists), expanding variables as it reads. */
function* commands(block: string, vars: Map<string, string>, files: Map<string, string>): Generator<string[]> {
  const lines = block.split('\n');
  let i = 0;
  while (i < lines.length) {
    const heredoc = /^cat > (\S+) <<'(\w+)'$/.exec(lines[i]!);
    if (heredoc) {
      const stop = lines.indexOf(heredoc[2]!, i + 1);
      files.set(heredoc[1]!, `${lines.slice(i + 1, stop).join('\n')}\n`);
      i = stop + 1;
      continue;
    }
    // Gather one command: through line continuations and quotes left open.
    let text = '';
    for (;;) {
      text += `${lines[i]!}\n`;
      i++;
      const open = (text.replace(/'[^']*'/g, '').match(/'/g) ?? []).length % 2 === 1;
      if (!(open || /\\\n$/.test(text)) || i >= lines.length) break;
    }
    const tokens = tokenize(text.replace(/\\\n/g, ' '), vars);
    if (tokens.length) yield tokens;
  }
}

function tokenize(text: string, vars: Map<string, string>): string[] {
  const expand = (s: string) => s.replace(/\$([A-Z_]+)/g, (_m, v: string) => vars.get(v) ?? `$${v}`);
  const tokens: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      cur = (cur ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      cur = (cur ?? '') + expand(text.slice(i + 1, end));
      i = end;
    } else if (c === '#' && cur === null) {
      i = text.indexOf('\n', i) - 1;
      if (i < 0) break;
    } else if (/\s/.test(c)) {
      if (cur !== null) tokens.push(cur);
      cur = null;
    } else {
      const m = /^[^\s'"]+/.exec(text.slice(i))![0];
      cur = (cur ?? '') + expand(m);
      i += m.length - 1;
    }
  }
  if (cur !== null) tokens.push(cur);
  return tokens;
}

describe('the README walkthrough', () => {
  it('when every example is run in order against a fresh database, then each one succeeds', async () => {
    const t = createTestApp();
    const vars = new Map<string, string>();
    const files = new Map<string, string>();
    let last: { body: Record<string, unknown> } | null = null;
    let ran = 0;
    for (const block of shellBlocks()) {
      for (const tokens of commands(block, vars, files)) {
        const assign = /^([A-Z_]+)=(.*)$/.exec(tokens[0]!);
        if (assign && tokens.length === 1) {
          const [, name, value] = assign;
          if (name === 'ADMIN') vars.set(name, ADMIN_SECRET); // "the key printed at first start"
          else if (!value!.endsWith('…')) vars.set(name!, value!);
          else {
            // `OP=ctk_…`: the key (or id) of the answer just before.
            const prefix = value!.slice(0, -1);
            const got = String(prefix === 'ctk_' ? last!.body.key : last!.body.id);
            expect(got.startsWith(prefix), `${name} from ${JSON.stringify(last!.body)}`).toBe(true);
            vars.set(name!, got);
          }
          continue;
        }
        if (tokens[0] === 'npm') continue;
        expect(tokens[0]).toBe('curl');
        let method = 'GET';
        let url = '';
        let data: string | undefined;
        const headers: Record<string, string> = {};
        for (let k = 1; k < tokens.length; k++) {
          const a = tokens[k]!;
          if (a === '-s') continue;
          else if (a === '-X') method = tokens[++k]!;
          else if (a === '-H') {
            const [h, ...v] = tokens[++k]!.split(':');
            headers[h!.trim()] = v.join(':').trim();
          } else if (a === '-d') data = tokens[++k];
          else if (a === '--data-binary') data = files.get(tokens[++k]!.slice(1));
          else if (a === '>') k++;
          else url = a;
        }
        if (data !== undefined && method === 'GET') method = 'POST';
        const route = url.replace(/^http:\/\/localhost:3000/, '');
        expect(route, `a URL in: ${tokens.join(' ')}`).toMatch(/^\/api\/v1\//);
        let req = method === 'POST' ? t.agent.post(route) : t.agent.get(route);
        for (const [h, v] of Object.entries(headers)) req = req.set(h, v);
        const res = await (data === undefined ? req : req.send(data));
        expect(res.status, `${method} ${route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        last = res;
        ran++;
      }
    }
    expect(ran).toBeGreaterThanOrEqual(20);
    // Step 7 left the CT closed, with the panels recycled instead of landfilled.
    const unit = await t.as('viewer').get(`/api/v1/units/${vars.get('UNIT')}`);
    expect(unit.body).toMatchObject({ state: 'closed', massBalance: { recycledKg: 2330.25, landfilledKg: 0, remainingKg: 0 } });
  });
});
