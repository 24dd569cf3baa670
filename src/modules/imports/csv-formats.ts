/**
 * The two CSV file formats: which columns a header may name, which it must, and how
 * a record becomes the object the single-item zod schemas validate. Column names are
 * the contract's field names. Read-only columns that our own exports add (id, state,
 * balances...) are accepted and ignored, so an exported file imports back as it is.
 */
import { z } from 'zod';
import { OUTFLOW_KG } from '../../domain/outflows.js';
import { formatMedia, MEDIA_KINDS, parseMedia, type Medium } from '../../domain/sanitization.js';
import { restoreFormula } from '../../domain/csv-cells.js';
import { PLAIN_NUMBER, say } from '../../domain/messages.js';
import { CreateUnitBody, EventBody } from '../units/units.schemas.js';
import type { ImportRowError } from './import-errors.js';

/** Fixed layouts, extended after their published columns by whatever the schemas gain (new columns last). */
const unique = (a: readonly string[]) => [...new Set(a)];
const extend = (published: readonly string[], fields: readonly string[]) => unique([...published, ...fields]);
const EVENT_SHAPES = (EventBody as unknown as { options: z.ZodObject[] }).options.map((o) => o.shape as Record<string, z.ZodType>);
const UNIT_SHAPE = (CreateUnitBody as unknown as z.ZodObject).shape as Record<string, z.ZodType>;

/** The field's schema without its optional or default wrapper. */
const bare = (t: z.ZodType): z.ZodType => (t instanceof z.ZodOptional || t instanceof z.ZodDefault ? bare(t.unwrap() as z.ZodType) : t);
/** The fields of these shapes whose values are numbers or booleans (their cells are read into those). */
const fieldsOf = (shapes: readonly Record<string, z.ZodType>[], kind: typeof z.ZodNumber | typeof z.ZodBoolean) =>
  unique(shapes.flatMap((sh) => Object.keys(sh).filter((k) => bare(sh[k]!) instanceof kind)));

const V11_UNIT_FIELDS = ['serialNumber', 'category', 'modality', 'model', 'massKg', 'massSource', 'originCountry', 'siteCode', 'receivedAt', 'returnChannel', 'dataBearing'];
const V11_UNIT_READ_ONLY = ['id', 'region', 'state', 'route', 'refurbishedKg', 'harvestedKg', 'recycledKg', 'reusedKg', 'landfilledKg', 'energyRecoveredKg', 'remainingKg', 'closedAt', 'createdAt'];

/** The units file's fields: the v1.1 layout, then any field POST /units has gained since. */
export const UNIT_FIELDS = extend(V11_UNIT_FIELDS, Object.keys(UNIT_SHAPE));

/**
 * Columns GET /units?format=csv adds after the fields; the importer ignores them. The
 * v1.1 layout, then the kilograms of every later outflow of domain/outflows.ts.
 */
export const UNIT_READ_ONLY = extend(V11_UNIT_READ_ONLY, OUTFLOW_KG);

/** GET /units?format=csv: the v1.1 export's columns, then every later field and read-only column (new columns last). */
export const UNIT_EXPORT_COLUMNS = extend([...V11_UNIT_FIELDS, ...V11_UNIT_READ_ONLY], [...UNIT_FIELDS, ...UNIT_READ_ONLY]);

/** How an event row names its unit: by id, or by serial (narrowed by model when given). */
export const EVENT_UNIT_REF = ['unitId', 'serialNumber', 'model'] as const;

/**
 * The events file's fields: the v1.1 layout (whose last, vendorCode, names the downstream
 * vendor), then every field an event type has gained since, in schema order, so a new
 * outflow's fields (domain/outflows.ts) are columns by themselves.
 */
const V11_EVENT_FIELDS = [
  'type',
  'occurredAt',
  'grade',
  'route',
  'notes',
  'siteCode',
  'certification',
  'warrantyMonths',
  'channel',
  'destinationCountry',
  'partNumber',
  'massKg',
  'destination',
  'description',
  'material',
  'recycler',
  'certificateRef',
  'reason',
  'facility',
  'method',
  'standard',
  'media',
  'verifiedBy',
  'eventId',
  'vendorCode',
];
export const EVENT_FIELDS = extend(V11_EVENT_FIELDS, EVENT_SHAPES.flatMap((sh) => Object.keys(sh)));

