// @vitest-environment happy-dom
// The staff result shows the document's portrait (the id photo the service cut out) beside the
// person's face, each labelled, with the face match score and threshold; a document without a
// portrait says so, with the check's reason. The portrait's object URL is revoked when it goes.
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { CheckReport } from '../../../common/ipc/contract';
import ResultView from '../../../renderer/views/ResultView.vue';
import { createKioskI18n } from '../../../renderer/i18n';
import { jpeg, report } from './fakeKiosk';
import { setUpFlow, type FlowHarness } from './flowHarness';

const FACE_MATCH: CheckReport = {
  type: 'ID_DOCUMENT_FACE_MATCH',
  state: 'DONE',
  recommendation: { value: 'APPROVE' },
  breakdown: [
    {
      subCheck: 'ai_face_match',
      result: 'PASS',
      details: [
        { name: 'confidence_score', value: '0.930' },
        { name: 'threshold', value: '0.650' },
        { name: 'portrait_source', value: 'DOCUMENT_ID_PHOTO' },
      ],
    },
  ],
};

let h: FlowHarness;
let wrapper: VueWrapper | null = null;
const blobs = new Map<string, Blob>();
const live = new Set<string>();

function setUp(): VueWrapper {
  let n = 0;
  h = setUpFlow(
    {},
    {
      createObjectUrl: (blob) => {
        const url = `blob:result/${++n}`;
        blobs.set(url, blob);
        live.add(url);
        return url;
      },
      revokeObjectUrl: (url) => void live.delete(url),
    },
  );
  wrapper = mount(ResultView, { global: { plugins: [h.pinia, createKioskI18n('en')] } });
  return wrapper;
}

/** The bytes behind an <img>'s object URL. */
async function bytesOf(w: VueWrapper, testId: string): Promise<number[]> {
  const src = w.find(`[data-testid="${testId}"]`).attributes('src') ?? '';
  const blob = blobs.get(src);
  if (!blob) throw new Error(`${testId} does not show an object URL made here (${src})`);
  return [...new Uint8Array(await blob.arrayBuffer())];
}

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  blobs.clear();
  live.clear();
  delete window.kiosk;
});

describe('result view: face match', () => {
  it('shows the portrait beside the face, labelled, with the score and threshold', async () => {
    const w = setUp();
    h.reports.show(report({ portrait: jpeg(9), face: jpeg(2), checks: [FACE_MATCH] }));
    await flushPromises();

    const panel = w.find('[data-testid="face-match"]');
    expect(panel.exists()).toBe(true);
    expect(await bytesOf(w, 'result-portrait')).toEqual([0xff, 0xd8, 0xff, 9]);
    expect(await bytesOf(w, 'result-face')).toEqual([0xff, 0xd8, 0xff, 2]);
    // Both pictures are in the panel, side by side, each with its caption.
    const captions = panel
      .findAll('figure')
      .map((f) => [f.find('img').attributes('data-testid'), f.find('figcaption').text()]);
    expect(captions).toEqual([
      ['result-portrait', 'Portrait on the document'],
      ['result-face', 'Face'],
    ]);
    const figures = Object.fromEntries(
      panel.findAll('dl > div').map((d) => [d.find('dt').text(), d.find('dd').text()]),
    );
    expect(figures).toEqual({ 'Match score': '0.930', Threshold: '0.650', Outcome: 'Approve' });
  });

  it('a document with no portrait says so, with the reason, and the old portrait URL is revoked', async () => {
    const w = setUp();
    h.reports.show(report({ portrait: jpeg(9), checks: [FACE_MATCH] }));
    await flushPromises();
    const portraitUrl = w.find('[data-testid="result-portrait"]').attributes('src')!;
    expect(live.has(portraitUrl)).toBe(true);

    const reason = 'no portrait found on the document (no face detected on the front page)';
    h.reports.show(
      report({
        portrait: null,
        checks: [
          {
            type: 'ID_DOCUMENT_FACE_MATCH',
            state: 'DONE',
            recommendation: { value: 'NOT_AVAILABLE', reason },
            breakdown: [
              { subCheck: 'ai_face_match', result: 'FAIL', details: [{ name: 'reason', value: reason }] },
            ],
          },
        ],
      }),
    );
    await flushPromises();
    expect(w.find('[data-testid="result-portrait"]').exists()).toBe(false);
    expect(w.find('[data-testid="result-no-portrait"]').text()).toBe(
      'No portrait was found on the document.',
    );
    expect(w.find('[data-testid="face-match-reason"]').text()).toBe(reason);
    expect(w.find('[data-testid="face-match-score"]').text()).toBe('—');
    expect(live.has(portraitUrl)).toBe(false);
  });

  it('leaves no object URL behind once the report is wiped', async () => {
    const w = setUp();
    h.reports.show(report({ portrait: jpeg(9), checks: [FACE_MATCH] }));
    await flushPromises();
    expect(w.find('[data-testid="result-portrait"]').exists()).toBe(true);
    h.reports.wipe();
    await flushPromises();
    expect([...live]).toEqual([]);
  });
});
