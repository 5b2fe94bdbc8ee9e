// The staff report from a session result as the yoti SDK parses it: checks with their
// recommendation (NOT_AVAILABLE and why when there is none), the document's fields, the page images,
// the face and the document's portrait as bytes with their type, and where the result came from.
import { describe, expect, it } from 'vitest';
import type { ServiceInfo } from '../../../common/ipc/contract';
import { buildStaffReport, type ReportDeps } from '../../../electron/services/reportBuilder';
import type { MediaContent } from '../../../electron/services/sessionBroker';
import { LOCAL_SERVICE_LABEL, serviceInfoFor } from '../../../electron/services/serviceInfo';
import { sessionResult } from './support/sessionResult';

const HANDLE = 'handle_0123456789abcdef';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(32, 2)]);
const PORTRAIT = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xdb]), Buffer.alloc(48, 7)]);
const SOURCE: ServiceInfo = serviceInfoFor('embedded', 'http://127.0.0.1:4100');

/** Media by id, and which ids were asked for. */
function mediaStore(media: Record<string, MediaContent | null>): ReportDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async getMediaContent(id) {
      asked.push(id);
      return media[id] ?? null;
    },
  };
}

const media = (id: string) => ({ media: { id, type: 'IMAGE' } });

const COMPLETED = {
  session_id: 'sess-1',
  state: 'COMPLETED',
  checks: [
    {
      type: 'ID_DOCUMENT_AUTHENTICITY',
      id: 'c1',
      state: 'DONE',
      last_updated: '2026-03-01T10:00:00Z',
      report: {
        recommendation: { value: 'APPROVE' },
        breakdown: [
          {
            sub_check: 'document_in_date',
            result: 'PASS',
            details: [{ name: 'expiry', value: '2031-04-15' }],
          },
        ],
      },
    },
    {
      type: 'LIVENESS',
      id: 'c2',
      state: 'DONE',
      last_updated: '2026-03-01T10:00:05Z',
      report: {
        recommendation: {
          value: 'NOT_AVAILABLE',
          reason: 'IMAGE_ANALYSIS_UNAVAILABLE',
          recovery_suggestion: 'Ask staff to check the face by eye.',
        },
        breakdown: [],
      },
    },
    { type: 'ID_DOCUMENT_FACE_MATCH', id: 'c3', state: 'CREATED' },
    {
      type: 'ID_DOCUMENT_TEXT_DATA_CHECK',
      id: 'c4',
      state: 'DONE',
      last_updated: '2026-03-01T09:59:00Z',
      report: { recommendation: { value: 'SOMETHING_NEW' }, breakdown: [] },
    },
  ],
  resources: {
    id_documents: [
      {
        id: 'doc-1',
        document_type: 'NATIONAL_ID',
        issuing_country: 'UTO',
        pages: [
          { capture_method: 'CAMERA', ...media('m-front') },
          { capture_method: 'CAMERA', ...media('m-back') },
        ],
        document_fields: media('m-fields'),
        document_id_photo: media('m-portrait'),
      },
    ],
    liveness_capture: [{ id: 'live-1', liveness_type: 'STATIC', image: media('m-face') }],
  },
};