/**
 * `id` on an event row is not stored (the server makes ids); it labels the row so
 * that a later `voided` row of the same file can name it in `eventId`. The other
 * columns are what GET /events?format=csv adds; the importer ignores them.
 */
export const EVENT_LABEL = 'id';
export const EVENT_READ_ONLY = ['recordedAt', 'actor'] as const;

/**
 * GET /events?format=csv: units named by serial and model, not id (ids are not kept
 * across databases, serials are); the v1.1 export's columns, then every later field.
 */
export const EVENT_EXPORT_COLUMNS = extend([EVENT_LABEL, 'serialNumber', 'model', ...V11_EVENT_FIELDS, ...EVENT_READ_ONLY], EVENT_FIELDS);

export type FileFormat = {
  kind: 'units' | 'events';
  /** Columns whose cells are read, in the order exports write them. */
  columns: readonly string[];
  ignored: ReadonlySet<string>;
  numeric: ReadonlySet<string>;
  /** Columns whose text is read into another type (booleans, media lists), each with its reader. */
  readers?: ReadonlyMap<string, CellReader>;
  /** Messages for requirements the header misses, each with the column it is about. */
  missing(present: ReadonlySet<string>): { column: string; message: string }[];
};

/** A cell read into a value, or the message that says why it cannot be. */
export type CellReader = (text: string) => { value: unknown } | { message: string };

/** `true` or `false` (any case); exports write them so. */
const readBoolean: CellReader = (text) => {
  const v = text.toLowerCase();
  return v === 'true' ? { value: true } : v === 'false' ? { value: false } : { message: `must be true or false (got "${text}")` };
};

/**
 * A media list in the compact form `kind[:serial];kind[:serial]…`, e.g. `hdd:SN123;ssd:SN456;flash`
 * (a `;` or `\` inside a serial is written `\;` or `\\`). Exports write it with formatMediaCell.
 */
const readMedia: CellReader = (text) => {
  const r = parseMedia(text);
  if (!r.ok) return { message: r.message };
  const bad = r.media.findIndex((m) => !(MEDIA_KINDS as readonly string[]).includes(m.kind));
  if (bad >= 0) return { message: `item ${bad + 1} has kind "${r.media[bad]!.kind}"; a kind is one of ${MEDIA_KINDS.join(', ')} (e.g. hdd:SN123;ssd:SN456)` };
  return { value: r.media };
};
export const formatMediaCell = (media: unknown): string | null => (Array.isArray(media) ? formatMedia(media as Medium[]) : null);

/** Columns a units file may leave out: the fields POST /units may (modality is then a row's error for imaging). */
const OPTIONAL_UNIT_COLUMNS = UNIT_FIELDS.filter((f) => UNIT_SHAPE[f]!.safeParse(undefined).success);
const optionalWords = `${OPTIONAL_UNIT_COLUMNS.slice(0, -1).join(', ')} and ${OPTIONAL_UNIT_COLUMNS.at(-1)}`;

export const UNITS_FORMAT: FileFormat = {
  kind: 'units',
  columns: UNIT_FIELDS,
  ignored: new Set(UNIT_READ_ONLY),
  numeric: new Set(fieldsOf([UNIT_SHAPE], z.ZodNumber)),
  readers: new Map(fieldsOf([UNIT_SHAPE], z.ZodBoolean).map((f) => [f, readBoolean])),
  missing: (present) =>
    UNIT_FIELDS.filter((f) => !OPTIONAL_UNIT_COLUMNS.includes(f) && !present.has(f)).map((column) => ({
      column,
      message: `missing column: every unit needs it (${optionalWords} are the only optional columns)`,
    })),
};

