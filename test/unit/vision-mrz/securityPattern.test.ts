// Zones the generated set does not cover: an ID card whose MRZ sits on a wavy security print (as
// on many national ID cards), and visas (MRV-A, MRV-B: ICAO 9303-7 specimens).
import { describe, expect, it } from 'vitest';
import { readMrz } from '../../../vision/mrz/mrzReader';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { decodeRgba } from './decodeForTest';
import { renderZoneCard } from './renderZone';

const TD1 = [
  'IDD<<T220001293<<<<<<<<<<<<<<<',
  '6408125<2010315D<<<<<<<<<<<<<4',
  'MUSTERMANN<<ERIKA<<<<<<<<<<<<<',
];

describe.skipIf(!ocrbAvailable())('MRZ on a security pattern', () => {
  it.each([
    [30, 0.5, 7],
    [40, 0.8, -9],
  ])('%i waves at opacity %f, tilted %i°: reads exactly', async (waves, waveOpacity, angle) => {
    const reading = await readMrz(await decodeRgba(await renderZoneCard(TD1, { waves, waveOpacity, angle })));
    expect(reading?.lines).toEqual(TD1);
    expect(reading?.valid).toBe(true);
    expect(reading?.fields.issuing_country).toBe('D');
    expect(reading?.fields.document_number).toBe('T22000129');
  });
});

describe.skipIf(!ocrbAvailable())('visas', () => {
  it.each([
    [
      'MRVA',
      ['VIUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'],
    ],
    ['MRVB', ['VIUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<']],
  ])('%s reads with its format and fields', async (format, lines) => {
    const reading = await readMrz(await decodeRgba(await renderZoneCard(lines, { angle: 4, waves: 12 })));
    expect(reading?.format).toBe(format);
    expect(reading?.lines).toEqual(lines);
    expect(reading?.valid).toBe(true);
    expect(reading?.fields.document_number).toBe('L8988901C');
    expect(reading?.fields.date_of_birth).toBe('1940-09-07');
    expect(reading?.fields.family_name).toBe('ERIKSSON');
  });
});
