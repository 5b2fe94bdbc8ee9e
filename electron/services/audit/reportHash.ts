// The hash of a staff report that a decision entry carries: it ties the decision to exactly what
// staff saw, without keeping the report. SHA-256 over the report's canonical JSON (canonicalJson.ts)
// in which every image's bytes are replaced by "sha256:<hex of the bytes>", and without `handle`
// (a per-run renderer handle, not part of the result).
import { createHash } from 'node:crypto';
import type { StaffReport } from '../../../common/ipc/contract';
import { canonicalJson, type CanonicalValue } from './canonicalJson';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hashReport(report: StaffReport): string {
  const { handle: _handle, ...result } = report;
  return sha256Hex(canonicalJson(toCanonical(result)));
}

function toCanonical(value: unknown): CanonicalValue {
  if (value instanceof Uint8Array) return `sha256:${sha256Hex(value)}`;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (Array.isArray(value)) return value.map(toCanonical);
  if (typeof value === 'object') {
    const out: Record<string, CanonicalValue | undefined> = {};
    for (const [key, v] of Object.entries(value)) out[key] = v === undefined ? undefined : toCanonical(v);
    return out;
  }
  throw new TypeError(`a staff report holds no ${typeof value}`);
}
