// A branch letter as the service opens it (the specimen passport's holder, at the High Street
// branch), its QR code, and a fake branch API that opens it and accepts every later call.
import { vi } from 'vitest';
import type { BranchClient, OpenedLetter } from '../../../idv/ibv/branchClient';

export const SESSION = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const CODE = `IDVLOCAL-IBV:1:${SESSION}:${'a'.repeat(32)}`;
export const LETTER: OpenedLetter = {
  session_id: SESSION,
  capture_token: 'secret-capture-token',
  capture_token_expires_at: '2030-01-01T00:00:00.000Z',
  instructions: {
    contact_profile: { first_name: 'Anna', last_name: 'Eriksson', email: 'anna@example.com' },
    documents: [{ requirement_id: 'r1', document: { type: 'ID_DOCUMENT', country_code: 'UTO', document_type: 'PASSPORT' } }],
    branch: { type: 'UK_POST_OFFICE', name: 'High Street' },
  },
  configuration: {},
};

/** Every call a mock (page uploads get blur feedback); `overrides` replace any of them. */
export function fakeBranchClient(overrides: Partial<BranchClient> = {}) {
  const client = {
    openLetter: vi.fn(async () => LETTER),
    createDocument: vi.fn(async () => ({ resource_id: 'doc-1' })),
    uploadPage: vi.fn(async () => ({ media_id: 'm1', feedback: { acceptable: false, issues: ['BLURRED'] } })),
    putMrz: vi.fn(async () => ({})),
    postVisualReview: vi.fn(async () => ({ recorded: true as const, applied_to: [], session_state: 'ONGOING' })),
    submit: vi.fn(async () => ({})),
    ...overrides,
  };
  return client as unknown as BranchClient & typeof client;
}
