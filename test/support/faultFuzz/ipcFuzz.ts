// Malformed IPC payloads through the kiosk's dispatcher (issue 12), as a compromised or buggy
// renderer could send them: for every channel of the contract, junk of every type, and plausible
// requests (built from the channel's own schema, with a live session handle) with one field
// broken. The dispatcher must answer each with an IpcResult (never throw), INVALID_REQUEST for
// what the schema refuses, and never INTERNAL for bad input.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { invokeContract, type IpcResult } from '../../../common/ipc/contract';
import { composeKiosk, type Kiosk } from '../../../electron/host/composeKiosk';
import { createLogger } from '../../../platform/logger';
import type { Rng } from './httpFuzzCases';

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Values of every kind a structured clone can carry, and some it should never be given. */
const JUNK: Array<(rng: Rng) => unknown> = [
  () => undefined,
  () => null,
  () => 0,
  () => -1,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => 2 ** 64,
  () => 10n ** 30n,
  () => '',
  (rng) => 'x'.repeat(1 + Math.floor(rng() * 2_000_000)),
  () => '\u0000\ud800\u202e🙂',
  () => [],
  () => [[[[]]]],
  () => ({}),
  () => true,
  () => new Date(Number.NaN),
  () => new Map([['a', 1]]),
  () => new Set([1]),
  (rng) => new Uint8Array(Math.floor(rng() * 100_000)),
  () => randomBytes(64),
  () => deep(10_000),
  () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as unknown,
  () => Object.create(null) as unknown,
  () => new Error('not a request'),
  () => /regex/,
];

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  minLength?: number;
};

/** A plausible value for a JSON schema (enum's first value, a short string, the minimum …). */
function plausible(schema: JsonSchema, key: string, handle: string): unknown {
  if (key === 'handle') return handle;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alt) return plausible(alt, key, handle);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, plausible(v, k, handle)]),
      );
    case 'array':
      return [];
    case 'string':
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'number':
    case 'integer':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      // Not representable in JSON Schema (bytes): an image-sized buffer of junk.
      return randomBytes(2048);
  }
}

const schemas = new Map<string, JsonSchema>();
function schemaOf(channel: keyof typeof invokeContract): JsonSchema {
  let s = schemas.get(channel);
  if (!s) {
    s = z.toJSONSchema(invokeContract[channel].request as z.ZodType, {
      unrepresentable: 'any',
      io: 'input',
    }) as JsonSchema;
    schemas.set(channel, s);
  }
  return s;
}

export interface IpcFuzzCase {
  channel: string;
  kind: 'junk' | 'mutated' | 'unknown-channel';
  payload: unknown;
}

export function ipcFuzzCases(rng: Rng, handle: string, n: number): IpcFuzzCase[] {
  const channels = Object.keys(invokeContract) as Array<keyof typeof invokeContract>;
  return Array.from({ length: n }, (_, i): IpcFuzzCase => {
    if (i % 25 === 24)
      return {
        channel: pick(rng, ['__proto__', 'constructor', 'quit', '', 'x'.repeat(500), 'toString']),
        kind: 'unknown-channel',
        payload: {},
      };
    const channel = channels[i % channels.length];
    if (rng() < 0.35) return { channel, kind: 'junk', payload: pick(rng, JUNK)(rng) };
    const base = plausible(schemaOf(channel), '', handle) as Record<string, unknown>;
    const keys = Object.keys(base);
    const mutation = pick(rng, ['drop', 'junk', 'extra', 'unknown-handle'] as const);
    const key = keys.length ? pick(rng, keys) : 'field';
    if (mutation === 'drop') delete base[key];
    else if (mutation === 'junk') base[key] = pick(rng, JUNK)(rng);
    else if (mutation === 'extra') base[`extra_${Math.floor(rng() * 100)}`] = pick(rng, JUNK)(rng);
    else if ('handle' in base)
      base.handle = pick(rng, ['', 'h'.repeat(200), '00000000-0000-0000-0000-000000000000', '../x']);
    return { channel, kind: 'mutated', payload: base };
  });
}

export interface KioskUnderFuzz {
  kiosk: Kiosk;
  handle: string;
  loggedErrors: string[];
  close(): Promise<void>;
}

/** The kiosk runtime with its embedded service, as the soak bench composes it; a session started. */
export async function startKioskForFuzz(): Promise<KioskUnderFuzz> {
  const root = await mkdtemp(path.join(tmpdir(), 'kiosk-fuzz-'));
  const loggedErrors: string[] = [];
  const logger = createLogger({
    name: 'kiosk-fuzz',
    level: 'error',
    destination: {
      write: (line) => {
        if (loggedErrors.length < 100) loggedErrors.push(line.trimEnd().slice(0, 400));
      },
    },
  });
  const kiosk = await composeKiosk({
    service: 'embedded',
    dataDir: path.join(root, 'kiosk-data'),
    logger,
    embeddedMasterKey: randomBytes(32),
    auditKey: randomBytes(32),
    outboxKey: randomBytes(32),
    embeddedApp: null,
    demo: true,
    vision: 'none',
    mode: 'unattended',
  });
  const started = (await kiosk.dispatch('startSession', { locale: 'en' })) as IpcResult<{ handle: string }>;
  if (!started.ok) throw new Error(`startSession: ${started.error.code} ${started.error.message}`);
  return {
    kiosk,
    handle: started.value.handle,
    loggedErrors,
    async close() {
      await kiosk.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}
