// The reference a person quotes for a staff decision: the audit entry's sequence number (so IT
// finds the entry in `audit export` by its seq) and a check letter, e.g. "000042-T". The letter
// is the number mod 23 (the Spanish DNI's table): since 23 is prime and above 10, any one wrong
// digit and any swap of two neighbouring digits changes it. Numbers are per log: the receipt also
// names the kiosk.
const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function decisionReference(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`not an audit entry number: ${seq}`);
  return `${String(seq).padStart(6, '0')}-${LETTERS[seq % 23]}`;
}

/** The entry number a quoted reference names, or null when it is mistyped. */
export function seqOfReference(reference: string): number | null {
  const m = /^(\d{1,15})-?([A-Za-z])$/.exec(reference.trim());
  if (!m) return null;
  const seq = Number(m[1]);
  return seq >= 1 && LETTERS[seq % 23] === m[2].toUpperCase() ? seq : null;
}
