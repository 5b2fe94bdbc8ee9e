// The thermal receipt's bytes, written to a file the way they go to /dev/usb/lp0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffReport } from '../../../common/ipc/contract';
import { escPosReceipt, writeEscPos } from '../../../electron/services/receipts';
import { PERSON, sampleDecision, sampleReport } from './printFixtures';

const ESC_INIT = [0x1b, 0x40]; // ESC @
const BOLD_ON = [0x1b, 0x45, 0x01]; // ESC E 1
const CUT = [0x1d, 0x56]; // GS V

function indexOf(hay: Uint8Array, needle: readonly number[], from = 0): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

let dir: string;
let report: StaffReport;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'escpos-'));
  report = await sampleReport();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ESC/POS receipt', () => {
  it('starts with ESC @, prints the reference in bold, and ends by cutting (GS V)', async () => {
    const file = path.join(dir, 'lp0');
    await writeEscPos(file, escPosReceipt({ report, decision: sampleDecision() }));
    const bytes = new Uint8Array(readFileSync(file));
    expect([...bytes.subarray(0, 2)]).toEqual(ESC_INIT);
    const ref = indexOf(bytes, ascii('DSK-7Q2M-4K9P'));
    expect(ref).toBeGreaterThan(0);
    const bold = indexOf(bytes, BOLD_ON, indexOf(bytes, ascii('Reference:')));
    expect(bold).toBeGreaterThan(0);
    expect(bold).toBeLessThan(ref);
    // Bold is off again before the next line, and nothing is printed after the cut.
    expect(indexOf(bytes, [0x1b, 0x45, 0x00], ref)).toBeGreaterThan(ref);
    const cut = indexOf(bytes, CUT, ref);
    expect(cut).toBeGreaterThan(ref);
    expect(indexOf(bytes, ascii('kiosk-lobby-2'))).toBeLessThan(cut);
    expect([...bytes.subarray(cut + 2)].filter((b) => b >= 0x20)).toEqual([]);
  });

  it('carries the receipt facts and no personal data', () => {
    const bytes = escPosReceipt({ report, decision: sampleDecision({ decision: 'REJECT' }) });
    const text = Buffer.from(bytes).toString('latin1');
    for (const s of ['Decision: Rejected', 'Kiosk: kiosk-lobby-2', 'Date: 2026-12-01 10:45 UTC', 'Document: Passport', 'Issued by: FRA'])
      expect(text).toContain(s);
    for (const s of [PERSON.familyName, PERSON.dateOfBirth, PERSON.documentNumber, 'Lopez']) expect(text).not.toContain(s);
  });
});
