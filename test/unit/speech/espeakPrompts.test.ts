// Every language's spoken prompts really make sound: each is rendered to WAV with Debian's
// espeak-ng (the engine speech-dispatcher uses on a Linux kiosk) and must not be silent (RMS above
// a floor, long enough to be words). A language espeak-ng has no voice for is skipped, saying so.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { createKioskI18n, intlTagOf, SUPPORTED_LOCALES } from '../../../renderer/i18n';

// What the kiosk says: screen instructions and live guidance (the catalogue's keys).
const PROMPTS = [
  'attract.title',
  'attract.subtitle',
  'consent.title',
  'document.countryTitle',
  'capture.titlePassport',
  'capture.hint',
  'capture.guidance.TOO_SMALL',
  'capture.guidance.NOT_STEADY',
  'capture.guidance.ready',
  'face.title',
  'face.guidance',
  'review.accepted',
  'uploading.title',
  'done.title',
];
/** Quieter than this (of 32767) is silence or hiss, not speech. */
const RMS_FLOOR = 300;
const MIN_SECONDS = 0.3;

const espeak = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' });
const haveEspeak = espeak.status === 0;

/** espeak-ng's voice for a kiosk language: its language subtag (Mandarin is "cmn"). */
function voiceOf(locale: string): string {
  const language = intlTagOf(locale).split('-')[0]!;
  return language === 'zh' ? 'cmn' : language;
}
function voiceExists(voice: string): boolean {
  return spawnSync('espeak-ng', ['-v', voice, '-q', 'a'], { encoding: 'utf8' }).status === 0;
}

function render(voice: string, text: string): { rms: number; seconds: number } {
  const bytes = execFileSync('espeak-ng', ['-v', voice, '--stdout', text], { maxBuffer: 64 << 20 });
  const wav = new wavefile.WaveFile(new Uint8Array(bytes));
  const fmt = wav.fmt as { sampleRate: number; bitsPerSample: number; numChannels: number };
  expect([fmt.bitsPerSample, fmt.numChannels]).toEqual([16, 1]);
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return { rms: Math.sqrt(sum / Math.max(1, samples.length)), seconds: samples.length / fmt.sampleRate };
}

describe.skipIf(!haveEspeak)(
  'spoken prompts render to audio with espeak-ng (scripts/install-os-deps.sh)',
  () => {
    it.for([...SUPPORTED_LOCALES])('%s: every prompt is audible', (locale, { skip }) => {
      const voice = voiceOf(locale);
      if (!voiceExists(voice)) skip(`espeak-ng has no "${voice}" voice for ${locale}`);
      const { t } = createKioskI18n(locale).global;
      const quiet: string[] = [];
      for (const key of PROMPTS) {
        const text = t(key);
        expect(text, key).not.toBe(key); // a real prompt, not a missing key
        const { rms, seconds } = render(voice, text);
        if (rms < RMS_FLOOR || seconds < MIN_SECONDS)
          quiet.push(`${key}: rms ${rms.toFixed(0)}, ${seconds.toFixed(2)} s`);
      }
      expect(quiet).toEqual([]);
    });
  },
);
