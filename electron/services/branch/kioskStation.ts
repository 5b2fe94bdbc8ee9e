// The kiosk's branch station identity: with the embedded service the kiosk registers itself as a
// station of its own app at each start (a fresh key pair, held in memory only); with a site's
// server IT registers it (`idv station create`) and gives the station id and key file.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errorFirstLine } from '../../../common/errorMessage';
import { createBranchClient, type BranchClient } from '../../../idv/ibv/branchClient';

export interface StationCredentials {
  stationId: string;
  privateKeyPem: string;
}

export async function registerKioskStation(
  stations: { register(input: { sdkId: string; name: string; publicKeyPem: string }): Promise<string> },
  sdkId: string,
  name: string,
): Promise<StationCredentials> {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stationId = await stations.register({
    sdkId,
    name,
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  return { stationId, privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
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
