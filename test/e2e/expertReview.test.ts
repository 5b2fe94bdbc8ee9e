// Expert review at the staff station end to end: the kiosk's embedded service, a session created
// (with the kiosk's own app, through the yoti SDK) whose authenticity check asks for manual_check
// ALWAYS, a page uploaded and submitted; staff sign in through the hidden corner, open the review,
// approve; the check completes with an EXPERT_REVIEW breakdown. Screenshots and axe on each screen.
import { IDVClient, RequestedDocumentAuthenticityCheckBuilder, SessionSpecificationBuilder } from 'yoti';
import { describe, expect, it } from 'vitest';
import type { EmbeddedApp } from '../../electron/host/composeKiosk';
import { call, fixture } from '../integration/idv/support';
import { screenshot, waitForScreen } from './support/kioskHarness';
import { kioskForSuite } from './support/kioskSuite';
import { createFirstAdmin, seriousViolations, tapStaffCorner } from './support/staffScreens';

const ADMIN = { name: 'ada', displayName: 'Ada Lovelace', pin: '246813' };

describe('kiosk e2e: expert review at the staff station (embedded service, manual_check ALWAYS)', () => {
  let app: EmbeddedApp | null = null;
  const kioskUnderTest = kioskForSuite({
    camera: 'none',
    runtime: {
      vision: 'none',
      onEmbeddedAppCreated: (created) => {
        app = created;
      },
    },
  });

  it('staff sign in, open the waiting session, approve: the check completes with EXPERT_REVIEW', async () => {
    const kiosk = kioskUnderTest();
    const { page, runtime } = kiosk;
    if (!app) throw new Error('the embedded app was not created');
    const apiUrl = `${runtime.service.baseUrl}/idverify/v1`;
    const idv = new IDVClient(app.sdkId, app.privateKeyPem, { apiUrl });
    const created = await idv.createSession(
      new SessionSpecificationBuilder()
        .withRequestedCheck(new RequestedDocumentAuthenticityCheckBuilder().withManualCheckAlways().build())
        .build(),
    );
    const sessionId = created.getSessionId();
    const token = created.getClientSessionToken();
    const base = `${apiUrl}/client/sessions/${sessionId}`;
    const doc = await call(`${base}/resources/id-documents`, {
      method: 'POST',
      token,
      body: { issuing_country: 'UTO', document_type: 'PASSPORT' },
    });
    expect(doc.status).toBe(201);
    const page1 = await call(`${base}/resources/id-documents/${String(doc.json.resource_id)}/pages/front/media`, {
      method: 'PUT',
      token,
      raw: await fixture('passport-td3.jpg'),
      headers: { 'Content-Type': 'image/jpeg' },
    });
    expect(page1.status).toBeLessThan(300);
    expect((await call(`${base}/submit`, { method: 'POST', token })).status).toBeLessThan(300);
    await expect
      .poll(async () => (await idv.getSession(sessionId)).getAuthenticityChecks()[0]?.getState(), { timeout: 30_000 })
      .toBe('PROCESSING');

    // The hidden corner: the first admin, then the staff home.
    await waitForScreen(page, 'attract');
    await tapStaffCorner(page);
    await waitForScreen(page, 'staffPin');
    await createFirstAdmin(page, ADMIN);
    await waitForScreen(page, 'staffHome');

    await page.getByTestId('expert-review-menu').click();
    await page.getByTestId('expert-review-list').waitFor();
    expect(await page.getByTestId('expert-review-list').textContent()).toContain('Document authenticity (an expert always decides)');
    await screenshot(page, 'staff-expert-review-1-list');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('expert-review-open-0').click();
    await page.getByTestId('expert-review-decide').waitFor();
    expect(await page.getByTestId('expert-review-state').textContent()).not.toBe('');
    // The post waits for an outcome.
    expect(await page.getByTestId('expert-review-post').isDisabled()).toBe(true);
    await page.getByTestId('expert-review-reject').click();
    expect(await page.getByTestId('expert-review-post').isDisabled()).toBe(true);
    await page.getByTestId('expert-review-approve').click();
    await screenshot(page, 'staff-expert-review-2-session');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('expert-review-post').click();
    await page.getByTestId('expert-review-posted').waitFor();
    expect(await page.getByTestId('expert-review-posted').textContent()).toContain('Approve sent');
    await page.getByTestId('expert-review-all-done').waitFor();
    await screenshot(page, 'staff-expert-review-3-approved');
    expect(await seriousViolations(page)).toEqual([]);
    // The breakdown on screen now carries the expert's sub-check.
    expect(await page.getByTestId('expert-review').textContent()).toMatch(/expert_review|Expert review/);

    const done = await idv.getSession(sessionId);
    expect(done.getState()).toBe('COMPLETED');
    const report = done.getAuthenticityChecks()[0].getReport();
    expect(report.getRecommendation().getValue()).toBe('APPROVE');
    const expert = report.getBreakdown().filter((b) => b.getProcess() === 'EXPERT_REVIEW');
    expect(expert.map((b) => [b.getSubCheck(), b.getResult()])).toEqual([['expert_review', 'PASS']]);
    expect(expert[0].getDetails().find((d) => d.getName() === 'reviewer')?.getValue()).toBe(ADMIN.displayName);

    // Back to the list: nothing waits any more.
    await page.getByTestId('expert-review-back').click();
    await page.getByTestId('expert-review-none').waitFor();
    expect(kiosk.pageErrors).toEqual([]); // includes CSP violations
  });
});
