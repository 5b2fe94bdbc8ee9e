// The speechSynthesis adapter: the voice is chosen by the person's language (exact, then the same
// language, local voices first), the utterance carries the language, and speak() resolves when the
// engine ends or cancels the line.
import { describe, expect, it, vi } from 'vitest';
import {
  createSpeechSynthesisPort,
  voiceFor,
  type SynthesisLike,
  type VoiceLike,
} from '../../../renderer/speech/speechPort';

const voice = (lang: string, name: string, localService = true): VoiceLike => ({ lang, name, localService });

const VOICES = [
  voice('en-US', 'English (America)'),
  voice('en-GB', 'English (Great Britain)', false),
  voice('fr-FR', 'French (France)'),
  voice('pt_PT', 'Portuguese (Portugal)', false),
  voice('pt-BR', 'Portuguese (Brazil)'),
  voice('ar', 'Arabic'),
];

interface FakeUtterance {
  text: string;
  lang: string;
  voice: VoiceLike | null;
  onend: (() => void) | null;
  onerror: (() => void) | null;
}

function fakeSynth() {
  const spoken: FakeUtterance[] = [];
  const synth: SynthesisLike<VoiceLike, FakeUtterance> = {
    speak: (u) => void spoken.push(u),
    cancel: vi.fn(() => spoken.forEach((u) => u.onerror?.())),
    getVoices: () => VOICES,
  };
  const make = (text: string): FakeUtterance => ({ text, lang: '', voice: null, onend: null, onerror: null });
  return { synth, spoken, make };
}

describe('speech port: speechSynthesis adapter', () => {
  it('chooses the exact voice, else one of the same language, preferring local ones', () => {
    expect(voiceFor(VOICES, 'en-GB')?.name).toBe('English (Great Britain)');
    expect(voiceFor(VOICES, 'fr-CA')?.name).toBe('French (France)');
    expect(voiceFor(VOICES, 'pt-PT')?.name).toBe('Portuguese (Portugal)');
    expect(voiceFor(VOICES, 'pt')?.name).toBe('Portuguese (Brazil)'); // local beats remote
    expect(voiceFor(VOICES, 'ar-u-nu-latn')?.name).toBe('Arabic');
    expect(voiceFor(VOICES, 'he-IL')).toBeNull();
  });

  it('speaks in the language with its voice and resolves when the line ends', async () => {
    const { synth, spoken, make } = fakeSynth();
    const port = createSpeechSynthesisPort(synth, make);
    let done = false;
    const said = port.speak('Placez votre document', 'fr-FR').then(() => (done = true));
    expect(spoken.map((u) => [u.text, u.lang, u.voice?.name])).toEqual([
      ['Placez votre document', 'fr-FR', 'French (France)'],
    ]);
    await Promise.resolve();
    expect(done).toBe(false);
    spoken[0]!.onend?.();
    await said;
    expect(done).toBe(true);
  });

  it('without a voice for the language it still sets the language (the engine picks)', () => {
    const { synth, spoken, make } = fakeSynth();
    void createSpeechSynthesisPort(synth, make).speak('שלום', 'he-IL');
    expect([spoken[0]!.lang, spoken[0]!.voice]).toEqual(['he-IL', null]);
  });

  it('cancel stops the engine and the cut-off line resolves', async () => {
    const { synth, make } = fakeSynth();
    const port = createSpeechSynthesisPort(synth, make);
    const said = port.speak('Hold still', 'en-GB');
    port.cancel();
    await said;
    expect(synth.cancel).toHaveBeenCalledTimes(1);
  });
});
