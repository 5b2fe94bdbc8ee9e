// The customer receipt in the person's language (the kiosk's 13; any other in English), on paper
// (right to left for Arabic and Hebrew) and on the thermal printer (English for scripts its code
// pages lack), with the local service's label never passing for a Yoti verification.
import { Window } from 'happy-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffReport } from '../../../common/ipc/contract';
import { escPosReceipt, receiptPage } from '../../../electron/services/receipts';
import { sampleDecision, sampleReport } from './printFixtures';

const text = (html: string) => {
  const w = new Window();
  w.document.write(html);
  return { lang: w.document.documentElement.getAttribute('lang'), dir: w.document.documentElement.getAttribute('dir'), body: w.document.body.textContent ?? '' };
};

let report: StaffReport;
beforeAll(async () => {
  report = { ...(await sampleReport()), reference: 'V-7K2QM-9XD4R' };
});

describe('receipt language', () => {
  it('Spanish: every label, the decision and the document kind, and the local label in Spanish', () => {
    const { lang, body } = text(receiptPage({ report, decision: sampleDecision(), locale: 'es' }).html);
    expect(lang).toBe('es');
    for (const words of [
      'Justificante de verificación de identidad',
      'Referencia',
      'VerificaciónV-7K2QM-9XD4R',
      'Fecha2026-12-01 10:45 UTC',
      'Quiosco',
      'DecisiónAprobada',
      'DocumentoPasaporte',
      'Expedido porFRA',
      'Servicio IDV local — no es una verificación de Yoti',
    ])
      expect(body).toContain(words);
    expect(body).not.toContain('Approved');
  });

  it('French, from a regional tag (fr-CA)', () => {
    const { lang, body } = text(receiptPage({ report, decision: sampleDecision({ decision: 'REFER' }), locale: 'fr-CA' }).html);
    expect(lang).toBe('fr');
    for (const words of ['Reçu de vérification d’identité', 'Référence', 'DécisionTransmise pour examen', 'DocumentPasseport', 'Borne'])
      expect(body).toContain(words);
    expect(body).toContain('Service IDV local — pas une vérification Yoti');
  });

  it('a language the receipt does not have prints in English', () => {
    const { lang, dir, body } = text(receiptPage({ report, decision: sampleDecision(), locale: 'sw' }).html);
    expect(lang).toBe('en');
    expect(dir).toBe('ltr');
    expect(body).toContain('DecisionApproved');
  });

  it('German, and Arabic and Hebrew right to left', () => {
    expect(text(receiptPage({ report, decision: sampleDecision(), locale: 'de' }).html)).toMatchObject({ lang: 'de', dir: 'ltr' });
    const ar = text(receiptPage({ report, decision: sampleDecision(), locale: 'ar' }).html);
    expect(ar).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(ar.body).toContain('إيصال التحقق من الهوية');
    expect(text(receiptPage({ report, decision: sampleDecision(), locale: 'he' }).html)).toMatchObject({ lang: 'he', dir: 'rtl' });
  });

  it('the thermal receipt prints Arabic, Hebrew and Chinese in English, Ukrainian in its own words', () => {
    for (const locale of ['ar', 'he', 'zh']) {
      const latin = Buffer.from(escPosReceipt({ report, decision: sampleDecision(), locale }, { columns: 42 })).toString('latin1');
      expect(latin).toContain('Approved');
    }
    const uk = Buffer.from(escPosReceipt({ report, decision: sampleDecision(), locale: 'uk' }, { columns: 42 })).toString('latin1');
    expect(uk).not.toContain('Approved');
  });

  it('the thermal receipt speaks the same language', () => {
    const bytes = Buffer.from(escPosReceipt({ report, decision: sampleDecision(), locale: 'es' }, { columns: 42 }));
    const latin = bytes.toString('latin1');
    expect(latin).toContain('Referencia:');
    expect(latin).toContain('Aprobada');
    expect(latin).toContain('Pasaporte');
  });
});
