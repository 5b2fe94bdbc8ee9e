// ISO/IEC 9797-1 padding method 2 (0x80 then zeros to a block boundary), the padding ICAO 9303
// uses for secure messaging and MACs.
import { ChipError } from '../errors';

export function pad(data: Buffer, blockSize: number): Buffer {
  const padLen = blockSize - (data.length % blockSize);
  const out = Buffer.alloc(data.length + padLen);
  data.copy(out);
  out[data.length] = 0x80;
  return out;
}

export function unpad(data: Buffer): Buffer {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80) throw new ChipError('SM_FAILED', 'secure messaging: decrypted data has no ISO 9797-1 padding');
  return data.subarray(0, i);
}
