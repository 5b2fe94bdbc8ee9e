// The demo camera's pictures (demo/ at the project root): the ICAO specimen passport and its
// portrait standing in for the person. Offered only while the embedded service runs in demo mode,
// so a kiosk on a real service can never be fed a specimen by this path.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SPECIMEN_COUNTRY } from '../../common/documents';
import type { InvokeResponse } from '../../common/ipc/contract';

export type DemoCameraPictures = InvokeResponse<'getDemoCamera'>;

function asBytes(b: Buffer): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(b.byteLength);
  out.set(b);
  return out;
}

export async function loadDemoCameraPictures(demoDir: string): Promise<DemoCameraPictures> {
  const [passport, face] = await Promise.all([
    readFile(path.join(demoDir, 'specimen-passport-utopia.jpg')),
    readFile(path.join(demoDir, 'specimen-face.jpg')),
  ]);
  return {
    documents: [
      {
        issuingCountry: SPECIMEN_COUNTRY,
        documentType: 'PASSPORT',
        side: 'front',
        image: { bytes: asBytes(passport), mime: 'image/jpeg' },
      },
    ],
    face: { bytes: asBytes(face), mime: 'image/jpeg' },
  };
}
