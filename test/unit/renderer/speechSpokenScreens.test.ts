// @vitest-environment happy-dom
// Spoken guidance in the app: off until the person turns it on (attract), then each screen's
// instruction in the chosen language, the repeat button, the review's verdict after the
// instruction, and silence once the visit ends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { createRecordingSpeechPort, type RecordingSpeechPort } from '../../../renderer/speech/speechPort';
import { mountApp as mountAppWith, stallCamera, tearDownApp } from './appShellHarness';
import { image, setUpFlow, type FlowHarness } from './flowHarness';

let h: FlowHarness;
let port: RecordingSpeechPort;

beforeEach(() => {
  stallCamera();
  port = createRecordingSpeechPort();
  h = setUpFlow({ countries: ['FRA'] }, { reportPollMs: 60_000, createSpeechPort: () => port });
});
afterEach(() => tearDownApp(h));

async function mountApp(): Promise<VueWrapper> {
  const wrapper = mountAppWith(h);
  await flushPromises();
  return wrapper;
}
const said = () => port.lines.map((l) => [l.text, l.lang]);
const lastSaid = () => port.lines.at(-1);

describe('spoken guidance', () => {
  it('says nothing until turned on; then the screen in the chosen language, again on a language change', async () => {
    const w = await mountApp();
    expect(port.lines).toEqual([]);
    await w.find('[data-testid="toggle-speech"]').trigger('click');
    await flushPromises();
    expect(said()).toEqual([
      [
        'Verify your identity. Have your passport, driving licence or ID card ready. It takes about two minutes.',
        'en-GB',
      ],
    ]);
    await w.find('[data-language="fr"]').trigger('click');
    await flushPromises();
    expect(lastSaid()?.lang).toBe('fr-FR');
    expect(lastSaid()?.text).toMatch(/^Vérifiez votre identité\./);
    expect(port.lines[0]!.cancelled).toBe(true); // the English line was cut off, not talked over
  });

  it('says each new screen, and the repeat button says it again', async () => {
    const w = await mountApp();
    await w.find('[data-testid="toggle-speech"]').trigger('click');
    await w.find('[data-testid="start"]').trigger('click');
    await flushPromises();
    expect(lastSaid()?.text).toMatch(/^Before we start\. We will take photos/);
    const count = port.lines.length;
    await w.find('[data-testid="speech-repeat"]').trigger('click');
    await flushPromises();
    expect(port.lines).toHaveLength(count + 1);
    expect(lastSaid()?.text).toBe(port.lines[count - 1]!.text);
    // One country offered: chosen for the person, so the document screen asks for the type.
    await w.find('[data-testid="consent-accept"]').trigger('click');
    await flushPromises();
    expect(lastSaid()?.text).toBe('Which document do you have?');
  });

  it("says the review's verdict after the screen's instruction", async () => {
    const w = await mountApp();
    await w.find('[data-testid="toggle-speech"]').trigger('click');
    await w.find('[data-testid="start"]').trigger('click');
    await w.find('[data-testid="consent-accept"]').trigger('click');
    await flushPromises();
    await h.flow.chooseDocumentType('PASSPORT');
    await flushPromises();
    expect(lastSaid()?.text).toMatch(/^Photo of your passport page with your picture\./);
    await h.flow.pageCaptured(image());
    await flushPromises();
    expect(port.current?.text).toBe('Check your photo.');
    port.finish();
    await flushPromises();
    expect(lastSaid()?.text).toBe('Looks good. Is all the text sharp and readable? 2 tries left');
  });

  it('goes quiet and off when the visit ends', async () => {
    const w = await mountApp();
    await w.find('[data-testid="toggle-speech"]').trigger('click');
    await w.find('[data-testid="start"]').trigger('click');
    await flushPromises();
    await h.flow.endSession('cancelled');
    await flushPromises();
    expect(port.current).toBeNull();
    expect(w.find('[data-testid="toggle-speech"]').attributes('aria-pressed')).toBe('false');
    const count = port.lines.length;
    await w.find('[data-testid="start"]').trigger('click');
    await flushPromises();
    expect(port.lines).toHaveLength(count); // the next person starts without it
  });
});
