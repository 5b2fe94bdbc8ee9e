// Tracked device events of a session (what Yoti's GET /sessions/{id}/tracked-devices returns).
import { int, json, text } from './rowFields';
import type { StoreContext } from './storeContext';
import type { DeviceDescription, TrackedDeviceRepository } from './types';

const FIELDS: (keyof DeviceDescription)[] = [
  'ip_address',
  'ip_iso_country_code',
  'manufacture_name',
  'model_name',
  'os_name',
  'os_version',
  'browser_name',
  'browser_version',
  'locale',
  'client_version',
];

/** Keeps only the known string fields, so stored events always parse with the SDK's classes. */
function cleanDevice(device: DeviceDescription): DeviceDescription {
  const out: DeviceDescription = {};
  for (const field of FIELDS) {
    const v = device[field];
    if (typeof v === 'string') out[field] = v.slice(0, 512);
  }
  return out;
}

export function createDeviceRepository(
  ctx: StoreContext,
  assertSession: (id: string) => void,
): TrackedDeviceRepository {
  const { sql } = ctx;
  return {
    record(sessionId, event, device) {
      assertSession(sessionId);
      sql.run('INSERT INTO device_events (session_id, event, created_at, device) VALUES (?, ?, ?, ?)', [
        sessionId,
        String(event).slice(0, 100),
        ctx.now(),
        JSON.stringify(cleanDevice(device)),
      ]);
    },
    list(sessionId) {
      return sql
        .all('SELECT event, created_at, device FROM device_events WHERE session_id = ? ORDER BY rowid', [
          sessionId,
        ])
        .map((row) => ({
          event: text(row, 'event'),
          createdAt: int(row, 'created_at'),
          device: json<DeviceDescription>(row, 'device'),
        }));
    },
    deleteAll(sessionId) {
      return sql.run('DELETE FROM device_events WHERE session_id = ?', [sessionId]);
    },
  };
}
