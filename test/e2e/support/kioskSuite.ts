// One kiosk for a whole describe block: the renderer built and the kiosk started before its tests,
// the kiosk closed after them. The returned function gives the running kiosk inside a test.
import { afterAll, beforeAll } from 'vitest';
import { buildRenderer } from '../../../scripts/browserHost';
import { startKiosk, type KioskUnderTest, type KioskUnderTestOptions } from './kioskHarness';

export function kioskForSuite(options: KioskUnderTestOptions, startTimeoutMs?: number): () => KioskUnderTest {
  let kiosk: KioskUnderTest | undefined;
  beforeAll(async () => {
    await buildRenderer();
    kiosk = await startKiosk(options);
  }, startTimeoutMs);
  afterAll(async () => {
    await kiosk?.close();
  });
  return () => {
    if (!kiosk) throw new Error('the kiosk did not start (see the beforeAll failure)');
    return kiosk;
  };
}
