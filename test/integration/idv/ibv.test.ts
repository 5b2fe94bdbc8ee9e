// In-Branch Verification end to end. The Node SDK has no IBV methods, so the relying party's IBV
// calls are signed raw requests through yoti's RequestBuilder (as Yoti's IBV docs show); results
// are read with the SDK. The letter is read back as a person and a branch would: its text with
// pdftotext, its QR code with zxing-wasm on a pdftoppm render. The branch station is a registered
// station using the typed branch client (idv/ibv/branchClient.ts).
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Payload, RequestBuilder } from 'yoti';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchApiError, createBranchClient, type BranchClient } from '../../../idv/ibv/branchClient';
import { SPECIMEN_TD3_MRZ, clientApi, fixture, startHarness, waitForState, type Harness } from './support';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

interface RawResponse {
  status: number;
  json: Record<string, unknown>;
  bytes: Buffer | null;
}

/** A signed RP request through yoti's RequestBuilder; non-2xx answers come back, not thrown. */
async function signed(
  h: Harness,
  method: 'GET' | 'PUT' | 'POST',
  endpoint: string,
  body?: unknown,
  options: { binary?: boolean; base?: string } = {},
): Promise<RawResponse> {
  const builder = new RequestBuilder()
    .withBaseUrl(options.base ?? h.server.rpApiUrl)
    .withPemString(h.privateKeyPem)
    .withEndpoint(endpoint)
    .withMethod(method)
    .withQueryParam('sdkId', h.sdkId);
  if (body !== undefined) builder.withPayload(new Payload(body));
  try {
    const response = await builder.build().execute(options.binary === true);
    const parsed = response.getParsedResponse() as unknown;
    return {
      status: response.getStatusCode(),
      json: Buffer.isBuffer(parsed) ? {} : ((parsed ?? {}) as Record<string, unknown>),
      bytes: Buffer.isBuffer(parsed) ? parsed : null,
    };
  } catch (err) {
    const e = err as { status?: number; response?: { text?: string } };
    return { status: e.status ?? 0, json: JSON.parse(e.response?.text || '{}') as Record<string, unknown>, bytes: null };
  }
}

function newStationKey() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

