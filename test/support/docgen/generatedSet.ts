// A deterministic set of generated MRZ document photos, written to a cache directory under the
// OS temp dir (never committed) and reused while the generator's source is unchanged.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocumentPhoto } from './documentImage';
import { type GeneratedFormat, type SpecimenData, randomSpecimen } from './mrzSpecimen';
import { seededRandom } from './seededRandom';

export const STRENGTH_LEVELS = [0, 0.2, 0.4, 0.6, 0.8, 1] as const;
/** The mild half of the strengths (the 99% bar applies to these). */
export const MILD_LEVELS = STRENGTH_LEVELS.slice(0, 3);

export interface GeneratedDocument extends SpecimenData {
  index: number;
  file: string;
  strength: number;
  params: Record<string, number | string>;
}

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Scene size in MP; default varies per document (about 1-2.5 MP). */
  megapixels?: number;
  /** Only these strengths (default: all levels, spread evenly). */
  strengths?: readonly number[];
}

const here = path.dirname(fileURLToPath(import.meta.url));

function generatorVersion(): string {
  const h = createHash('sha256');
  for (const f of ['documentImage.ts', 'mrzSpecimen.ts', 'generatedSet.ts', 'seededRandom.ts'])
    h.update(readFileSync(path.join(here, f)));
  return h.digest('hex').slice(0, 12);
}

const FORMATS: GeneratedFormat[] = ['TD1', 'TD2', 'TD3'];

/** Generates (or loads from the cache) `count` documents, formats and strengths interleaved. */
export async function generatedSet(options: GenerateOptions): Promise<GeneratedDocument[]> {
  const seed = options.seed ?? 9303;
  const strengths = options.strengths ?? STRENGTH_LEVELS;
  const key = `${generatorVersion()}-s${seed}-n${options.count}-mp${options.megapixels ?? 'var'}-st${strengths.join('_')}`;
  const dir = path.join(os.tmpdir(), 'doc-scan-kiosk-docgen', key);
  const manifest = path.join(dir, 'manifest.json');
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as GeneratedDocument[];
  mkdirSync(dir, { recursive: true });
  const docs: GeneratedDocument[] = [];
  for (let i = 0; i < options.count; i++) {
    const rng = seededRandom(seed * 100003 + i);
    const format = FORMATS[i % FORMATS.length];
    const strength = strengths[Math.floor(i / FORMATS.length) % strengths.length];
    const spec = randomSpecimen(rng, format);
    const png = i % 10 === 7;
    const photo = await renderDocumentPhoto(spec, rng, { strength, png, megapixels: options.megapixels });
    const file = path.join(
      dir,
      `doc-${String(i).padStart(4, '0')}-${format}-s${strength}.${png ? 'png' : 'jpg'}`,
    );
    writeFileSync(file, photo.bytes);
    docs.push({ ...spec, index: i, file, strength, params: photo.params });
  }
  writeFileSync(manifest, JSON.stringify(docs, null, 1));
  return docs;
}
