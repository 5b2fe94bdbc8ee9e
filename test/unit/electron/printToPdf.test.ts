// The Electron print adapter with electron mocked: the window it opens, the session it serves the
// page from, the options it hands printToPDF and print, and that the window is always destroyed.
// A real PDF through Electron and a real printer cannot be exercised here (no Electron binary, no
// printer): the same page's PDF through Chromium is tested in test/unit/receipts/printPdf.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME } from '../../../electron/main/appOrigin';
import {
  createElectronPrinting,
  PRINT_HOST,
  PRINT_PARTITION,
  pdfPageSize,
  printerPageSize,
} from '../../../electron/main/printToPdf';
import { FakeBrowserWindow, FakeSession, state } from './support/electronMock';

vi.mock('electron', () => import('./support/electronMock'));

const HTML = '<!doctype html><title>t</title><p>Reference DSK-1</p>';

beforeEach(() => {
  FakeBrowserWindow.instances = [];
  state.partitions.clear();
  state.printing.pdf = Buffer.from('%PDF-1.7 from electron');
  state.printing.pdfError = null;
  state.printing.printResult = { success: true, failureReason: '' };
  state.printing.printers = [];
  state.printing.loadHangs = false;
});
afterEach(() => vi.useRealTimers());

function onlyWindow(): FakeBrowserWindow {
  expect(FakeBrowserWindow.instances).toHaveLength(1);
  return FakeBrowserWindow.instances[0]!;
}

describe('Electron printing: the print window', () => {
  it('is hidden, sandboxed, without preload or JavaScript, in the private in-memory print session', async () => {
    await createElectronPrinting().render(HTML, { pageSize: 'A4' });
    const win = onlyWindow();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(win.options.show).toBe(false);
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      devTools: false,
    });
    expect(prefs.preload).toBeUndefined();
    const print = state.partitions.get(PRINT_PARTITION);
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false);
    expect(prefs.session).toBe(print?.session);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const navigation = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', navigation, 'https://example.com');
    expect(navigation.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('serves the page from memory once, with a CSP header, and refuses every permission', async () => {
    await createElectronPrinting().render(HTML, { pageSize: 'A4' });
    const win = onlyWindow();
    expect(win.loaded).toEqual([expect.stringMatching(new RegExp(`^${APP_SCHEME}://${PRINT_HOST}/[0-9a-f-]{36}$`))]);
    expect(win.served?.status).toBe(200);
    expect(win.served?.body).toBe(HTML);
    expect(win.served?.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(win.served?.headers.get('content-security-policy')).toContain("script-src 'none'");
    // After the render the page is gone: the same URL is a 404.
    const ses = state.partitions.get(PRINT_PARTITION)!.session as FakeSession;
    const again = await ses.protocolHandlers.get(APP_SCHEME)!(new Request(win.loaded[0]!));
    expect(again.status).toBe(404);
    const granted: boolean[] = [];
    ses.permissionRequestHandler?.(null, 'media', (ok: boolean) => granted.push(ok));
    expect(granted).toEqual([false]);
    expect(ses.permissionCheckHandler?.(null, 'media')).toBe(false);
  });
});

describe('Electron printing: PDF', () => {
  it('answers printToPDF’s bytes, asks for the page size (custom sizes in inches) and destroys the window', async () => {
    const pdf = await createElectronPrinting().render(HTML, { pageSize: { widthMm: 80, heightMm: 200 } });
    expect(Buffer.from(pdf).toString('latin1')).toBe('%PDF-1.7 from electron');
    expect(pdf).toBeInstanceOf(Uint8Array);
    const win = onlyWindow();
    expect(win.webContents.pdfRequests).toEqual([
      {
        pageSize: { width: 80 / 25.4, height: 200 / 25.4 },
        printBackground: true,
        preferCSSPageSize: true,
        margins: { marginType: 'none' },
      },
    ]);
    expect(win.destroyed).toBe(true);
  });

  it('destroys the window when printToPDF fails, and names the failure', async () => {
    state.printing.pdfError = new Error('Failed to generate PDF');
    await expect(createElectronPrinting().render(HTML, { pageSize: 'A4' })).rejects.toThrow('Failed to generate PDF');
    expect(onlyWindow().destroyed).toBe(true);
  });

  it('gives up on a page that never loads, and destroys its window', async () => {
    vi.useFakeTimers();
    state.printing.loadHangs = true;
    const rendering = createElectronPrinting({ timeoutMs: 5_000 }).render(HTML, { pageSize: 'A4' });
    const outcome = expect(rendering).rejects.toThrow('printing did not finish within 5000 ms');
    await vi.advanceTimersByTimeAsync(5_000);
    await outcome;
    expect(onlyWindow().destroyed).toBe(true);
  });
});

describe('Electron printing: system printer', () => {
  it('prints silently to the named printer (custom sizes in microns)', async () => {
    await createElectronPrinting().print(HTML, { pageSize: { widthMm: 80, heightMm: 200 }, deviceName: 'EPSON_TM_T88' });
    const win = onlyWindow();
    expect(win.webContents.printRequests).toEqual([
      { silent: true, deviceName: 'EPSON_TM_T88', printBackground: true, pageSize: { width: 80_000, height: 200_000 } },
    ]);
    expect(win.destroyed).toBe(true);
  });

  it('rejects with the printer and the reason when printing fails', async () => {
    state.printing.printResult = { success: false, failureReason: 'Printer is offline' };
    await expect(
      createElectronPrinting().print(HTML, { pageSize: 'A4', deviceName: 'Office' }),
    ).rejects.toThrow('printer Office: Printer is offline');
    expect(onlyWindow().destroyed).toBe(true);
  });

  it('lists the system printers by name', async () => {
    state.printing.printers = [{ name: 'Office', displayName: 'Office printer', description: 'HP', options: {} }];
    expect(await createElectronPrinting().printers()).toEqual([
      { name: 'Office', displayName: 'Office printer', description: 'HP' },
    ]);
  });

  it('converts page sizes for each API', () => {
    expect(pdfPageSize('A4')).toBe('A4');
    expect(printerPageSize('A4')).toBe('A4');
    expect(printerPageSize({ widthMm: 58, heightMm: 150.5 })).toEqual({ width: 58_000, height: 150_500 });
  });
});
