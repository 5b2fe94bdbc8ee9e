// The service logs through the Logger it is given (platform/logger.ts): entries with ids and
// reasons, never a client session token. The deprecated `log(line)` callback still gets each entry.
import { afterEach, describe, expect, it } from 'vitest';
import { analyseUploadedPage } from '../../../idv/pipeline/runPipeline';
import type { PipelinePort } from '../../../idv/api/apiContext';
import { recordingLogger } from '../../support/recordingLogger';
import { clientApi, fixture, fullSpecification, startHarness, type Harness } from './support';

const failingPipeline: PipelinePort = {
  analyseUploadedPage,
  runPipeline: async () => {
    throw new Error('checks exploded');
  },
};

async function submitOneSession(h: Harness) {
  const created = await h.idv.createSession(fullSpecification());
  const token = created.getClientSessionToken();
  const client = clientApi(h, created.getSessionId(), token);
  const doc = await client.createDocument('UTO', 'PASSPORT');
  await client.uploadPage(String(doc.json.resource_id), 'front', await fixture('passport-td3.jpg'));
  const live = await client.createLiveness();
  await client.uploadFrame(String(live.json.resource_id), await fixture('passport-td2.jpg'));
  expect((await client.submit()).status).toBe(202);
  await h.server.idle();
  return { sessionId: created.getSessionId(), token };
}

describe('logging', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('logs a failed processing as a warning with the session id and the reason, no token', async () => {
    const logger = recordingLogger();
    h = await startHarness({ logger, pipeline: failingPipeline });
    const { sessionId, token } = await submitOneSession(h);
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: 'processing failed',
      fields: { sessionId, reason: 'checks exploded' },
    });
    expect(JSON.stringify(logger.lines)).not.toContain(token);
  });

  it('still hands each entry to the old log callback, as one JSON line', async () => {
    const lines: string[] = [];
    h = await startHarness({ log: (line) => lines.push(line), pipeline: failingPipeline });
    const { sessionId } = await submitOneSession(h);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'processing failed', sessionId, reason: 'checks exploded' }),
    );
  });
});
