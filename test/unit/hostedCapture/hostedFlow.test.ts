// The hosted steps of the kiosk flow: consent → hosted (starting, open) → waiting for the result
// on SUCCESS; a screen that says what happened otherwise, with a way on; cancel back to attract.
import { describe, expect, it } from 'vitest';
import { HOSTED_START, hostedTransition, type HostedFlowState } from '../../../renderer/flow/flowMachine';

const open: HostedFlowState = { name: 'hosted', phase: 'open', handle: 'h1-abcdefghijklmnop' };

describe('hosted flow', () => {
  it('consent starts it; main opening the page makes it open', () => {
    const started = hostedTransition({ name: 'consent', starting: false }, { type: 'hostedRequested' });
    expect(started).toEqual(HOSTED_START);
    expect(hostedTransition(started, { type: 'hostedOpened', handle: 'h1-abcdefghijklmnop' })).toEqual(open);
  });

  it('SUCCESS for this handle waits for the result; for another handle nothing moves', () => {
    const ended = { type: 'hostedEnded', code: null, message: 'sent' } as const;
    expect(hostedTransition(open, { ...ended, handle: 'h1-abcdefghijklmnop', outcome: 'SUCCESS' })).toEqual({
      name: 'uploading',
      stage: 'waiting',
    });
    expect(hostedTransition(open, { ...ended, handle: 'old-abcdefghijklmnop', outcome: 'SUCCESS' })).toBe(open);
  });

  it('ERROR, a page that failed and no answer in time each get a problem screen with the words', () => {
    expect(
      hostedTransition(open, {
        type: 'hostedEnded',
        handle: 'h1-abcdefghijklmnop',
        outcome: 'ERROR',
        code: 4000,
        message: 'Camera permission was not granted',
      }),
    ).toEqual({ name: 'hostedProblem', problem: 'ERROR', code: 4000, message: 'Camera permission was not granted' });
    const timeout = hostedTransition(open, {
      type: 'hostedEnded',
      handle: 'h1-abcdefghijklmnop',
      outcome: 'TIMEOUT',
      code: null,
      message: 'The verification page did not finish in time.',
    });
    expect(timeout).toMatchObject({ name: 'hostedProblem', problem: 'TIMEOUT' });
    expect(hostedTransition(timeout, { type: 'hostedRetry' })).toEqual(HOSTED_START);
    expect(hostedTransition(timeout, { type: 'hostedCancelled' })).toEqual({ name: 'attract', ended: 'cancelled' });
    expect(hostedTransition(HOSTED_START, { type: 'hostedStartFailed', message: 'The verification page could not be loaded.' })).toEqual({
      name: 'hostedProblem',
      problem: 'SERVICE_UNREACHABLE',
      code: null,
      message: 'The verification page could not be loaded.',
    });
  });

  it('cancel, or the view closed by main, goes back to attract', () => {
    expect(hostedTransition(open, { type: 'hostedCancelled' })).toEqual({ name: 'attract', ended: 'cancelled' });
    expect(
      hostedTransition(open, { type: 'hostedEnded', handle: 'h1-abcdefghijklmnop', outcome: 'VIEW_CLOSED', code: null, message: 'x' }),
    ).toEqual({ name: 'attract', ended: 'cancelled' });
    // Events that do not fit leave the state as it is.
    expect(hostedTransition(HOSTED_START, { type: 'hostedCancelled' })).toBe(HOSTED_START);
    const consenting: HostedFlowState = { name: 'consent', starting: true };
    expect(hostedTransition(consenting, { type: 'hostedRequested' })).toBe(consenting);
  });
});
