import { customAlphabet } from 'nanoid';
import type { IdMaker } from './http/context.js';

const nano = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 16);

/** Prefixed random ids (`unit_…`, 16 characters of 62: about 95 bits), the service's ids outside tests. */
export const defaultIdMaker: IdMaker = (prefix) => `${prefix}_${nano()}`;
