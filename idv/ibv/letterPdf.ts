// The IBV letter the applicant takes to the branch: a real PDF (pdf-lib) with what to bring,
// where, and the QR code (qrcode) a registered branch station scans to open the session. It says
// plainly that it comes from the local service, not from Yoti.
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { LOCAL_SERVICE_LABEL } from '../../common/serviceLabel';
import type { Instructions } from './instructionsSchema';

export interface LetterContent {
  sessionId: string;
  qrText: string;
  instructions: Instructions | null;
  applicantName: string | null;
  validUntil: string;
}

/** pdf-lib's standard fonts are WinAnsi: anything else is replaced so a name never breaks the letter. */
function printable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\x20-\x7E]/g, '?');
}

export async function renderLetterPdf(content: LetterContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('In-Branch Verification letter');
  pdf.setProducer(LOCAL_SERVICE_LABEL);
  const page = pdf.addPage([595, 842]); // A4 in points
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const line = (text: string, size = 11, f = font) => {
    page.drawText(printable(text), { x: 50, y, size, font: f, color: rgb(0, 0, 0) });
    y -= size + 8;
  };
  line('In-Branch Verification letter', 20, bold);
  line(`Issued by ${LOCAL_SERVICE_LABEL} - not a Yoti letter`, 10);
  y -= 6;
  if (content.applicantName) line(`Applicant: ${content.applicantName}`, 12, bold);
  line(`Session reference: ${content.sessionId}`, 10);
  line(`Valid until: ${content.validUntil}`, 10);
  y -= 6;
  line('Bring these documents:', 12, bold);
  for (const doc of content.instructions?.documents ?? []) {
    line(`- ${doc.document.document_type.replace(/_/g, ' ')} issued by ${doc.document.country_code}`);
  }
  if (!content.instructions) line('- the documents your organisation asked for');
  const branch = content.instructions?.branch;
  if (branch) {
    y -= 6;
    line('Branch:', 12, bold);
    if (branch.name) line(branch.name);
    if (branch.address) line(branch.address);
    if (branch.post_code) line(branch.post_code);
  }
  y -= 6;
  line('At the branch, staff scan this code. It works once, and only at a registered branch.', 10);
  const qrPng = await QRCode.toBuffer(content.qrText, { errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  const image = await pdf.embedPng(qrPng);
  const size = 220;
  page.drawImage(image, { x: 50, y: y - size, width: size, height: size });
  return pdf.save();
}
