// In-Branch Verification's records: the branch stations registered with the service (each for one
// business, i.e. one app's sdkId, with the RSA key its requests are signed with), the one-time
// codes printed on IBV letters, and the capture tokens a station gets when it opens a letter.
// Codes and tokens are stored as SHA-256 only: the letter's QR code is the one place a code exists.
import { createHash, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { int, intOrNull, text, textOrNull } from './rowFields';
import type { Row } from './sqliteFile';
import type { StoreContext } from './storeContext';
import { IdvStoreError } from './types';

export interface BranchStationRecord {
  stationId: string;
  /** The business (app) whose letters this station may open. */
  sdkId: string;
  name: string;
  publicKeyPem: string;
  createdAt: number;
}

export interface LetterCodeRecord {
  sessionId: string;
  sdkId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
}

export interface BranchTokenRecord {
  sessionId: string;
  stationId: string;
  expiresAt: number;
}

export interface BranchRepository {
  registerStation(input: { sdkId: string; name: string; publicKeyPem: string }): BranchStationRecord;
  getStation(stationId: string): BranchStationRecord | null;
  /** A new one-time code for the session's letter; earlier unused codes of the session stop working. */
  issueLetterCode(sessionId: string, sdkId: string, expiresAt: number): string;
  findLetterCode(code: string): LetterCodeRecord | null;
  /**
   * Marks the code used by the station and hands back a capture token for the session, in one
   * transaction; CONFLICT if it was used meanwhile.
   */
  redeemLetterCode(code: string, stationId: string, tokenExpiresAt: number): string;
  findBranchToken(token: string): BranchTokenRecord | null;
  /** Whether this station opened the session (a letter it redeemed). */
  stationOpened(stationId: string, sessionId: string): boolean;
  /** Sessions that have been opened in a branch at least once. */
  visited(sessionId: string): boolean;
}

const TABLES = `
CREATE TABLE IF NOT EXISTS branch_stations (
  station_id TEXT PRIMARY KEY, sdk_id TEXT NOT NULL REFERENCES apps (sdk_id), name TEXT NOT NULL,
  public_key_pem TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS letter_codes (
  code_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  sdk_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
  used_at INTEGER, used_by TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS letter_codes_session ON letter_codes (session_id);
CREATE TABLE IF NOT EXISTS branch_tokens (
  token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  station_id TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
`;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const MAX_NAME = 200;

function toStation(row: Row): BranchStationRecord {
  return {
    stationId: text(row, 'station_id'),
    sdkId: text(row, 'sdk_id'),
    name: text(row, 'name'),
    publicKeyPem: text(row, 'public_key_pem'),
    createdAt: int(row, 'created_at'),
  };
}

function rsaPublicKey(pem: string): string {
  let key;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new IdvStoreError('INVALID_INPUT', 'publicKeyPem is not a PEM public key.', { cause });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new IdvStoreError('INVALID_INPUT', `publicKeyPem must be an RSA key (got ${key.asymmetricKeyType}).`);
  }
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

export function createBranchRepository(ctx: StoreContext): BranchRepository {
  const { sql } = ctx;
  sql.exec(TABLES);
  return {
    registerStation({ sdkId, name, publicKeyPem }) {
      const trimmed = typeof name === 'string' ? name.trim() : '';
      if (trimmed.length === 0 || trimmed.length > MAX_NAME) {
        throw new IdvStoreError('INVALID_INPUT', `Station name must be 1-${MAX_NAME} characters.`);
      }
      if (!sql.one('SELECT 1 AS x FROM apps WHERE sdk_id = ?', [sdkId])) {
        throw new IdvStoreError('NOT_FOUND', `No app ${sdkId}.`);
      }
      const station: BranchStationRecord = {
        stationId: randomUUID(),
        sdkId,
        name: trimmed,
        publicKeyPem: rsaPublicKey(publicKeyPem),
        createdAt: ctx.now(),
      };
      sql.run(
        'INSERT INTO branch_stations (station_id, sdk_id, name, public_key_pem, created_at) VALUES (?, ?, ?, ?, ?)',
        [station.stationId, station.sdkId, station.name, station.publicKeyPem, station.createdAt],
      );
      return station;
    },
    getStation(stationId) {
      const row = sql.one('SELECT * FROM branch_stations WHERE station_id = ?', [stationId]);
      return row ? toStation(row) : null;
    },
    issueLetterCode(sessionId, sdkId, expiresAt) {
      const code = randomBytes(24).toString('base64url');
      sql.transaction(() => {
        sql.run('DELETE FROM letter_codes WHERE session_id = ? AND used_at IS NULL', [sessionId]);
        sql.run(
          'INSERT INTO letter_codes (code_hash, session_id, sdk_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
          [sha256(code), sessionId, sdkId, ctx.now(), expiresAt],
        );
      });
      return code;
    },
    findLetterCode(code) {
      const row = sql.one('SELECT * FROM letter_codes WHERE code_hash = ?', [sha256(code)]);
      if (!row) return null;
      return {
        sessionId: text(row, 'session_id'),
        sdkId: text(row, 'sdk_id'),
        createdAt: int(row, 'created_at'),
        expiresAt: int(row, 'expires_at'),
        usedAt: intOrNull(row, 'used_at'),
        usedBy: textOrNull(row, 'used_by'),
      };
    },
    redeemLetterCode(code, stationId, tokenExpiresAt) {
      const token = randomBytes(32).toString('base64url');
      return sql.transaction(() => {
        const hash = sha256(code);
        const row = sql.one('SELECT session_id FROM letter_codes WHERE code_hash = ? AND used_at IS NULL', [hash]);
        if (!row) throw new IdvStoreError('CONFLICT', 'This letter code was already used.');
        sql.run('UPDATE letter_codes SET used_at = ?, used_by = ? WHERE code_hash = ?', [ctx.now(), stationId, hash]);
        sql.run('INSERT INTO branch_tokens (token_hash, session_id, station_id, expires_at) VALUES (?, ?, ?, ?)', [
          sha256(token),
          text(row, 'session_id'),
          stationId,
          tokenExpiresAt,
        ]);
        return token;
      });
    },
    findBranchToken(token) {
      const row = sql.one('SELECT * FROM branch_tokens WHERE token_hash = ?', [sha256(token)]);
      if (!row) return null;
      return {
        sessionId: text(row, 'session_id'),
        stationId: text(row, 'station_id'),
        expiresAt: int(row, 'expires_at'),
      };
    },
    stationOpened(stationId, sessionId) {
      return (
        sql.one('SELECT 1 AS x FROM branch_tokens WHERE station_id = ? AND session_id = ?', [stationId, sessionId]) !==
        null
      );
    },
    visited(sessionId) {
      return sql.one('SELECT 1 AS x FROM branch_tokens WHERE session_id = ?', [sessionId]) !== null;
    },
  };
}
