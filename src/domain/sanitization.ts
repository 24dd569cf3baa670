/**
 * Patient-data sanitization: the vocabulary of the `data_sanitized` event (NIST SP
 * 800-88's clear / purge / destroy, the kinds of storage media), which units may hold
 * patient data by default, and the compact text form of a media list that the events
 * CSV uses (`hdd:SN123;ssd:SN456`).
 */
import { DOWNSTREAM_TYPES } from './outflows.js';
import type { Category } from './units.js';

export const SANITIZATION_METHODS = ['clear', 'purge', 'destroy'] as const;
export type SanitizationMethod = (typeof SANITIZATION_METHODS)[number];

export const MEDIA_KINDS = ['hdd', 'ssd', 'flash', 'other'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
export type Medium = { kind: MediaKind; serial?: string };

export const MAX_MEDIA = 50;

/**
 * Event types after which data-bearing media leave our custody: resold (`released`), or
 * handed to anyone downstream (every downstream outflow of domain/outflows.ts, so a new
 * outlet is gated from the day it exists). `part_harvested` is not here: harvested
 * parts stay in our own service stock.
 */
export const SANITIZATION_GATED_TYPES: readonly string[] = ['released', ...DOWNSTREAM_TYPES];

/** Whether a unit of this category may hold patient data, when the intake does not say. */
export function defaultDataBearing(category: Category): boolean {
  return category === 'imaging' || category === 'ultrasound' || category === 'surgical';
}

/** NIST SP 800-88's order of strength: a unit's strongest record is what an audit counts it by. */
export const METHOD_STRENGTH: Record<SanitizationMethod, number> = { clear: 1, purge: 2, destroy: 3 };

// The compact form: items separated by `;`, an item is `kind` or `kind:serial` (split at
// the first `:`, so a serial may contain `:`). A `;` or `\` inside a serial is written
// `\;` or `\\`, so any serial survives export → import unchanged.

/** A media list in the compact CSV form, e.g. `hdd:SN123;ssd:SN456;flash`. */
export function formatMedia(media: readonly Medium[]): string {
  return media.map((m) => (m.serial === undefined ? m.kind : `${m.kind}:${m.serial.replace(/[\\;]/g, (c) => `\\${c}`)}`)).join(';');
}

export type ParsedMedia = { ok: true; media: { kind: string; serial?: string }[] } | { ok: false; message: string };

/**
 * Reads the compact form back. Kinds and serials are not checked against the
 * vocabulary here (the event schema does that, with its own messages); only the shape is.
 */
export function parseMedia(text: string): ParsedMedia {
  const items: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== ';' && next !== '\\') return { ok: false, message: `"\\" at character ${i + 1} must be followed by ";" or "\\" (write a "\\" in a serial as "\\\\")` };
      cur += c + next;
      i++;
    } else if (c === ';') {
      items.push(cur);
      cur = '';
    } else cur += c;
  }
  items.push(cur);
  const media: { kind: string; serial?: string }[] = [];
  for (const [n, raw] of items.entries()) {
    const item = raw.trim();
    if (item === '') {
      return { ok: false, message: `item ${n + 1} is empty; write media as kind or kind:serial separated by ";", e.g. hdd:SN123;ssd:SN456` };
    }
    const colon = item.indexOf(':');
    if (colon < 0) {
      media.push({ kind: item });
      continue;
    }
    const kind = item.slice(0, colon).trim();
    const serial = item
      .slice(colon + 1)
      .trim()
      .replace(/\\([\\;])/g, '$1');
    if (serial === '') return { ok: false, message: `item ${n + 1} ("${item}") has ":" but no serial; write just "${kind}" when the serial is unknown` };
    media.push({ kind, serial });
  }
  return { ok: true, media };
}
