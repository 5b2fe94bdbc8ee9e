// The receipt and report pages as HTML: parsed with happy-dom, so what is asserted is what a
// browser would make of them (text, elements), not a string search that escaping could fool.
import { Window } from 'happy-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffReport } from '../../../common/ipc/contract';
import { LOCAL_SERVICE_LABEL } from '../../../common/serviceLabel';
import { receiptPage, reportPage } from '../../../electron/services/receipts';
import { PERSON, sampleDecision, sampleReport } from './printFixtures';

function parse(html: string) {
  const window = new Window();
  window.document.write(html);
  return window.document;
}

let report: StaffReport;
beforeAll(async () => {
  report = await sampleReport();
});

describe('customer receipt page', () => {
  it('holds the reference, the date, the kiosk, the decision and the document kind and issuer', () => {
    const doc = parse(receiptPage({ report, decision: sampleDecision() }).html);
    const text = doc.body.textContent ?? '';
    expect(doc.querySelector('.reference')?.textContent).toBe('DSK-7Q2M-4K9P');
    expect(text).toContain('2026-12-01 10:45 UTC');
    expect(text).toContain('kiosk-lobby-2');
    expect(text).toContain('Approved');
    expect(text).toContain('Passport');
    expect(text).toContain('FRA');
    expect(text).toContain(LOCAL_SERVICE_LABEL);
  });

  it('has no images, no name, no birth date and no document number', () => {
    const html = receiptPage({ report, decision: sampleDecision() }).html;
    const doc = parse(html);
    expect(doc.querySelectorAll('img').length).toBe(0);
    expect(html).not.toContain('data:image');
    for (const personal of [PERSON.givenNames, PERSON.familyName, 'Brien', PERSON.dateOfBirth, '1987', PERSON.documentNumber, '7720'])
      expect(html).not.toContain(personal);
    // Nor staff's note or name: the receipt is the customer's.
    expect(html).not.toContain('Lopez');
    expect(html).not.toContain('selfie');
  });

  it('prints the last 4 characters of the document number only when the audit policy kept them', () => {
    const html = receiptPage({ report, decision: sampleDecision({ documentNumberLast4: '7720' }) }).html;
    expect(parse(html).body.textContent).toContain('Document number ends7720');
    expect(html).not.toContain(PERSON.documentNumber);
  });

  it('is sized for an 80 mm roll', () => {
    const page = receiptPage({ report, decision: sampleDecision() });
    expect(page.pageSize).toEqual({ widthMm: 80, heightMm: 200 });
    expect(page.html).toContain('@page { size: 80mm 200mm;');
  });
});

describe('business report page', () => {
  it('holds every check with its recommendation and every sub-check with its result and details', () => {
    const doc = parse(reportPage({ report, decision: sampleDecision() }).html);
    const sections = [...doc.querySelectorAll('section.check')];
    expect(sections.map((s) => s.querySelector('h3')?.textContent)).toEqual(report.checks.map((c) => c.type));
    report.checks.forEach((check, i) => {
      const section = sections[i]!;
      expect(section.textContent).toContain(check.recommendation.value);
      const rows = [...section.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent),
      );
      expect(rows).toEqual(
        check.breakdown.map((b) => [b.subCheck, b.result, b.details.map((d) => `${d.name}: ${d.value}`).join('')]),
      );
    });
    expect(sections[1]!.textContent).toContain('FACE_NOT_MATCHING');
    expect(sections[1]!.textContent).toContain('Retake the selfie');
  });

  it('holds the page images, the portrait and the face as data: URLs of their own bytes', () => {
    const doc = parse(reportPage({ report, decision: sampleDecision() }).html);
    const imgs = [...doc.querySelectorAll('img')].map((img) => ({ alt: img.getAttribute('alt'), src: img.getAttribute('src') }));
    const url = (m: { bytes: Uint8Array; mime: string }) => `data:${m.mime};base64,${Buffer.from(m.bytes).toString('base64')}`;
    expect(imgs).toEqual([
      { alt: 'Document page: front', src: url(report.pages[0]!.image) },
      { alt: 'Document portrait', src: url(report.portrait!) },
      { alt: 'Live face', src: url(report.face!) },
    ]);
  });

  it('holds the decision: decision, reason, note, staff, time, reference', () => {
    const doc = parse(reportPage({ report, decision: sampleDecision({ decision: 'REFER' }) }).html);
    const text = doc.body.textContent ?? '';
    for (const s of [
      'Referred',
      'Checked the document by hand (DOCUMENT_CHECKED_BY_HAND)',
      'Customer\'s "selfie" was dark & <blurry>',
      'Ana <i>Lopez</i>',
      '2026-12-01 10:45 UTC',
      'DSK-7Q2M-4K9P',
    ])
      expect(text).toContain(s);
  });

  it('always says a local result is the local service, even when its label claims otherwise', () => {
    const forged: StaffReport = { ...report, source: { ...report.source, kind: 'standalone', label: 'Yoti IDV (cloud)' } };
    const doc = parse(reportPage({ report: forged, decision: sampleDecision() }).html);
    expect(doc.querySelector('.service')?.textContent).toBe(LOCAL_SERVICE_LABEL);
    expect(doc.body.textContent).not.toContain('Yoti IDV (cloud)');
  });

  it('is an A4 page', () => {
    const page = reportPage({ report, decision: sampleDecision() });
    expect(page.pageSize).toBe('A4');
    expect(page.html).toContain('@page { size: A4;');
  });
});

describe('both pages are inert', () => {
  it('hostile text stays text: no script, italic or bold element comes from the data', () => {
    for (const build of [receiptPage, reportPage]) {
      const doc = parse(build({ report, decision: sampleDecision({ kioskId: '<script>k()</script>' }) }).html);
      expect(doc.querySelectorAll('script, i, b').length).toBe(0);
      expect(doc.body.textContent).toContain('<script>k()</script>');
    }
    const reportDoc = parse(reportPage({ report, decision: sampleDecision() }).html);
    expect(reportDoc.body.textContent).toContain(PERSON.fullName);
  });

  it('carry a strict CSP: nothing but their own style block and data: images', () => {
    for (const build of [receiptPage, reportPage]) {
      const doc = parse(build({ report, decision: sampleDecision() }).html);
      const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
      expect(csp.split('; ')).toEqual([
        "default-src 'none'",
        expect.stringMatching(/^style-src 'sha256-[A-Za-z0-9+/]{43}='$/),
        'img-src data:',
        "script-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-src 'none'",
      ]);
      expect(doc.querySelectorAll('link, script, iframe, object, base').length).toBe(0);
    }
  });

  it('refuses a decision record that is not one', () => {
    expect(() => receiptPage({ report, decision: sampleDecision({ recordedAt: 'yesterday' }) })).toThrow(/datetime|ISO/i);
  });
});