async function readLetter(pdf: Buffer): Promise<{ text: string; qr: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ibv-letter-'));
  try {
    const file = path.join(dir, 'letter.pdf');
    await writeFile(file, pdf);
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    await run('pdftoppm', ['-png', '-r', '150', '-singlefile', file, path.join(dir, 'page')]);
    const png = await readFile(path.join(dir, 'page.png'));
    const found = await readBarcodes(new Blob([png]), { formats: ['QRCode'], tryHarder: true });
    return { text, qr: found.map((b) => b.text) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const APPLICANT = { full_name: 'Anna Maria Eriksson', date_of_birth: '1974-08-12' };

function ibvSpecification(endpoint: string, profile = APPLICANT) {
  return {
    client_session_token_ttl: 86_400,
    ibv_options: { support: 'MANDATORY' },
    requested_checks: [
      { type: 'IBV_VISUAL_REVIEW_CHECK', config: { manual_check: 'IBV' } },
      { type: 'PROFILE_DOCUMENT_MATCH', config: {} },
      { type: 'ID_DOCUMENT_AUTHENTICITY', config: { manual_check: 'IBV' } },
    ],
    requested_tasks: [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', config: { manual_check: 'IBV' } }],
    resources: { applicant_profile: profile },
    notifications: {
      endpoint,
      topics: [
        'NEW_PDF_SUPPLIED',
        'INSTRUCTIONS_EMAIL_REQUESTED',
        'THANK_YOU_EMAIL_REQUESTED',
        'FIRST_BRANCH_VISIT',
        'SESSION_COMPLETION',
      ],
    },
  };
}

describe('In-Branch Verification', () => {
  let h: Harness;
  let branch: BranchClient;
  let otherBusinessBranch: BranchClient;
  const topics: string[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      topics.push(String((JSON.parse(Buffer.concat(chunks).toString()) as { topic?: string }).topic));
      res.writeHead(200).end();
    });
  });
  let endpoint = '';

  beforeAll(async () => {
    const wasm = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ibv`;
    h = await startHarness();
    const key = newStationKey();
    const stationId = await h.server.branchStations.register({
      sdkId: h.sdkId,
      name: 'Post Office, High Street',
      publicKeyPem: key.publicKey,
    });
    branch = createBranchClient({
      branchApiUrl: h.server.branchApiUrl,
      clientApiUrl: h.server.clientApiUrl,
      stationId,
      privateKeyPem: key.privateKey,
    });
    const other = await h.server.apps.create('another business');
    const otherKey = newStationKey();
    otherBusinessBranch = createBranchClient({
      branchApiUrl: h.server.branchApiUrl,
      clientApiUrl: h.server.clientApiUrl,
      stationId: await h.server.branchStations.register({
        sdkId: other.sdkId,
        name: 'Another business branch',
        publicKeyPem: otherKey.publicKey,
      }),
      privateKeyPem: otherKey.privateKey,
    });
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('goes end to end: ibv_options, the letter (text and QR), the branch opens, captures, reviews, COMPLETED', async () => {
    const created = await signed(h, 'POST', '/sessions', ibvSpecification(endpoint));
    expect(created.status).toBe(201);
    const sessionId = String(created.json.session_id);
    const personToken = String(created.json.client_session_token);

    // The requirements say the branch (IBV) provides them.
    const config = await h.idv.getSessionConfiguration(sessionId);
    const capture = config.getCapture();
    if (!capture) throw new Error('the configuration has no capture section');
    const [requirement] = capture.getIdDocumentResourceRequirements();
    expect(requirement.getAttemptsRemaining()).toEqual({ GENERIC: 3, RECLASSIFICATION: 2 });
    expect(requirement.getAllowedSources().map((s) => s.getType())).toEqual(['IBV']);

    const instructions = {
      contact_profile: { first_name: 'Anna', last_name: 'Eriksson', email: 'anna@example.com' },
      documents: [
        {
          requirement_id: requirement.getId(),
          document: { type: 'ID_DOCUMENT', country_code: 'UTO', document_type: 'PASSPORT' },
        },
      ],
      branch: { type: 'UK_POST_OFFICE', name: 'High Street', address: '1 High Street, Town', post_code: 'AB1 2CD' },
    };
    expect((await signed(h, 'PUT', `/sessions/${sessionId}/instructions`, instructions)).status).toBe(200);
    expect((await signed(h, 'GET', `/sessions/${sessionId}/instructions`)).json).toEqual(instructions);
    expect((await signed(h, 'GET', `/sessions/${sessionId}/instructions/contact-profile`)).json).toEqual(
      instructions.contact_profile,
    );
    const email = await signed(h, 'POST', `/sessions/${sessionId}/instructions/email`, {});
    expect(email.status).toBe(202);
    expect(email.json).toMatchObject({ request: 1, sent: false });

    const pdf = await signed(h, 'GET', `/sessions/${sessionId}/instructions/pdf`, undefined, { binary: true });
    expect(pdf.status).toBe(200);
    const letter = await readLetter(pdf.bytes as Buffer);
    expect(letter.text).toContain('In-Branch Verification letter');
    expect(letter.text).toContain('not a Yoti letter');
    expect(letter.text).toContain('Applicant: Anna Maria Eriksson');
    expect(letter.text).toContain('- PASSPORT issued by UTO');
    expect(letter.text).toContain('1 High Street, Town');
    expect(letter.qr).toHaveLength(1);
    expect(letter.qr[0]).toMatch(new RegExp(`^IDVLOCAL-IBV:1:${sessionId}:[A-Za-z0-9_-]{32}$`));

    // At home the person cannot capture: this session's documents are seen at the branch.
    const home = await clientApi(h, sessionId, personToken).createDocument('UTO', 'PASSPORT');
    expect(home.status).toBe(403);
    expect(home.json.code).toBe('IBV_CAPTURE_IN_BRANCH');

    // Another business's station cannot open it; nothing changes (the real branch still can).
    await expect(otherBusinessBranch.openLetter(letter.qr[0])).rejects.toMatchObject({
      status: 403,
      code: 'LETTER_OTHER_BUSINESS',
    });

    const opened = await branch.openLetter(letter.qr[0]);
    expect(opened.session_id).toBe(sessionId);
    expect(opened.instructions).toEqual(instructions);
    await expect(branch.openLetter(letter.qr[0])).rejects.toMatchObject({ status: 409, code: 'LETTER_USED' });

    const doc = await branch.createDocument(opened, 'UTO', 'PASSPORT');
    const resourceId = String(doc.resource_id);
    await branch.uploadPage(opened, resourceId, 'front', await fixture('passport-td3.jpg'));
    await branch.putMrz(opened, resourceId, SPECIMEN_TD3_MRZ);
    const reviewed = await branch.postVisualReview(sessionId, { decision: 'APPROVE', reviewer: 'clerk 12' });
    expect(reviewed).toMatchObject({ recorded: true, applied_to: [] });
    await branch.submit(opened);

    const result = await waitForState(h, sessionId, 'COMPLETED');
    const byType = new Map(result.getChecks().map((c) => [c.getType(), c]));
    const visual = byType.get('IBV_VISUAL_REVIEW_CHECK');
    expect(visual?.getState()).toBe('DONE');
    expect(visual?.getReport().getRecommendation().getValue()).toBe('APPROVE');
    expect(visual?.getReport().getBreakdown().map((b) => [b.getSubCheck(), b.getProcess()])).toEqual([
      ['branch_visual_review', 'EXPERT_REVIEW'],
    ]);
    expect(byType.get('ID_DOCUMENT_AUTHENTICITY')?.getReport().getRecommendation().getValue()).toBe('APPROVE');
    const profileMatch = byType.get('PROFILE_DOCUMENT_MATCH')?.getReport();
    expect(profileMatch?.getRecommendation().getValue()).toBe('APPROVE');
    expect(profileMatch?.getBreakdown().map((b) => [b.getSubCheck(), b.getResult()])).toEqual([
      ['full_name_match', 'PASS'],
      ['date_of_birth_match', 'PASS'],
    ]);
    await expect.poll(() => topics.includes('SESSION_COMPLETION'), { timeout: 10_000 }).toBe(true);
    expect(topics).toEqual(
      expect.arrayContaining([
        'INSTRUCTIONS_EMAIL_REQUESTED',
        'NEW_PDF_SUPPLIED',
        'FIRST_BRANCH_VISIT',
        'THANK_YOU_EMAIL_REQUESTED',
      ]),
    );
  });

  it('PROFILE_DOCUMENT_MATCH rejects a document that is not the applicant’s', async () => {
    const created = await signed(h, 'POST', '/sessions', {
      ...ibvSpecification(endpoint, { full_name: 'Someone Else', date_of_birth: '1990-01-01' }),
      requested_checks: [{ type: 'PROFILE_DOCUMENT_MATCH', config: {} }],
      requested_tasks: [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', config: {} }],
    });
    const sessionId = String(created.json.session_id);
    const pdf = await signed(h, 'GET', `/sessions/${sessionId}/instructions/pdf`, undefined, { binary: true });
    const { qr } = await readLetter(pdf.bytes as Buffer);
    const opened = await branch.openLetter(qr[0]);
    const doc = await branch.createDocument(opened, 'UTO', 'PASSPORT');
    await branch.uploadPage(opened, String(doc.resource_id), 'front', await fixture('passport-td3.jpg'));
    await branch.putMrz(opened, String(doc.resource_id), SPECIMEN_TD3_MRZ);
    await branch.submit(opened);
    const result = await waitForState(h, sessionId, 'COMPLETED');
    const report = result.getChecks().find((c) => c.getType() === 'PROFILE_DOCUMENT_MATCH')?.getReport();
    expect(report?.getRecommendation().getValue()).toBe('REJECT');
    expect(report?.getRecommendation().getReason()).toBe('NAME_MISMATCH');
  });

  it('refuses bad, unknown and replaced letters, and unregistered stations, in words, changing nothing', async () => {
    const created = await signed(h, 'POST', '/sessions', ibvSpecification(endpoint));
    const sessionId = String(created.json.session_id);
    const first = await readLetter(
      (await signed(h, 'GET', `/sessions/${sessionId}/instructions/pdf`, undefined, { binary: true })).bytes as Buffer,
    );
    const second = await readLetter(
      (await signed(h, 'GET', `/sessions/${sessionId}/instructions/pdf`, undefined, { binary: true })).bytes as Buffer,
    );
    const refusal = (qr: string) => branch.openLetter(qr).catch((e: unknown) => e as BranchApiError);

    expect(await refusal('hello')).toMatchObject({ status: 400, code: 'NOT_A_LETTER_CODE' });
    expect(await refusal(`IDVLOCAL-IBV:1:${sessionId}:${'A'.repeat(32)}`)).toMatchObject({
      status: 404,
      code: 'LETTER_NOT_FOUND',
    });
    // A new letter replaces the earlier one.
    expect(await refusal(first.qr[0])).toMatchObject({ status: 404, code: 'LETTER_NOT_FOUND' });
    const unregistered = await createBranchClient({
      branchApiUrl: h.server.branchApiUrl,
      clientApiUrl: h.server.clientApiUrl,
      stationId: '00000000-0000-4000-a000-000000000000',
      privateKeyPem: newStationKey().privateKey,
    })
      .openLetter(second.qr[0])
      .catch((e: unknown) => e);
    expect(unregistered).toMatchObject({ status: 401, code: 'UNKNOWN_SDK_ID' });
    // Still openable: none of the refusals used it.
    expect((await branch.openLetter(second.qr[0])).session_id).toBe(sessionId);
  });

  it('refuses a letter whose session has lapsed', async () => {
    const created = await signed(h, 'POST', '/sessions', { ...ibvSpecification(endpoint), client_session_token_ttl: 60 });
    const sessionId = String(created.json.session_id);
    const { qr } = await readLetter(
      (await signed(h, 'GET', `/sessions/${sessionId}/instructions/pdf`, undefined, { binary: true })).bytes as Buffer,
    );
    // Within the signature window, so the station's request still authenticates.
    h.clock.offsetMs = 61_000;
    try {
      expect(await branch.openLetter(qr[0]).catch((e: unknown) => e)).toMatchObject({
        status: 410,
        code: 'LETTER_EXPIRED',
        message: 'this letter has expired; the applicant needs a new session from their organisation',
      });
    } finally {
      h.clock.offsetMs = 0;
    }
  });

  it('refuses IBV calls on a session without ibv_options, and instructions naming an unknown requirement', async () => {
    const plain = await signed(h, 'POST', '/sessions', {
      requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY', config: {} }],
    });
    const plainId = String(plain.json.session_id);
    const refused = await signed(h, 'GET', `/sessions/${plainId}/instructions/pdf`);
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('NOT_AN_IBV_SESSION');

    const ibv = await signed(h, 'POST', '/sessions', ibvSpecification(endpoint));
    const ibvId = String(ibv.json.session_id);
    const badRequirement = await signed(h, 'PUT', `/sessions/${ibvId}/instructions`, {
      documents: [{ requirement_id: 'nope', document: { type: 'ID_DOCUMENT', country_code: 'UTO', document_type: 'PASSPORT' } }],
    });
    expect(badRequirement.status).toBe(400);
    expect(badRequirement.json.code).toBe('UNKNOWN_REQUIREMENT');
    expect((await signed(h, 'GET', `/sessions/${ibvId}/instructions`)).json.code).toBe('INSTRUCTIONS_NOT_FOUND');
  });

  it('the sandbox skips the branch: the person captures, the visual review is posted as the sandbox’s', async () => {
    const created = await signed(h, 'POST', '/sessions', ibvSpecification(endpoint), { base: h.server.sandboxApiUrl });
    const sessionId = String(created.json.session_id);
    const api = clientApi(h, sessionId, String(created.json.client_session_token));
    const doc = await api.createDocument('UTO', 'PASSPORT');
    expect(doc.status).toBe(201);
    await api.uploadPage(String(doc.json.resource_id), 'front', await fixture('passport-td3.jpg'));
    await api.putMrz(String(doc.json.resource_id), SPECIMEN_TD3_MRZ);
    await api.submit();
    await h.server.idle();
    expect((await h.idv.getSession(sessionId)).getState()).toBe('ONGOING');
    const skip = await signed(
      h,
      'PUT',
      `/sessions/${sessionId}/ibv/visual-review`,
      { decision: 'APPROVE', reviewer: 'test' },
      { base: h.server.sandboxApiUrl },
    );
    expect(skip.status).toBe(200);
    const result = await waitForState(h, sessionId, 'COMPLETED');
    const visual = result.getChecks().find((c) => c.getType() === 'IBV_VISUAL_REVIEW_CHECK');
    expect(visual?.getReport().getRecommendation().getValue()).toBe('APPROVE');
    expect(visual?.getReport().getBreakdown()[0].getDetails().find((d) => d.getName() === 'reviewer')?.getValue()).toBe(
      'sandbox: test',
    );

    // On the normal path the same call is refused.
    const normal = await signed(h, 'POST', '/sessions', ibvSpecification(endpoint));
    const refused = await signed(
      h,
      'PUT',
      `/sessions/${String(normal.json.session_id)}/ibv/visual-review`,
      { decision: 'APPROVE', reviewer: 'test' },
      { base: h.server.sandboxApiUrl },
    );
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('NOT_A_SANDBOX_SESSION');
  });
});
