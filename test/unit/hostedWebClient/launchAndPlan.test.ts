// The hosted page's pure parts: both launch methods and Yoti's codes for what is missing, the
// parent events it accepts, the client API errors as Yoti codes, and what it reads from the
// session's configuration (documents, face, sdk_config), refusing what it cannot capture.
import { describe, expect, it } from 'vitest';
import { clientBaseFor, finishUrl, parseSdkConfig, planSession, presetCountry } from '../../../idv/web/src/sessionPlan';
import {
  codeForApiError,
  describeYotiCode,
  launchFromMessage,
  launchFromQuery,
  parseParentEvent,
} from '../../../idv/web/src/yotiEvents';

const TOKEN = 'tok_abcdefghijklmnop0123';

describe('launch', () => {
  it('reads sessionID and sessionToken from the URL', () => {
    expect(launchFromQuery(`?sessionID=s1&sessionToken=${TOKEN}`, true)).toEqual({
      kind: 'launch',
      params: { sessionId: 's1', sessionToken: TOKEN },
    });
  });
  it('waits for the parent when framed without parameters, and fails 2004 at the top level', () => {
    expect(launchFromQuery('', true)).toEqual({ kind: 'wait' });
    expect(launchFromQuery('', false)).toEqual({ kind: 'error', code: 2004 });
  });
  it('names the missing half with 2003 (token) or 2004 (id)', () => {
    expect(launchFromQuery('?sessionID=s1', true)).toEqual({ kind: 'error', code: 2003 });
    expect(launchFromQuery(`?sessionToken=${TOKEN}`, true)).toEqual({ kind: 'error', code: 2004 });
    expect(launchFromQuery(`?sessionID=../x&sessionToken=${TOKEN}`, true)).toEqual({ kind: 'error', code: 2004 });
  });
  it("takes Yoti's INIT_SESSION message and ignores every other message", () => {
    expect(launchFromMessage({ eventType: 'INIT_SESSION', sessionID: 's2', sessionToken: TOKEN })).toEqual({
      kind: 'launch',
      params: { sessionId: 's2', sessionToken: TOKEN },
    });
    expect(launchFromMessage({ eventType: 'INIT_SESSION', sessionID: 's2' })).toEqual({ kind: 'error', code: 2003 });
    expect(launchFromMessage({ eventType: 'SUCCESS' })).toBeNull();
    expect(launchFromMessage('INIT_SESSION')).toBeNull();
  });
  it('parses the events a parent receives', () => {
    expect(parseParentEvent({ eventType: 'SUCCESS' })).toEqual({ eventType: 'SUCCESS' });
    expect(parseParentEvent({ eventType: 'ERROR', eventCode: 2002 })).toEqual({ eventType: 'ERROR', eventCode: 2002 });
    expect(parseParentEvent({ eventType: 'ERROR', eventCode: '2002' })).toBeNull();
    expect(parseParentEvent({ eventType: 'ERROR' })).toBeNull();
    expect(describeYotiCode(4000)).toBe('Camera permission was not granted');
    expect(describeYotiCode(9999)).toBe('Unknown error code 9999');
  });
  it('maps client API refusals to Yoti codes', () => {
    expect(codeForApiError(401, 'TOKEN_EXPIRED')).toBe(2000);
    expect(codeForApiError(401, 'INVALID_TOKEN')).toBe(2000);
    expect(codeForApiError(403, 'TOKEN_SESSION_MISMATCH')).toBe(2001);
    expect(codeForApiError(409, 'SESSION_CLOSED')).toBe(2002);
    expect(codeForApiError(409, 'NO_ATTEMPTS_REMAINING')).toBe(4001);
    expect(codeForApiError(0, null)).toBe(3002);
    expect(codeForApiError(503, 'STORE_BUSY')).toBe(3000);
    expect(codeForApiError(400, 'INVALID_ID_DOCUMENT')).toBe(5004);
  });
  it('finds the client API from where the page is served, sandbox included', () => {
    expect(clientBaseFor('http://127.0.0.1:9/idverify/v1/web/index.html?x=1')).toBe('http://127.0.0.1:9/idverify/v1/client');
    expect(clientBaseFor('https://h/sandbox/idverify/v1/web/index.html')).toBe('https://h/idverify/v1/client');
  });
});

