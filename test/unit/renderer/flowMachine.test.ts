// The pure flow machine: which events each state accepts, and that the rest leave it as it is.
import { describe, expect, it } from 'vitest';
import {
  INITIAL_STATE,
  transition,
  type FlowEvent,
  type FlowState,
  type ReviewState,
} from '../../../renderer/flow/flowMachine';

const run = (state: FlowState, ...events: FlowEvent[]): FlowState => events.reduce(transition, state);

const review = (
  over: Partial<ReviewState['page']> = {},
  pages: Array<'front' | 'back'> = ['front'],
): ReviewState => ({
  name: 'review',
  pages,
  side: 'front',
  page: {
    token: 7,
    auto: false,
    encoded: true,
    status: 'accepted',
    feedback: null,
    attemptsRemaining: null,
    ...over,
  },
});

const ALL_EVENTS: FlowEvent[] = [
  { type: 'begin' },
  { type: 'sessionRequested' },
  { type: 'sessionStarted' },
  { type: 'documentRequested' },
  { type: 'documentSelected', pages: ['front'] },
  { type: 'pageTaken', token: 1, auto: false },
  { type: 'pageEncoded', token: 1 },
  { type: 'pagePhotoFailed', token: 1 },
  { type: 'pageChecked', token: 1, status: 'accepted', feedback: null, attemptsRemaining: null },
  { type: 'retake' },
  { type: 'confirmPage' },
  { type: 'faceTaken' },
  { type: 'faceUploaded' },
  { type: 'submitted' },
  { type: 'reportReady', showable: true },
  { type: 'staffRequested' },
  { type: 'staffCancelled' },
  { type: 'staffSignedIn' },
  { type: 'staffSignedOut' },
  { type: 'cameraUnavailable', kind: 'noCamera' },
  { type: 'cameraRestored' },
  { type: 'retry' },
  { type: 'retakeAfterError' },
];

describe('flow machine: the way through', () => {
  it('walks a two-sided document from attract to the result', () => {
    let s = run(INITIAL_STATE, { type: 'begin' }, { type: 'sessionRequested' });
    expect(s).toEqual({ name: 'consent', starting: true });
    s = run(
      s,
      { type: 'sessionStarted' },
      { type: 'documentRequested' },
      { type: 'documentSelected', pages: ['front', 'back'] },
    );
    expect(s).toEqual({ name: 'capture', pages: ['front', 'back'], side: 'front' });
    s = run(s, { type: 'pageTaken', token: 1, auto: true });
    expect(s).toMatchObject({
      name: 'review',
      side: 'front',
      page: { token: 1, auto: true, encoded: false, status: 'checking' },
    });
    s = run(
      s,
      { type: 'pageEncoded', token: 1 },
      { type: 'pageChecked', token: 1, status: 'accepted', feedback: null, attemptsRemaining: null },
    );
    s = run(s, { type: 'confirmPage' });
    expect(s).toEqual({ name: 'capture', pages: ['front', 'back'], side: 'back' });
    s = run(
      s,
      { type: 'pageTaken', token: 2, auto: false },
      { type: 'pageEncoded', token: 2 },
      { type: 'pageChecked', token: 2, status: 'queued', feedback: null, attemptsRemaining: null },
      { type: 'confirmPage' },
    );
    expect(s).toEqual({ name: 'face' });
    s = run(s, { type: 'faceTaken' }, { type: 'faceUploaded' }, { type: 'submitted' });
    expect(s).toEqual({ name: 'uploading', stage: 'waiting' });
    s = run(s, { type: 'reportReady', showable: true }, { type: 'staffRequested' });
    expect(s).toEqual({ name: 'staffPin', back: 'done' });
    s = run(s, { type: 'staffSignedIn' });
    expect(s).toEqual({ name: 'result' });
  });

  it('an empty page list from the service still captures the front', () => {
    const s = run({ name: 'document', selecting: true }, { type: 'documentSelected', pages: [] });
    expect(s).toEqual({ name: 'capture', pages: ['front'], side: 'front' });
  });

  it('ended always goes back to attract, saying why', () => {
    expect(transition(review(), { type: 'ended', reason: 'timeout' })).toEqual({
      name: 'attract',
      ended: 'timeout',
    });
    expect(transition({ name: 'result' }, { type: 'ended', reason: 'finished' })).toEqual({
      name: 'attract',
      ended: 'finished',
    });
  });
});

