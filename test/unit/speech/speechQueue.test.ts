// The speech queue over the recording port: what is said, in which language, in which order, and
// what is cut off or dropped (nothing talks over anything else).
import { describe, expect, it } from 'vitest';
import { createRecordingSpeechPort } from '../../../renderer/speech/speechPort';
import { createSpeechQueue } from '../../../renderer/speech/speechQueue';

function setUp(repeatGapMs = 5000) {
  let clock = 0;
  const port = createRecordingSpeechPort(() => clock);
  const queue = createSpeechQueue(port, { now: () => clock, repeatGapMs });
  queue.enabled = true;
  const said = () => port.lines.map((l) => [l.text, l.lang, l.cancelled]);
  /** The engine finishes the current line; the queue starts the next one (a microtask later). */
  const finish = async () => {
    port.finish();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { port, queue, said, finish, tick: (ms: number) => void (clock += ms) };
}

describe('speech queue', () => {
  it('says nothing while spoken guidance is off, and the screen at once when asked later', () => {
    const { port, queue } = setUp();
    queue.enabled = false;
    queue.screen('Verify your identity.', 'en-GB');
    queue.guidance('Hold still', 'en-GB');
    queue.status('Looks good.', 'en-GB');
    expect(port.lines).toEqual([]);
  });

  it('a new screen cuts off what was being said and drops what was waiting', async () => {
    const { queue, said, finish } = setUp();
    queue.screen('Photo of your passport page.', 'en-GB');
    queue.guidance('Move the document closer', 'en-GB');
    queue.screen('Check your photo.', 'en-GB');
    await finish();
    expect(said()).toEqual([
      ['Photo of your passport page.', 'en-GB', true],
      ['Check your photo.', 'en-GB', false],
    ]);
  });

  it('guidance waits for the line being said; only the newest waiting guidance is said', async () => {
    const { queue, said, finish, port } = setUp();
    queue.screen('Photo of the front of your ID card.', 'fr-FR');
    queue.guidance('Placez votre document dans le cadre', 'fr-FR');
    queue.guidance('Ne bougez plus', 'fr-FR');
    expect(port.lines).toHaveLength(1); // nothing over the instruction
    await finish();
    await finish();
    expect(said()).toEqual([
      ['Photo of the front of your ID card.', 'fr-FR', false],
      ['Ne bougez plus', 'fr-FR', false],
    ]);
  });

  it('the same guidance is not said again within the gap, and is after it', async () => {
    const { queue, said, finish, tick } = setUp(5000);
    queue.guidance('Hold still', 'en-GB');
    await finish();
    tick(4999);
    queue.guidance('Hold still', 'en-GB');
    expect(said()).toHaveLength(1);
    tick(1);
    queue.guidance('Hold still', 'en-GB');
    await finish();
    expect(said()).toEqual([
      ['Hold still', 'en-GB', false],
      ['Hold still', 'en-GB', false],
    ]);
  });

  it('repeat says the instruction and the latest guidance again, even within the gap', async () => {
    const { queue, said, finish } = setUp();
    queue.screen('Photo of your passport page.', 'en-GB');
    await finish();
    queue.guidance('Hold still', 'en-GB');
    await finish();
    queue.repeat();
    await finish();
    await finish();
    expect(said().map(([text]) => text)).toEqual([
      'Photo of your passport page.',
      'Hold still',
      'Photo of your passport page.',
      'Hold still',
    ]);
  });

  it('a verdict waits for the line being said and replaces waiting guidance', async () => {
    const { queue, said, finish } = setUp();
    queue.screen('Check your photo.', 'es-ES');
    queue.guidance('Ne bougez plus', 'es-ES');
    queue.status('Se ve bien.', 'es-ES');
    await finish();
    await finish();
    expect(said()).toEqual([
      ['Check your photo.', 'es-ES', false],
      ['Se ve bien.', 'es-ES', false],
    ]);
  });

  it('stop silences at once and forgets what waits', async () => {
    const { queue, said, finish, port } = setUp();
    queue.screen('Sending your photos.', 'en-GB');
    queue.status('1 of 2 sent', 'en-GB');
    queue.stop();
    await finish();
    expect(said()).toEqual([['Sending your photos.', 'en-GB', true]]);
    expect(port.current).toBeNull();
    await queue.idle();
  });
});