const config = (resources: unknown[], extra: Record<string, unknown> = {}) => ({
  session_id: 's1',
  state: 'ONGOING',
  submitted: false,
  capture: { biometric_consent: 'NOT_REQUIRED', required_resources: resources },
  service: { kind: 'LOCAL', label: 'Local IDV service' },
  ...extra,
});
const doc = {
  type: 'ID_DOCUMENT',
  id: 'r1',
  state: 'REQUIRED',
  allowed_capture_methods: 'CAMERA',
  supported_countries: [
    { code: 'UTO', is_specimen: true, supported_documents: [{ type: 'PASSPORT', required_pages: ['front'] }] },
    { code: 'GBR', supported_documents: [{ type: 'DRIVING_LICENCE', required_pages: ['front', 'back'] }] },
  ],
};

describe('planSession', () => {
  it('lists the documents still needed and whether a face is', () => {
    const r = planSession(config([doc, { type: 'LIVENESS', id: 'l1', state: 'REQUIRED', liveness_type: 'STATIC' }]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.documents).toHaveLength(1);
    expect(r.plan.documents[0].captureMethods).toBe('CAMERA');
    expect(r.plan.documents[0].countries.map((c) => [c.code, c.specimen, c.documents[0].pages])).toEqual([
      ['UTO', true, ['front']],
      ['GBR', false, ['front', 'back']],
    ]);
    expect(r.plan.face).toBe(true);
    expect(r.plan.serviceLabel).toBe('Local IDV service');
  });
  it('skips what is complete; an optional face capture asks nothing', () => {
    const r = planSession(config([{ ...doc, state: 'COMPLETE' }, { type: 'FACE_CAPTURE', id: 'f', state: 'OPTIONAL' }]));
    expect(r.ok && r.plan.documents.length === 0 && r.plan.face === false).toBe(true);
  });
  it('refuses an expired session (2002) and what it cannot capture (5008), in words', () => {
    expect(planSession(config([doc], { state: 'EXPIRED' }))).toEqual({ ok: false, code: 2002, why: 'the session has expired' });
    expect(planSession(config([{ type: 'SUPPLEMENTARY_DOCUMENT', state: 'REQUIRED' }]))).toEqual({
      ok: false,
      code: 5008,
      why: 'the session asks for a SUPPLEMENTARY_DOCUMENT, which this page cannot capture',
    });
    expect(planSession(config([{ type: 'LIVENESS', state: 'REQUIRED', liveness_type: 'ZOOM' }]))).toEqual({
      ok: false,
      code: 5008,
      why: 'a ZOOM liveness capture is not offered here',
    });
  });
  it('asks for biometric consent when a face is needed and it is not given yet', () => {
    const liveness = [{ type: 'LIVENESS', state: 'REQUIRED' }];
    const withConsent = (c: string) =>
      planSession({ ...config(liveness), capture: { biometric_consent: c, required_resources: liveness } });
    expect(withConsent('REQUIRED')).toMatchObject({ ok: true, plan: { face: true, biometricConsent: true } });
    expect(withConsent('GIVEN')).toMatchObject({ ok: true, plan: { face: true, biometricConsent: false } });
    expect(planSession(config([doc]))).toMatchObject({ ok: true, plan: { face: false, biometricConsent: false } });
  });
  it('honours sdk_config: locale, colours, preset country, success and error URLs; drops unsafe values', () => {
    const sdk = parseSdkConfig({
      locale: 'es-ES',
      primary_colour: '#2d9fff',
      secondary_colour: 'red; background:url(x)',
      font_colour: '#fff',
      preset_issuing_country: 'GBR',
      success_url: 'https://rp.example/ok',
      error_url: 'https://rp.example/error?x=1',
      privacy_policy_url: 'javascript:alert(1)',
    });
    expect(sdk).toEqual({
      locale: 'es-ES',
      colours: { primary: '#2d9fff', secondary: null, font: '#fff' },
      presetCountry: 'GBR',
      successUrl: 'https://rp.example/ok',
      errorUrl: 'https://rp.example/error?x=1',
      privacyPolicyUrl: null,
    });
    const r = planSession(config([doc]));
    if (!r.ok) throw new Error('plan');
    expect(presetCountry(r.plan.documents[0], sdk)?.code).toBe('GBR');
    expect(presetCountry(r.plan.documents[0], { ...sdk, presetCountry: 'FRA' })).toBeNull();
    expect(finishUrl(sdk, null)).toBe('https://rp.example/ok');
    expect(finishUrl(sdk, { code: 2000 })).toBe('https://rp.example/error?x=1&yotiErrorCode=2000');
    expect(finishUrl(parseSdkConfig({}), { code: 2000 })).toBeNull();
  });
});