describe('flow machine: events that do not fit leave the state unchanged', () => {
  const states: FlowState[] = [
    INITIAL_STATE,
    { name: 'consent', starting: false },
    { name: 'consent', starting: true },
    { name: 'document', selecting: false },
    { name: 'capture', pages: ['front'], side: 'front' },
    review({ token: 1, encoded: false, status: 'checking' }),
    { name: 'face' },
    { name: 'uploading', stage: 'face' },
    { name: 'done', showable: false },
    { name: 'done', showable: true },
    { name: 'staffPin', back: 'done' },
    { name: 'staffPin', back: 'attract' },
    { name: 'result' },
    { name: 'staffHome' },
    { name: 'error', error: { kind: 'sessionExpired', detail: null }, resume: { to: 'restart' } },
  ];
  // The events each state moves on; every other event must return the very same object.
  const accepted: Record<string, string[]> = {
    attract: ['begin', 'staffRequested'],
    'consent:false': ['sessionRequested'],
    'consent:true': ['sessionStarted'],
    'document:false': ['documentRequested'],
    capture: ['pageTaken', 'cameraUnavailable'],
    review: ['pageEncoded', 'pagePhotoFailed', 'retake'],
    face: ['faceTaken', 'cameraUnavailable'],
    'uploading:face': ['faceUploaded'],
    'done:false': [],
    'done:true': ['staffRequested'],
    'staffPin:done': ['staffCancelled', 'staffSignedIn'],
    'staffPin:attract': ['staffCancelled', 'staffSignedIn'],
    result: ['staffSignedOut'],
    staffHome: ['staffSignedOut'],
    error: [],
  };
  const keyOf = (s: FlowState): string =>
    s.name === 'consent'
      ? `consent:${s.starting}`
      : s.name === 'document'
        ? `document:${s.selecting}`
        : s.name === 'uploading'
          ? `uploading:${s.stage}`
          : s.name === 'done'
            ? `done:${s.showable}`
            : s.name === 'staffPin'
              ? `staffPin:${s.back}`
              : s.name;

  it.each(states.map((s) => [keyOf(s), s] as const))('%s', (key, state) => {
    for (const event of ALL_EVENTS) {
      const next = transition(state, event);
      if (accepted[key]?.includes(event.type)) expect(next, `${key} + ${event.type}`).not.toBe(state);
      else expect(next, `${key} + ${event.type}`).toBe(state);
    }
    // Failures reach every state but attract (nothing runs there).
    const failed = transition(state, {
      type: 'failed',
      error: { kind: 'unexpected', detail: 'x' },
      resume: { to: 'restart' },
    });
    if (state.name === 'attract') expect(failed).toBe(state);
    else expect(failed).toMatchObject({ name: 'error', error: { kind: 'unexpected' } });
  });

  it('a review cannot be confirmed while the photo is encoded or checked', () => {
    const encoding = review({ encoded: false, status: 'checking' });
    expect(transition(encoding, { type: 'confirmPage' })).toBe(encoding);
    const checking = review({ encoded: true, status: 'checking' });
    expect(transition(checking, { type: 'confirmPage' })).toBe(checking);
    expect(transition(review({ status: 'rejected' }), { type: 'confirmPage' })).toEqual({ name: 'face' });
  });

  it('keeps the tries left that the service gave, and takes no retake when none are left', () => {
    const checking = review({ token: 7, encoded: true, status: 'checking' });
    const rejected = transition(checking, {
      type: 'pageChecked',
      token: 7,
      status: 'rejected',
      feedback: { acceptable: false, issues: ['BLURRED'] },
      attemptsRemaining: 0,
    });
    expect(rejected).toMatchObject({ name: 'review', page: { status: 'rejected', attemptsRemaining: 0 } });
    // The service would refuse a retake: the retake event is ignored, keeping this photo stays open.
    expect(transition(rejected, { type: 'retake' })).toBe(rejected);
    expect(transition(rejected, { type: 'confirmPage' })).toEqual({ name: 'face' });
    const oneLeft = review({ status: 'rejected', attemptsRemaining: 1 });
    expect(transition(oneLeft, { type: 'retake' })).toEqual({
      name: 'capture',
      pages: ['front'],
      side: 'front',
    });
  });

  it('answers about another photo (an older token) are dropped', () => {
    const s = review({ token: 7, encoded: true, status: 'checking' });
    expect(
      transition(s, {
        type: 'pageChecked',
        token: 6,
        status: 'rejected',
        feedback: null,
        attemptsRemaining: null,
      }),
    ).toBe(s);
    expect(transition(s, { type: 'pageEncoded', token: 6 })).toBe(s);
    expect(transition(s, { type: 'pagePhotoFailed', token: 7 })).toBe(s); // already encoded: nothing failed
    const encoding = review({ token: 7, encoded: false, status: 'checking' });
    expect(
      transition(encoding, {
        type: 'pageChecked',
        token: 7,
        status: 'accepted',
        feedback: null,
        attemptsRemaining: null,
      }),
    ).toBe(encoding);
  });

  it('a report only ends the wait once the face is sent', () => {
    const face = { name: 'uploading', stage: 'face' } as const;
    expect(transition(face, { type: 'reportReady', showable: true })).toBe(face);
    expect(
      transition({ name: 'uploading', stage: 'submit' }, { type: 'reportReady', showable: false }),
    ).toEqual({
      name: 'done',
      showable: false,
    });
  });

  it('an unattended done screen never leads to the PIN screen or the result', () => {
    const done = { name: 'done', showable: false } as const;
    expect(transition(done, { type: 'staffRequested' })).toBe(done);
  });
});

