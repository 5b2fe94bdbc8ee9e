// DES keys carry odd parity in the low bit of each byte; ICAO 9303 Part 11 §9.7.1 adjusts the
// derived key bytes so, and its worked examples show the adjusted keys.
export function adjustParity(key: Buffer): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i] & 0xfe;
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}
