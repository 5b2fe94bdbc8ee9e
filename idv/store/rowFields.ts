// Typed reads of SQLite row columns. A column of the wrong type means the file was edited or damaged
// underneath us: that is reported as STORE_CORRUPT rather than passed on as a wrong value.
import type { Row } from './sqliteFile';
import { IdvStoreError, type JsonObject } from './types';

function corrupt(column: string, expected: string): IdvStoreError {
  return new IdvStoreError('STORE_CORRUPT', `Stored column "${column}" is not ${expected}.`);
}

export function text(row: Row, column: string): string {
  const v = row[column];
  if (typeof v !== 'string') throw corrupt(column, 'text');
  return v;
}

export function textOrNull(row: Row, column: string): string | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw corrupt(column, 'text');
  return v;
}

export function int(row: Row, column: string): number {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw corrupt(column, 'an integer');
}

export function intOrNull(row: Row, column: string): number | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  return int(row, column);
}

export function bytes(row: Row, column: string): Uint8Array {
  const v = row[column];
  if (!(v instanceof Uint8Array)) throw corrupt(column, 'a blob');
  return v;
}

export function jsonOrNull<T = JsonObject>(row: Row, column: string): T | null {
  const raw = textOrNull(row, column);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw corrupt(column, 'JSON');
  }
}

export function json<T = JsonObject>(row: Row, column: string): T {
  const v = jsonOrNull<T>(row, column);
  if (v === null) throw corrupt(column, 'JSON');
  return v;
}

/** Serialises a JSON value for a TEXT column; rejects what JSON cannot carry faithfully. */
export function toJsonText(value: JsonObject | string[] | null): string | null {
  if (value === null) return null;
  return JSON.stringify(value);
}
