import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express from 'express';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { ReadCache } from '../../src/db/read-cache.js';
import { textRuleOf, type TextRule } from '../../src/domain/common.schemas.js';
import { systemClock } from '../../src/domain/dates.js';
import { EVENTS_FORMAT, UNITS_FORMAT } from '../../src/modules/imports/csv-formats.js';
import { EventRowRef } from '../../src/modules/imports/imports.schemas.js';
import { registerModules } from '../../src/modules/index.js';
import { CreateUnitBody, EventBody } from '../../src/modules/units/units.schemas.js';

// Contract v1.2: the text rules hold for every stored text field, on every route and in
// every CSV. This walks every route's params, query, headers and body (the zod schemas
// each addRoute registered) and every CSV column, and fails for any string that was not
// made by the helpers of src/domain/common.schemas.ts (identifier, name, reference,
// freeText, code): a new field cannot forget the rules.

type Leaf = { at: string; rule: TextRule | null };

/** Every string inside a schema, with the helper rule it was made with (null: a plain z.string()). */
function strings(schema: z.ZodType, at: string, out: Leaf[] = [], seen = new Set<unknown>()): Leaf[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  // The read-only fields a factor set may carry back from a GET: accepted, never stored.
  if (schema.description?.endsWith('ignored if sent.')) return out;
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const walk = (s: unknown, path: string) => strings(s as z.ZodType, path, out, seen);
  switch (def.type) {
    case 'string':
      out.push({ at, rule: textRuleOf(schema as z.ZodString) });
      break;
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) walk(v, at ? `${at}.${k}` : k);
      break;
    case 'array':
      walk(def.element, `${at}[]`);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      walk(def.innerType, at);
      break;
    case 'pipe':
      walk(def.in, at);
      walk(def.out, at);
      break;
    case 'union':
      for (const o of def.options as unknown[]) walk(o, at);
      break;
    case 'intersection':
      walk(def.left, at);
      walk(def.right, at);
      break;
    case 'record':
      walk(def.keyType, `${at}{key}`);
      walk(def.valueType, `${at}{}`);
      break;
    case 'tuple':
      (def.items as unknown[]).forEach((item, i) => walk(item, `${at}[${i}]`));
      break;
    case 'enum':
    case 'literal':
    case 'number':
    case 'int':
    case 'boolean':
    case 'null':
    case 'transform':
      break;
    default:
      // A kind of schema this walk does not know: teach it, rather than let strings hide inside.
      out.push({ at: `${at} (a ${def.type} schema)`, rule: null });
  }
  return out;
}

function routeSchemas() {
  const registry = new OpenAPIRegistry();
  const db = openDatabase(':memory:');
  const deps = { db, config: loadConfig({}), clock: systemClock, newId: (p: string) => `${p}_x`, cache: new ReadCache(db) };
  registerModules(express.Router(), registry, deps);
  const routes: Array<{ route: string; part: string; schema: z.ZodType }> = [];
  for (const d of registry.definitions) {
    if (d.type !== 'route') continue;
    const route = `${d.route.method.toUpperCase()} ${d.route.path}`;
    const req = d.route.request ?? {};
    if (req.params) routes.push({ route, part: 'params', schema: req.params as z.ZodType });
    if (req.query) routes.push({ route, part: 'query', schema: req.query as z.ZodType });
    if (req.headers) routes.push({ route, part: 'headers', schema: req.headers as z.ZodType });
    for (const [type, content] of Object.entries(req.body?.content ?? {})) {
      // A CSV body is one document; its columns are walked below.
      if (type !== 'text/csv') routes.push({ route, part: 'body', schema: (content as { schema: z.ZodType }).schema });
    }
  }
  return routes;
}

const routes = routeSchemas();

describe('every string a route takes is made by the text helpers', () => {
  it('when the routes are registered, then there are routes with bodies, queries and params to walk', () => {
    expect(new Set(routes.map((r) => r.route)).size).toBeGreaterThan(40);
    expect(routes.filter((r) => r.part === 'body').length).toBeGreaterThan(15);
  });

  it.each(routes.map((r) => [`${r.route} ${r.part}`, r] as const))('when %s is walked, then every string in it has a text rule', (_name, r) => {
    const plain = strings(r.schema, '').filter((l) => l.rule === null).map((l) => l.at);
    expect(plain).toEqual([]);
  });
});

describe('every CSV column is read through the text helpers', () => {
  /** The schemas a column's cell is validated with: the single-item body's field (each event type's), or the row reference. */
  const fieldsOf = (objects: z.ZodObject[], column: string) => objects.flatMap((o) => (column in o.shape ? [o.shape[column] as z.ZodType] : []));
  const unitObjects = [CreateUnitBody as unknown as z.ZodObject];
  const eventObjects = [EventRowRef as unknown as z.ZodObject, ...(EventBody.options as unknown as z.ZodObject[])];

  it.each([
    ...UNITS_FORMAT.columns.map((c) => ['units', c, unitObjects] as const),
    ...EVENTS_FORMAT.columns.map((c) => ['events', c, eventObjects] as const),
  ])('when the %s column %s is read, then its cell goes through a schema whose strings have text rules', (_file, column, objects) => {
    const fields = fieldsOf(objects as z.ZodObject[], column);
    expect(fields.length, `no schema validates column ${column}`).toBeGreaterThan(0);
    const plain = fields.flatMap((f) => strings(f, column)).filter((l) => l.rule === null).map((l) => l.at);
    expect(plain).toEqual([]);
  });
});

describe('the fields the contract names', () => {
  const ruleAt = (route: string, field: string) => {
    const r = routes.find((x) => x.route === route && x.part === 'body')!;
    return strings(r.schema, '').filter((l) => l.at === field).map((l) => l.rule);
  };

  it.each([
    ['POST /vendors', 'name', 'name'],
    ['POST /sites', 'name', 'name'],
    ['POST /keys', 'name', 'name'],
    ['POST /shipments/{id}/receipt', 'certificateRef', 'reference'],
    ['POST /vendors/{code}/certifications', 'certificateNo', 'reference'],
    ['POST /units/{id}/events', 'certificateRef', 'reference'],
    ['POST /units/{id}/events', 'notes', 'free'],
  ] as const)('when %s takes %s, then it is made as a %s', (route, field, rule) => {
    const rules = ruleAt(route, field);
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules)).toEqual(new Set([rule]));
  });
});
