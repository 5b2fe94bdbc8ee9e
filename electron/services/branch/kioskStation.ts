// The kiosk's branch station identity: with the embedded service the kiosk is a station of its
// own app, registered once and kept (kioskStationOf); with a site's server IT registers it
// (`idv station create`) and gives the station id and key file.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorFirstLine } from '../../../common/errorMessage';
import { BranchApiError, createBranchClient, type BranchClient } from '../../../idv/ibv/branchClient';
import type { Logger } from '../../../platform/logger';

export interface StationCredentials {
  stationId: string;
  privateKeyPem: string;
}

/** The branch client for a service's RP API base (…/idverify/v1): its branch and client APIs beside it. */
export function stationClient(apiBaseUrl: string, credentials: StationCredentials): BranchClient {
  const base = apiBaseUrl.replace(/\/+$/, '');
  return createBranchClient({
    branchApiUrl: `${base}/branch`,
    clientApiUrl: `${base}/client`,
    stationId: credentials.stationId,
    privateKeyPem: credentials.privateKeyPem,
  });
}

/**
 * The station's key from its file (settings.branch.keyFile): a PEM private key, or why not in
 * words (the kiosk then runs with no branch station and says so when staff open a letter).
 */
export async function loadStationCredentials(
  branch: { stationId: string; keyFile: string },
): Promise<StationCredentials | { problem: string }> {
  try {
    const pem = await readFile(branch.keyFile, 'utf8');
    createPrivateKey(pem);
    return { stationId: branch.stationId, privateKeyPem: pem };
  } catch (err) {
    return { problem: `the branch station key file ${branch.keyFile} cannot be used: ${errorFirstLine(err)}` };
  }
}

/** The file in the kiosk's data folder naming its station (ids only: the key is the app's, sealed). */
export const KIOSK_STATION_FILE = 'branch-station.json';

const RememberedStation = z.object({ sdkId: z.string().min(1), stationId: z.string().min(1), keyId: z.string().regex(/^[0-9a-f]{64}$/) });

/**
 * The embedded kiosk's one station identity: its key is the kiosk's own app key (already sealed
 * with the kiosk's secrets, so no other key is kept anywhere), and the station id is remembered
 * beside the data, so a restart reuses the station instead of registering one more. A remembered
 * station the service no longer knows (`stillKnown` false: its store was reset), or one of another
 * app or key, is registered again.
 */
export async function kioskStationOf(options: {
  stations: { register(input: { sdkId: string; name: string; publicKeyPem: string }): Promise<string> };
  app: { sdkId: string; privateKeyPem: string };
  name: string;
  dataDir: string;
  stillKnown: (credentials: StationCredentials) => Promise<boolean>;
  logger: Logger;
}): Promise<StationCredentials> {
  const { app, logger } = options;
  const publicKeyPem = createPublicKey(app.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  const keyId = createHash('sha256').update(publicKeyPem).digest('hex');
  const file = path.join(options.dataDir, KIOSK_STATION_FILE);
  const remembered = await readFile(file, 'utf8')
    .then((text) => RememberedStation.safeParse(JSON.parse(text)))
    .catch(() => null);
  if (remembered?.success && remembered.data.sdkId === app.sdkId && remembered.data.keyId === keyId) {
    const credentials = { stationId: remembered.data.stationId, privateKeyPem: app.privateKeyPem };
    if (await options.stillKnown(credentials)) return credentials;
    logger.warn('the remembered branch station is no longer known to the service; registering the kiosk again');
  }
  const stationId = await options.stations.register({ sdkId: app.sdkId, name: options.name, publicKeyPem });
  const temp = `${file}.tmp`;
  await writeFile(temp, JSON.stringify({ sdkId: app.sdkId, stationId, keyId }), { mode: 0o600 });
  await rename(temp, file);
  return { stationId, privateKeyPem: app.privateKeyPem };
}

/** Whether the service still knows the station: a signed call it refuses only for an unknown station. */
export async function stationStillKnown(client: Pick<BranchClient, 'openLetter'>): Promise<boolean> {
  try {
    await client.openLetter('station check');
    return true;
  } catch (err) {
    return !(err instanceof BranchApiError && err.status === 401 && err.code === 'UNKNOWN_STATION');
  }
}
