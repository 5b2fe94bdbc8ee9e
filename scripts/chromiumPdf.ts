// The print pages' PDF through Debian's Chromium (playwright-core): what the Chromium host and
// the tests use where Electron's printToPDF is not available. One browser, a fresh context per
// page with JavaScript off and every request but data: refused, so a page can reach nothing.
import { chromium, type Browser } from 'playwright-core';
import type { PageSize, PdfRenderer } from '../electron/services/receipts';
import { CHROMIUM_PATH } from './browserHost';

export interface ChromiumPdfRenderer extends PdfRenderer {
  close(): Promise<void>;
}

export async function launchChromiumPdf(executablePath: string = CHROMIUM_PATH): Promise<ChromiumPdfRenderer> {
  const browser: Browser = await chromium.launch({ executablePath, headless: true });
  return {
    async render(html: string, options: { pageSize: PageSize }): Promise<Uint8Array> {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        await context.route('**/*', (route) =>
          route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
        );
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        const size = options.pageSize;
        const pdf = await page.pdf({
          ...(size === 'A4' ? { format: 'A4' } : { width: `${size.widthMm}mm`, height: `${size.heightMm}mm` }),
          printBackground: true,
          preferCSSPageSize: true,
        });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}
