// The Electron adapter for printing (electron/services/receipts): the print page in a hidden,
// sandboxed window with no preload and JavaScript off, then webContents.printToPDF for the PDF, or
// webContents.print({silent, deviceName}) for a system printer. The page is served from memory on
// the app's privileged scheme inside a private in-memory session ('kiosk-print'): a data: URL
// would hit Chromium's 2 MB URL limit with the report's images, and a temp file would put the
// person's document images on disk unencrypted. The session refuses every permission, and the
// page's CSP (and the header here) allow nothing but its own style and data: images.
import { randomUUID } from 'node:crypto';
import { BrowserWindow, session, type Session } from 'electron';
import {
  MM_PER_INCH,
  type PageSize,
  type PdfRenderer,
  type PrinterInfo,
  type SystemPrinter,
} from '../services/receipts';
import { APP_SCHEME } from './appOrigin';

export const PRINT_PARTITION = 'kiosk-print';
export const PRINT_HOST = 'print';

const PRINT_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

export interface ElectronPrinting extends PdfRenderer, SystemPrinter {}

export interface ElectronPrintingOptions {
  /** A page that has not loaded and printed by then is given up (default 30 s). */
  timeoutMs?: number;
}

/** printToPDF takes a custom size in inches. */
export function pdfPageSize(size: PageSize): 'A4' | { width: number; height: number } {
  return size === 'A4' ? 'A4' : { width: size.widthMm / MM_PER_INCH, height: size.heightMm / MM_PER_INCH };
}

/** webContents.print takes a custom size in microns. */
export function printerPageSize(size: PageSize): 'A4' | { width: number; height: number } {
  return size === 'A4' ? 'A4' : { width: Math.round(size.widthMm * 1000), height: Math.round(size.heightMm * 1000) };
}

export function createElectronPrinting(options: ElectronPrintingOptions = {}): ElectronPrinting {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pending = new Map<string, string>();
  let printSession: Session | null = null;

  function sessionForPrinting(): Session {
    if (printSession) return printSession;
    const ses = session.fromPartition(PRINT_PARTITION, { cache: false });
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const html = url.host === PRINT_HOST ? pending.get(url.pathname.slice(1)) : undefined;
      return html === undefined
        ? new Response('not found', { status: 404, headers: PRINT_HEADERS })
        : new Response(html, { status: 200, headers: PRINT_HEADERS });
    });
    printSession = ses;
    return ses;
  }

  /** Loads the page in a fresh hidden window, runs `use`, and always destroys the window. */
  async function withPage<T>(html: string, use: (win: BrowserWindow) => Promise<T>): Promise<T> {
    const id = randomUUID();
    pending.set(id, html);
    const win = new BrowserWindow({
      show: false,
      width: 900,
      height: 1200,
      webPreferences: {
        session: sessionForPrinting(),
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        javascript: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        devTools: false,
      },
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`printing did not finish within ${timeoutMs} ms`)), timeoutMs);
      });
      return await Promise.race([
        (async () => {
          await win.loadURL(`${APP_SCHEME}://${PRINT_HOST}/${id}`);
          return use(win);
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      pending.delete(id);
      if (!win.isDestroyed()) win.destroy();
    }
  }

  return {
    render: (html, { pageSize }) =>
      withPage(html, async (win) => {
        const pdf = await win.webContents.printToPDF({
          pageSize: pdfPageSize(pageSize),
          printBackground: true,
          preferCSSPageSize: true,
          margins: { marginType: 'none' },
        });
        // Its own ArrayBuffer: a Buffer may be a view of a shared pool.
        return new Uint8Array(pdf);
      }),

    print: (html, { pageSize, deviceName }) =>
      withPage(
        html,
        (win) =>
          new Promise<void>((resolve, reject) => {
            win.webContents.print(
              { silent: true, deviceName, printBackground: true, pageSize: printerPageSize(pageSize) },
              (success, failureReason) =>
                success ? resolve() : reject(new Error(`printer ${deviceName}: ${failureReason || 'failed'}`)),
            );
          }),
      ),

    printers: () =>
      withPage('<!doctype html><title>printers</title>', async (win) =>
        (await win.webContents.getPrintersAsync()).map(
          (p): PrinterInfo => ({ name: p.name, displayName: p.displayName, description: p.description }),
        ),
      ),
  };
}
