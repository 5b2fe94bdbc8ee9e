// Generated documents (TD1, TD2, TD3 in OCR-B, graded blur/noise/JPEG/rotation/perspective/glare):
// a 36-document subset here; the full 300+ set runs in `npm run -s bench -- vision`.
import { describe, expect, it } from 'vitest';
import type { MrzReading } from '../../../vision/contract';
import { readMrz } from '../../../vision/mrz/mrzReader';
import { MILD_LEVELS, STRENGTH_LEVELS, generatedSet } from '../../support/docgen/generatedSet';
import { ocrbAvailable } from '../../support/docgen/ocrbText';
import { scoreReadings } from '../../support/docgen/scoreReadings';
import { decodeRgba } from './decodeForTest';

describe.skipIf(!ocrbAvailable())('readMrz on generated documents (subset)', () => {
  it(
    'reads the mild half exactly, and never reports a wrong field with a valid check digit',
    { timeout: 300_000 },
    async () => {
      const docs = await generatedSet({ count: 36, seed: 4711 });
      expect(new Set(docs.map((d) => d.strength)).size).toBe(STRENGTH_LEVELS.length);
      const readings: (MrzReading | null)[] = [];
      for (const d of docs) readings.push(await readMrz(await decodeRgba(d.file)));
      const score = scoreReadings(docs, readings, MILD_LEVELS);
      console.log(
        JSON.stringify({
          by_strength: score.by_strength,
          mild: score.mild_exact_share,
          overall: score.overall_exact_share,
        }),
      );
      expect(score.wrong_fields_with_valid_check).toBe(0);
      expect(score.mild_exact_share).toBeGreaterThanOrEqual(0.99);
      expect(score.overall_exact_share).toBeGreaterThanOrEqual(0.85);
    },
  );
});