describe('flow machine: the staff station', () => {
  const customerEvents = ALL_EVENTS.filter((e) => e.type !== 'staffSignedIn');
  const customerStates: FlowState[] = [
    INITIAL_STATE,
    { name: 'consent', starting: true },
    { name: 'document', selecting: true },
    { name: 'capture', pages: ['front'], side: 'front' },
    review(),
    { name: 'face' },
    { name: 'uploading', stage: 'waiting' },
    { name: 'done', showable: true },
    { name: 'done', showable: false },
    { name: 'staffPin', back: 'done' },
    { name: 'staffPin', back: 'attract' },
  ];

  it('no event but a successful sign-in leads from a customer screen to a signed-in staff screen', () => {
    // Every customer state, every event but staffSignedIn, two steps deep.
    for (const from of customerStates)
      for (const a of customerEvents)
        for (const b of customerEvents) {
          const to = run(from, a, b);
          expect(['result', 'staffHome'], `${from.name} + ${a.type} + ${b.type}`).not.toContain(to.name);
        }
  });

  it('the staffed done screen leads to the PIN screen, the PIN screen to the review on sign-in', () => {
    const pin = transition({ name: 'done', showable: true }, { type: 'staffRequested' });
    expect(pin).toEqual({ name: 'staffPin', back: 'done' });
    expect(transition(pin, { type: 'staffCancelled' })).toEqual({ name: 'done', showable: true });
    expect(transition(pin, { type: 'staffSignedIn' })).toEqual({ name: 'result' });
  });

  it('the hidden entry on attract: PIN screen, Cancel back to attract, sign-in to the staff home', () => {
    const pin = transition(INITIAL_STATE, { type: 'staffRequested' });
    expect(pin).toEqual({ name: 'staffPin', back: 'attract' });
    expect(transition(pin, { type: 'staffCancelled' })).toEqual({ name: 'attract', ended: null });
    expect(transition(pin, { type: 'staffSignedIn' })).toEqual({ name: 'staffHome' });
  });

  it('signing out leaves the review for attract', () => {
    expect(transition({ name: 'result' }, { type: 'staffSignedOut' })).toEqual({
      name: 'attract',
      ended: null,
    });
    expect(transition({ name: 'staffHome' }, { type: 'staffSignedOut' })).toEqual({
      name: 'attract',
      ended: null,
    });
  });
});