export const EVENTS_FORMAT: FileFormat = {
  kind: 'events',
  columns: [...EVENT_UNIT_REF, EVENT_LABEL, ...EVENT_FIELDS],
  ignored: new Set(EVENT_READ_ONLY),
  numeric: new Set(fieldsOf(EVENT_SHAPES, z.ZodNumber)),
  readers: new Map<string, CellReader>([['media', readMedia], ...fieldsOf(EVENT_SHAPES, z.ZodBoolean).map((f) => [f, readBoolean] as const)]),
  missing: (present) => [
    ...(['type', 'occurredAt'] as const)
      .filter((f) => !present.has(f))
      .map((column) => ({ column, message: 'missing column: every event needs it' })),
    ...(present.has('unitId') || present.has('serialNumber')
      ? []
      : [{ column: 'unitId', message: 'missing column: name each event’s unit with a unitId or a serialNumber column' }]),
  ],
};

export const SEMICOLONS =
  'The header is separated by semicolons (;). Save the file as "CSV UTF-8 (comma delimited)", or export it with commas as separators, and send it again.';

/** Column index → the field it fills; null for an ignored column, '' for one without a name. */
export type Header = (string | null)[];

export function readHeader(format: FileFormat, cells: string[]): { header: Header } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const header: Header = [];
  const seen = new Set<string>();
  const known = new Set(format.columns);
  const err = (column: string | null, message: string) => errors.push({ row: 1, column, code: 'import.invalid', message });
  // A European spreadsheet saves "CSV" with semicolons (its decimal separator is the
  // comma): the whole header arrives as one cell. Say so rather than list it as unknown.
  if (cells.some((c) => c.includes(';')) && cells.join(';').split(';').some((c) => known.has(c.trim()))) {
    err(null, SEMICOLONS);
    return { errors };
  }
  cells.forEach((raw, i) => {
    const name = raw.trim();
    // A nameless column is tolerated (spreadsheets add them); a value under it is a row error.
    header.push(name === '' ? '' : null);
    if (name === '') return;
    if (seen.has(name)) return err(name, `column "${name}" appears twice`);
    seen.add(name);
    if (format.ignored.has(name)) return;
    if (!known.has(name)) {
      const near = format.columns.find((c) => c.toLowerCase() === name.toLowerCase());
      return err(
        name,
        `unknown column "${name}"${near ? ` (did you mean "${near}"?)` : ''}; a ${format.kind} file may have: ${format.columns.join(', ')}`,
      );
    }
    header[i] = name;
  });
  for (const m of format.missing(seen)) err(m.column, m.message);
  return errors.length ? { errors } : { header };
}


/**
 * A record as an object of its non-empty cells (empty means absent), numbers
 * converted, the ' our exports put before formula-like text taken off; null for a
 * blank row. Cell-level problems are pushed to `errors`.
 */
export function recordToObject(
  format: FileFormat,
  header: Header,
  cells: string[],
  row: number,
  errors: ImportRowError[],
): Record<string, unknown> | null {
  const obj: Record<string, unknown> = {};
  let blank = true;
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i]!.trim();
    if (value === '') continue;
    blank = false;
    if (i >= header.length) {
      errors.push({ row, column: null, code: 'import.invalid', message: `has a value in cell ${i + 1}, beyond the header's ${header.length} columns` });
      continue;
    }
    const field = header[i];
    if (field === null) continue;
    if (field === '' || field === undefined) {
      errors.push({ row, column: null, code: 'import.invalid', message: `has a value in cell ${i + 1}, whose column has no name` });
      continue;
    }
    if (format.numeric.has(field)) {
      if (!PLAIN_NUMBER.test(value)) {
        errors.push({ row, column: field, code: 'validation.failed', message: say.notANumber(value) });
        continue;
      }
      obj[field] = Number(value);
    } else if (format.readers?.has(field)) {
      const r = format.readers.get(field)!(restoreFormula(value));
      if ('message' in r) errors.push({ row, column: field, code: 'validation.failed', message: r.message });
      else obj[field] = r.value;
    } else obj[field] = restoreFormula(value);
  }
  return blank ? null : obj;
}
