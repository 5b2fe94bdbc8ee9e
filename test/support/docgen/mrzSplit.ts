// The deterministic split of a real MRZ image set into a development half (tuned on) and a
// held-out half (only measured on): the first byte of SHA-256("mrz-split/" + file name), even =
// dev. Depends on the name alone, so a file lands in the same half in any folder, and a new
// file does not move the others.
import { createHash } from 'node:crypto';

export type SplitHalf = 'dev' | 'held-out';

export function splitHalf(fileName: string): SplitHalf {
  const byte = createHash('sha256').update(`mrz-split/${fileName}`).digest()[0];
  return byte % 2 === 0 ? 'dev' : 'held-out';
}