describe('flow machine: errors and the way back', () => {
  it('a camera error keeps the capture step it came from and returns to it', () => {
    const capture: FlowState = { name: 'capture', pages: ['front', 'back'], side: 'back' };
    const err = transition(capture, { type: 'cameraUnavailable', kind: 'cameraLost' });
    expect(err).toEqual({
      name: 'error',
      error: { kind: 'cameraLost', detail: null },
      resume: { to: 'camera', step: capture },
    });
    // A second camera report while on the error screen changes nothing.
    expect(transition(err, { type: 'cameraUnavailable', kind: 'noCamera' })).toBe(err);
    expect(transition(err, { type: 'cameraRestored' })).toBe(capture);
    expect(transition(err, { type: 'retry' })).toBe(capture);
  });

  it('cameraRestored does nothing on a non-camera error', () => {
    const err: FlowState = {
      name: 'error',
      error: { kind: 'uploadFailed', detail: null },
      resume: { to: 'face' },
    };
    expect(transition(err, { type: 'cameraRestored' })).toBe(err);
  });

  it('a failed page upload retries the same page or retakes it', () => {
    const r = review({ token: 3, status: 'checking' }, ['front', 'back']);
    const err = transition(r, {
      type: 'failed',
      error: { kind: 'uploadFailed', detail: null },
      resume: { to: 'page', review: r },
    });
    expect(transition(err, { type: 'retry' })).toEqual({
      ...r,
      page: { ...r.page, status: 'checking', feedback: null, attemptsRemaining: null },
    });
    expect(transition(err, { type: 'retakeAfterError' })).toEqual({
      name: 'capture',
      pages: ['front', 'back'],
      side: 'front',
    });
  });

  it('each resume leads where "try again" should', () => {
    const err = (resume: Extract<FlowState, { name: 'error' }>['resume']): FlowState => ({
      name: 'error',
      error: { kind: 'serviceUnreachable', detail: null },
      resume,
    });
    expect(transition(err({ to: 'startSession' }), { type: 'retry' })).toEqual({
      name: 'consent',
      starting: true,
    });
    expect(transition(err({ to: 'document' }), { type: 'retry' })).toEqual({
      name: 'document',
      selecting: false,
    });
    expect(transition(err({ to: 'face' }), { type: 'retry' })).toEqual({ name: 'uploading', stage: 'face' });
    expect(transition(err({ to: 'face' }), { type: 'retakeAfterError' })).toEqual({ name: 'face' });
    expect(transition(err({ to: 'submit' }), { type: 'retry' })).toEqual({
      name: 'uploading',
      stage: 'submit',
    });
    expect(transition(err({ to: 'report' }), { type: 'retry' })).toEqual({
      name: 'uploading',
      stage: 'waiting',
    });
    expect(transition(err({ to: 'report' }), { type: 'reportReady', showable: true })).toEqual({
      name: 'done',
      showable: true,
    });
    const restart = err({ to: 'restart' });
    expect(transition(restart, { type: 'retry' })).toBe(restart);
    expect(transition(restart, { type: 'retakeAfterError' })).toBe(restart);
  });
});