describe('buildStaffReport', () => {
  it('names each check with its recommendation, or NOT_AVAILABLE and why', async () => {
    const report = await buildStaffReport(HANDLE, SOURCE, sessionResult(COMPLETED), mediaStore({}));
    expect(report.checks).toEqual([
      {
        type: 'ID_DOCUMENT_AUTHENTICITY',
        state: 'DONE',
        recommendation: { value: 'APPROVE' },
        breakdown: [
          {
            subCheck: 'document_in_date',
            result: 'PASS',
            details: [{ name: 'expiry', value: '2031-04-15' }],
          },
        ],
      },
      {
        type: 'LIVENESS',
        state: 'DONE',
        recommendation: {
          value: 'NOT_AVAILABLE',
          reason: 'IMAGE_ANALYSIS_UNAVAILABLE',
          recoverySuggestion: 'Ask staff to check the face by eye.',
        },
        breakdown: [],
      },
      {
        type: 'ID_DOCUMENT_FACE_MATCH',
        state: 'CREATED',
        recommendation: { value: 'NOT_AVAILABLE', reason: 'No report yet (check state CREATED)' },
        breakdown: [],
      },
      // A recommendation the contract does not know is not passed on as if it were one.
      {
        type: 'ID_DOCUMENT_TEXT_DATA_CHECK',
        state: 'DONE',
        recommendation: {
          value: 'NOT_AVAILABLE',
          reason: 'The service gave a recommendation the kiosk does not know (SOMETHING_NEW)',
        },
        breakdown: [],
      },
    ]);
  });

  it('carries the document, its fields, the pages and the face as bytes with their type', async () => {
    const fields = { full_name: 'ANNA MARIA ERIKSSON', document_number: 'L898902C3' };
    const deps = mediaStore({
      'm-front': { content: JPEG, mimeType: 'image/jpeg' },
      'm-back': { content: PNG, mimeType: 'image/png' },
      'm-fields': { content: Buffer.from(JSON.stringify(fields)), mimeType: 'application/json' },
      'm-face': { content: JPEG, mimeType: 'image/jpeg' },
      'm-portrait': { content: PORTRAIT, mimeType: 'image/jpeg' },
    });
    const report = await buildStaffReport(HANDLE, SOURCE, sessionResult(COMPLETED), deps);
    expect(report).toMatchObject({
      handle: HANDLE,
      source: { kind: 'embedded', label: LOCAL_SERVICE_LABEL, baseUrl: 'http://127.0.0.1:4100' },
      sessionState: 'COMPLETED',
      documentType: 'NATIONAL_ID',
      issuingCountry: 'UTO',
      documentFields: fields,
      completedAt: '2026-03-01T10:00:05.000Z', // the latest check update
    });
    expect(
      report.pages.map((p) => [
        p.side,
        p.image.mime,
        Buffer.from(p.image.bytes).equals(p.side === 'front' ? JPEG : PNG),
      ]),
    ).toEqual([
      ['front', 'image/jpeg', true],
      ['back', 'image/png', true],
    ]);
    expect(report.face?.mime).toBe('image/jpeg');
    expect(Buffer.from(report.face!.bytes).equals(JPEG)).toBe(true);
    // The document id photo (getDocumentIdPhoto()) is the portrait staff compare the face with.
    expect(report.portrait?.mime).toBe('image/jpeg');
    expect(Buffer.from(report.portrait!.bytes).equals(PORTRAIT)).toBe(true);
    expect(deps.asked.sort()).toEqual(['m-back', 'm-face', 'm-fields', 'm-front', 'm-portrait']);
  });

  it('shows the face that face match compared with the portrait', async () => {
    const json = {
      ...COMPLETED,
      checks: [
        {
          type: 'ID_DOCUMENT_FACE_MATCH',
          id: 'c3',
          state: 'DONE',
          resources_used: ['doc-1', 'fc-1'],
          report: { recommendation: { value: 'APPROVE' }, breakdown: [] },
        },
      ],
      resources: { ...COMPLETED.resources, face_capture: [{ id: 'fc-1', image: media('m-capture') }] },
    };
    const report = await buildStaffReport(
      HANDLE,
      SOURCE,
      sessionResult(json),
      mediaStore({
        'm-face': { content: JPEG, mimeType: 'image/jpeg' },
        'm-capture': { content: PNG, mimeType: 'image/png' },
      }),
    );
    expect(Buffer.from(report.face!.bytes).equals(PNG)).toBe(true);
    // Without a face match check, the liveness image comes first.
    const unmatched = await buildStaffReport(
      HANDLE,
      SOURCE,
      sessionResult({ ...json, checks: [] }),
      mediaStore({
        'm-face': { content: JPEG, mimeType: 'image/jpeg' },
        'm-capture': { content: PNG, mimeType: 'image/png' },
      }),
    );
    expect(Buffer.from(unmatched.face!.bytes).equals(JPEG)).toBe(true);
  });

  it('gives each image its own memory (a pooled Buffer slice would carry other bytes over IPC)', async () => {
    const pooled = Buffer.from(JPEG); // small Buffers are slices of a shared pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    const report = await buildStaffReport(
      HANDLE,
      SOURCE,
      sessionResult(COMPLETED),
      mediaStore({ 'm-front': { content: pooled, mimeType: 'image/jpeg' } }),
    );
    const bytes = report.pages[0].image.bytes;
    expect(bytes.buffer.byteLength).toBe(JPEG.length);
    expect(Buffer.from(bytes).equals(JPEG)).toBe(true);
  });

  it('leaves out what the contract cannot carry: missing, empty or non-JPEG/PNG media, fields that are not an object', async () => {
    const report = await buildStaffReport(
      HANDLE,
      SOURCE,
      sessionResult(COMPLETED),
      mediaStore({
        'm-front': { content: Buffer.alloc(0), mimeType: 'image/jpeg' },
        'm-back': { content: JPEG, mimeType: 'image/webp' },
        'm-fields': { content: Buffer.from('[1,2]'), mimeType: 'application/json' },
        'm-face': null,
      }),
    );
    expect(report.pages).toEqual([]);
    expect(report.face).toBeNull();
    expect(report.portrait).toBeNull();
    expect(report.documentFields).toBeNull();
  });

  it('falls back to a face capture resource when the liveness resource has no image', async () => {
    const json = {
      ...COMPLETED,
      resources: {
        ...COMPLETED.resources,
        liveness_capture: [{ id: 'live-1', liveness_type: 'STATIC' }],
        face_capture: [{ id: 'fc-1', image: media('m-capture') }],
      },
    };
    const report = await buildStaffReport(
      HANDLE,
      SOURCE,
      sessionResult(json),
      mediaStore({ 'm-capture': { content: PNG, mimeType: 'image/png' } }),
    );
    expect(report.face?.mime).toBe('image/png');
    expect(Buffer.from(report.face!.bytes).equals(PNG)).toBe(true);
  });

  it('an unfinished session has no completion time and no document yet', async () => {
    const report = await buildStaffReport(
      HANDLE,
      SOURCE,
      sessionResult({ session_id: 'sess-2', state: 'ONGOING' }),
      mediaStore({}),
    );
    expect(report).toEqual({
      handle: HANDLE,
      source: SOURCE,
      sessionState: 'ONGOING',
      documentType: null,
      issuingCountry: null,
      checks: [],
      documentFields: null,
      pages: [],
      face: null,
      portrait: null,
      completedAt: null,
      fieldSources: [],
      captureNotes: [],
    });
  });
});

describe('serviceInfoFor', () => {
  it('labels a local-service result as not a Yoti verification, whichever way it runs', () => {
    expect(serviceInfoFor('embedded', 'http://127.0.0.1:1').label).toBe(LOCAL_SERVICE_LABEL);
    expect(serviceInfoFor('standalone', 'http://10.0.0.2:4100').label).toBe(
      `${LOCAL_SERVICE_LABEL} (standalone)`,
    );
    expect(serviceInfoFor('yoti', 'https://api.yoti.com')).toEqual({
      kind: 'yoti',
      baseUrl: 'https://api.yoti.com',
      label: 'Yoti IDV (cloud)',
    });
    expect(LOCAL_SERVICE_LABEL).toBe('Local IDV service — not a Yoti verification');
  });
});
