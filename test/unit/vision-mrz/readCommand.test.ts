// `idv read FILE... --json` results: one element per file in order, DESIGN.md's shape, errors
// per file instead of a crash.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runReadCommand } from '../../../vision/node/readCommand';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/specimens');

describe('runReadCommand', () => {
  it('reads the specimens and reports no MRZ for pacman, in the order given', async () => {
    const files = ['passport-td3.jpg', 'pacman.jpg', 'passport-td2.png'].map((f) => path.join(dir, f));
    const results = await runReadCommand(files, { readBarcode: null });
    expect(results.map((r) => r.file)).toEqual(files);
    const [td3, pacman, td2] = results;
    expect(Object.keys(td3).sort()).toEqual(['barcode', 'file', 'mrz', 'ms']);
    expect(td3.mrz).toEqual({
      format: 'TD3',
      lines: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
      valid: true,
      fields: {
        document_type: 'PASSPORT',
        issuing_country: 'UTO',
        nationality: 'UTO',
        document_number: 'L898902C3',
        family_name: 'ERIKSSON',
        given_names: 'ANNA MARIA',
        date_of_birth: '1974-08-12',
        expiration_date: '2012-04-15',
        sex: 'F',
        personal_number: 'ZE184226B',
      },
      invalid_fields: [],
    });
    expect(td3.barcode).toBeNull();
    expect(td3.ms).toBeGreaterThan(0);
    expect(pacman.mrz).toBeNull();
    expect(pacman.error).toBeUndefined();
    expect(td2.mrz?.format).toBe('TD2');
    expect(td2.mrz?.fields.document_number).toBe('D23145890');
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  });

  it('gives a missing file, a text file, a truncated JPEG and a directory an error each, and reads the rest', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'read-cmd-'));
    const text = path.join(tmp, 'notes.jpg');
    writeFileSync(text, 'this is not an image');
    const { readFileSync } = await import('node:fs');
    const truncated = path.join(tmp, 'cut.jpg');
    writeFileSync(truncated, readFileSync(path.join(dir, 'passport-td3.jpg')).subarray(0, 5000));
    const good = path.join(dir, 'passport-td3.png');
    const results = await runReadCommand([path.join(tmp, 'missing.png'), text, truncated, tmp, good], {
      readBarcode: null,
    });
    expect(results).toHaveLength(5);
    expect(results[0].error).toMatch(/not found/);
    expect(results[1].error).toMatch(/not an image/i);
    expect(results[2].error).toMatch(/truncated|damaged/i);
    expect(results[3].error).toMatch(/directory/);
    for (const r of results.slice(0, 4)) {
      expect(r.mrz).toBeNull();
      expect(r.barcode).toBeNull();
    }
    expect(results[4].error).toBeUndefined();
    expect(results[4].mrz?.valid).toBe(true);
  });

  it('passes the decoded image to the barcode reader and reports its failure per file', async () => {
    const file = path.join(dir, 'passport-td3.png');
    const seen: number[] = [];
    const ok = await runReadCommand([file], {
      readBarcode: async (img) => {
        seen.push(img.width);
        return null;
      },
    });
    expect(seen).toEqual([1334]);
    expect(ok[0].barcode).toBeNull();
    const failing = await runReadCommand([file], {
      readBarcode: async () => {
        throw new Error('zxing exploded');
      },
    });
    expect(failing[0].error).toMatch(/barcode reading failed: zxing exploded/);
    expect(failing[0].mrz?.valid).toBe(true);
  });

  it('runs the real barcode reader (zxing-wasm) by default: a passport page has no PDF417', async () => {
    const [r] = await runReadCommand([path.join(dir, 'passport-td2.jpg')]);
    expect(r.error).toBeUndefined();
    expect(r.barcode).toBeNull();
    expect(r.mrz?.fields.document_number).toBe('D23145890');
  });
});
