// The branch station's visual review and its submit are recorded in the kiosk's audit log (who,
// when, kiosk, session, the outcome and each point, a hash of what staff reviewed), in a real log
// that still verifies, with the key and through `audit verify`; no audit log refuses the review
// before the service is called.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BranchClient } from '../../../idv/ibv/branchClient';
import { createBranchVisits } from '../../../electron/services/branch/branchVisits';
import { openAuditLog } from '../../../electron/services/audit/auditLog';
import { sessionReference } from '../../../electron/services/audit/sessionReference';
import { silentLogger } from '../../../platform/logger';
import { removeTempDirs, tempDir } from '../audit/auditFixtures';
import { CODE, SESSION, fakeBranchClient } from './branchLetterFixture';

/** The branch API, its page uploads answered without feedback. */
const client = () => fakeBranchClient({ uploadPage: vi.fn(async () => ({ media_id: 'm1' })) });

const result = {
  getState: () => 'COMPLETED',
  getChecks: () => [
    { getType: () => 'IBV_VISUAL_REVIEW_CHECK', getReport: () => ({ getRecommendation: () => ({ getValue: () => 'REJECT' }) }) },
  ],
};

function visits(c: BranchClient, audit: Parameters<typeof createBranchVisits>[0]['audit']) {
  return createBranchVisits({
    client: c,
    clientApi: { createLiveness: vi.fn(), uploadLivenessFrame: vi.fn() },
    audit,
    broker: { getSession: vi.fn(async () => result as never), getMediaContent: vi.fn(async () => null) },
    serviceInfo: { kind: 'embedded', label: 'Local IDV service', baseUrl: 'http://127.0.0.1:1' },
    staffName: () => 'Clerk 12',
    staffAccountId: () => 'acct-clerk-12',
    print: null,
    kioskId: () => 'k1',
    logger: silentLogger,
  });
}

afterEach(removeTempDirs);

describe('branch review in the audit log', () => {
  it('records the review (outcome, each point, note, report hash) and the submit (its checks); the log verifies', async () => {
    const dataDir = await tempDir();
    const key = randomBytes(32);
    const log = await openAuditLog({ dataDir, key, kioskId: 'branch-kiosk-7', policy: () => ({ retentionDays: 365, personalData: 'none' }), logger: silentLogger });
    try {
      const v = visits(client(), log);
      const opened = await v.handlers.branchOpenLetter({ kind: 'code', code: CODE });
      if (opened.outcome !== 'OPENED') throw new Error('not opened');
      await v.handlers.branchCapturePage({ visit: opened.visit, side: 'front', image: new Uint8Array([1, 2, 3]), mime: 'image/jpeg' });
      await v.handlers.branchRecordReview({ visit: opened.visit, documentInHand: true, photoMatchesPerson: false, detailsMatchProfile: true, note: ' older photo ' });
      const submitted = await v.handlers.branchSubmit({ visit: opened.visit });
      expect(submitted.reference).toBe(sessionReference(SESSION));
      // A second read of the result does not record the submit again.
      await v.handlers.branchSubmit({ visit: opened.visit });

      const entries = log.entries().map((r) => r.entry);
      expect(entries.map((e) => e.kind)).toEqual(['branchReview', 'branchReview']);
      const [review, submit] = entries;
      expect(review).toMatchObject({
        seq: 1,
        kioskId: 'branch-kiosk-7',
        kind: 'branchReview',
        stage: 'review',
        staffAccountId: 'acct-clerk-12',
        sessionId: SESSION,
        decision: 'reject',
        points: { documentInHand: true, photoMatchesPerson: false, detailsMatchProfile: true },
        note: 'older photo',
        checks: [],
      });
      expect(submit).toMatchObject({
        seq: 2,
        stage: 'submit',
        decision: 'reject',
        checks: [{ type: 'IBV_VISUAL_REVIEW_CHECK', recommendation: 'REJECT' }],
      });
      if (review.kind !== 'branchReview' || submit.kind !== 'branchReview') throw new Error('kinds');
      expect(review.reportHash).toMatch(/^[0-9a-f]{64}$/);
      expect(submit.reportHash).toMatch(/^[0-9a-f]{64}$/);
      expect(submit.reportHash).not.toBe(review.reportHash);
      expect(JSON.stringify(entries)).not.toContain('secret-capture-token');
      expect(log.verify()).toMatchObject({ ok: true });
    } finally {
      log.close();
    }
    // IT's tool agrees (a child process on the same folder).
    const cli = await promisify(execFile)(
      process.execPath,
      [path.resolve('node_modules/tsx/dist/cli.mjs'), 'electron/services/audit/auditCli.ts', 'verify', '--data', dataDir],
      { cwd: path.resolve('.') },
    ).catch((err: { stdout: string; stderr: string; code: number }) => err);
    expect(cli.stdout).toContain('2 entries');
  });

  it('the same review of different pages has a different report hash', async () => {
    const hashes: string[] = [];
    for (const page of [new Uint8Array([1]), new Uint8Array([2])]) {
      const recorded: string[] = [];
      const v = visits(client(), { recordBranchReview: (e) => (recorded.push(e.reportHash), null as never) });
      const opened = await v.handlers.branchOpenLetter({ kind: 'code', code: CODE });
      if (opened.outcome !== 'OPENED') throw new Error('not opened');
      await v.handlers.branchCapturePage({ visit: opened.visit, side: 'front', image: page, mime: 'image/jpeg' });
      await v.handlers.branchRecordReview({ visit: opened.visit, documentInHand: true, photoMatchesPerson: true, detailsMatchProfile: true });
      hashes.push(recorded[0] ?? '');
    }
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[1]).not.toBe(hashes[0]);
  });

  it('no audit log: the review is refused in words before the service is called', async () => {
    const c = client();
    const v = visits(c, null);
    const opened = await v.handlers.branchOpenLetter({ kind: 'code', code: CODE });
    if (opened.outcome !== 'OPENED') throw new Error('not opened');
    await expect(
      v.handlers.branchRecordReview({ visit: opened.visit, documentInHand: true, photoMatchesPerson: true, detailsMatchProfile: true }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: 'The audit log cannot be opened on this kiosk: branch reviews cannot be recorded. Ask IT.',
    });
    expect(c.postVisualReview).not.toHaveBeenCalled();
  });
});
