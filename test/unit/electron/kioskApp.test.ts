// The Electron host under a mocked `electron`, with the real composed kiosk and embedded IDV
// service behind it.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./support/electronMock'));

const m = await import('./support/electronMock');
const { runKioskApp } = await import('../../../electron/main/kioskApp');
const { APP_ENTRY_URL } = await import('../../../electron/main/appOrigin');
const { invokeChannelName, invokeContract } = await import('../../../common/ipc/contract');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-app-'));
  m.state.userData = path.join(dir, 'userData');
  m.state.singleInstance = true;
  m.state.quitCalls = 0;
  m.state.exitCodes = [];
  m.state.errorBoxes = [];
  m.state.privilegedSchemes = [];
  m.state.protocolHandlers.clear();
  m.state.applicationMenus = [];
  m.FakeBrowserWindow.instances = [];
  m.app.removeAllListeners();
  m.ipcMain.handlers.clear();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const paths = () => ({
  mainDir: path.join(dir, 'dist', 'electron'),
  rendererDir: path.join(dir, 'dist', 'renderer'),
  demoDir: path.resolve('demo'),
});
const { silentLogger } = await import('../../../platform/logger');
const { loggerInto } = await import('../../support/recordingLogger');
/** What every test passes: the folder under test and no log output. */
const run = (extra: { argv?: string[] } = {}) =>
  runKioskApp({
    paths: paths(),
    vision: 'none',
    logger: silentLogger,
    userDataDir: m.state.userData,
    argv: [],
    ...extra,
  });

describe('the Electron host', () => {
  it('quits at once when another instance holds the single-instance lock', async () => {
    m.state.singleInstance = false;
    expect(await run()).toBeNull();
    expect(m.state.quitCalls).toBe(1);
    expect(m.FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('builds everything, serves IPC only to its window, and disposes on quit', async () => {
    m.ipcMain.on('electron-store-get-data', () => undefined);
    const running = await run();
    expect(running).not.toBeNull();
    expect(m.state.privilegedSchemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(m.state.protocolHandlers.has('app')).toBe(true);
    // Electron's default menu (quit, reload, devtools accelerators) is removed.
    expect(m.state.applicationMenus).toEqual([null]);
    expect(m.session.defaultSession.permissionRequestHandler).not.toBeNull();

    const [win] = m.FakeBrowserWindow.instances;
    expect(win.options).toMatchObject({
      kiosk: true,
      webPreferences: {
        preload: path.join(paths().mainDir, 'preload.cjs'),
        sandbox: true,
        contextIsolation: true,
        devTools: false,
      },
    });
    expect(win.loaded).toEqual([APP_ENTRY_URL]);
    expect([...m.ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(invokeContract)
        .map((c) => invokeChannelName(c as never))
        .sort(),
    );
    expect(m.ipcMain.listenerCount('electron-store-get-data')).toBe(0);

    const getAppInfo = m.ipcMain.handlers.get(invokeChannelName('getAppInfo'))!;
    const trusted = { sender: win.webContents, senderFrame: { url: APP_ENTRY_URL, parent: null } };
    expect(await getAppInfo(trusted, {})).toEqual({
      ok: true,
      value: {
        version: '9.9.9-test',
        mode: 'unattended',
        idleTimeoutMs: 90_000,
        locale: 'en',
        demo: { useDemoCamera: false },
        firstRun: true,
        service: {
          kind: 'embedded',
          label: 'Local IDV service — not a Yoti verification',
          baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        },
      },
    });
    expect(
      await getAppInfo(
        { sender: win.webContents, senderFrame: { url: 'https://x.example/', parent: null } },
        {},
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    const started = (await m.ipcMain.handlers.get(invokeChannelName('startSession'))!(trusted, {
      locale: 'en',
    })) as { ok: boolean };
    expect(started.ok).toBe(true);

    // The embedded app's key went into the kiosk's state file (not settings.json) through safeStorage only.
    const settingsFile = JSON.parse(
      await readFile(path.join(m.state.userData, 'kiosk-data', 'kiosk-state.json'), 'utf8'),
    );
    expect(settingsFile.secrets.embeddedApp.privateKeyEnc).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(
      Buffer.from(settingsFile.secrets.embeddedApp.privateKeyEnc, 'base64').toString().startsWith('enc:'),
    ).toBe(true);
    expect(JSON.stringify(settingsFile)).not.toContain('PRIVATE KEY');

    const ev = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    // Unattended: the window refuses to close (Alt+F4 is the OS's), until the app quits.
    const close = { ...ev };
    win.emit('close', close);
    expect(close.prevented).toBe(true);
    m.app.emit('before-quit', ev);
    expect(ev.prevented).toBe(true);
    const closeOnQuit = { ...ev, prevented: false };
    win.emit('close', closeOnQuit);
    expect(closeOnQuit.prevented).toBe(false);
    await vi.waitFor(() => expect(m.state.exitCodes).toEqual([0]), { timeout: 15_000 });
    expect(m.ipcMain.handlers.size).toBe(0);
    expect(win.destroyed).toBe(true);
    expect(m.state.protocolHandlers.has('app')).toBe(false);
  });

  it('gives hosted capture its view of the window: the service page opens there, locked to its origin', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(m.state.userData, { recursive: true });
    await writeFile(path.join(m.state.userData, 'settings.json'), JSON.stringify({ capture: 'hosted' }));
    m.FakeWebContentsView.instances = [];
    const running = await run();
    const [win] = m.FakeBrowserWindow.instances;
    const trusted = { sender: win.webContents, senderFrame: { url: APP_ENTRY_URL, parent: null } };
    const answer = (await m.ipcMain.handlers.get(invokeChannelName('startHostedCapture'))!(trusted, {
      locale: 'en',
    })) as { ok: boolean; value: { handle: string } };
    expect(answer).toMatchObject({
      ok: true,
      value: { handle: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) },
    });
    const [view] = m.FakeWebContentsView.instances;
    expect(win.childViews).toEqual([view]);
    // The service's page gets no DevTools either, with or without the developer flag.
    expect(view.options).toMatchObject({
      webPreferences: { partition: 'hosted-capture', sandbox: true, devTools: false },
    });
    expect(view.options.webPreferences).not.toHaveProperty('preload');
    const page = new URL(view.webContents.getURL());
    const serviceOrigin = new URL(running!.kiosk.service.baseUrl).origin;
    expect(page.origin).toBe(serviceOrigin);
    expect(page.pathname).toMatch(/\/web\/index\.html$/);
    // The view's session refuses every other origin.
    const hostedSession = m.state.partitions.get('hosted-capture')!.session;
    const decide = (url: string) =>
      new Promise<boolean>((resolve) =>
        hostedSession.beforeRequestHandler!({ url }, (r) => resolve(r.cancel)),
      );
    expect(await decide(`${serviceOrigin}/web/app.js`)).toBe(false);
    expect(await decide('https://elsewhere.example/')).toBe(true);

    const ended = (await m.ipcMain.handlers.get(invokeChannelName('endHostedCapture'))!(trusted, {
      handle: answer.value.handle,
    })) as { ok: boolean; value: { ended: boolean } };
    expect(ended).toEqual({ ok: true, value: { ended: true } });
    expect(win.childViews).toEqual([]);
    expect(hostedSession.cleared).toEqual(['storage', 'cache', 'auth']);
    await running!.dispose();
  });

  it('a staffed kiosk keeps an ordinary window that closes', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(m.state.userData, { recursive: true });
    await writeFile(path.join(m.state.userData, 'settings.json'), JSON.stringify({ mode: 'staff' }));
    const running = await run();
    const [win] = m.FakeBrowserWindow.instances;
    expect(win.options).toMatchObject({ kiosk: false });
    const close = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    win.emit('close', close);
    expect(close.prevented).toBe(false);
    await running!.dispose();
  });

  it('allows DevTools only with the developer flag', async () => {
    const running = await run({ argv: ['--devtools'] });
    const [win] = m.FakeBrowserWindow.instances;
    expect((win.options.webPreferences as { devTools: boolean }).devTools).toBe(true);
    await running!.dispose();
  });

  it("refuses to start with Chromium's DevTools port unless the developer flag is given", async () => {
    const logs: string[] = [];
    const refused = await runKioskApp({
      paths: paths(),
      vision: 'none',
      logger: loggerInto(logs),
      userDataDir: m.state.userData,
      argv: ['/opt/kiosk/doc-scan-kiosk', '--remote-debugging-port=9222'],
    });
    expect(refused).toBeNull();
    expect(m.state.exitCodes).toEqual([1]);
    expect(m.FakeBrowserWindow.instances).toHaveLength(0);
    expect(logs).toEqual([
      'the kiosk does not start with --remote-debugging-port: it opens DevTools into the app; developers add --devtools',
    ]);
    const developer = await run({ argv: ['--devtools', '--remote-debugging-port=9222'] });
    expect(developer).not.toBeNull();
    await developer!.dispose();
  });

  it('reuses its registered app on the next start instead of making new keys', async () => {
    const first = await run();
    const before = JSON.parse(
      await readFile(path.join(m.state.userData, 'kiosk-data', 'kiosk-state.json'), 'utf8'),
    ).secrets;
    await first!.dispose();
    m.app.removeAllListeners();
    const second = await run();
    const after = JSON.parse(
      await readFile(path.join(m.state.userData, 'kiosk-data', 'kiosk-state.json'), 'utf8'),
    ).secrets;
    expect(after.embeddedApp.sdkId).toBe(before.embeddedApp.sdkId);
    expect(after.outboxKeyEnc).toBe(before.outboxKeyEnc);
    expect(after.idvMasterKeyEnc).toBe(before.idvMasterKeyEnc);
    // The store's master key lives only in safeStorage, not as a file next to the data.
    expect(existsSync(path.join(m.state.userData, 'kiosk-data', 'idv', 'master.key'))).toBe(false);
    const win = m.FakeBrowserWindow.instances.at(-1)!;
    const started = (await m.ipcMain.handlers.get(invokeChannelName('startSession'))!(
      { sender: win.webContents, senderFrame: { url: APP_ENTRY_URL, parent: null } },
      { locale: 'en' },
    )) as { ok: boolean };
    expect(started.ok).toBe(true); // the stored key still signs requests the service accepts
    await second!.dispose();
  });

  it('when the store key no longer decrypts, keeps the old store aside and starts afresh', async () => {
    const first = await run();
    await first!.dispose();
    m.app.removeAllListeners();
    const file = path.join(m.state.userData, 'kiosk-data', 'kiosk-state.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.secrets.idvMasterKeyEnc = Buffer.from('not safeStorage output').toString('base64');
    await writeFile(file, JSON.stringify(json));
    const second = await run();
    expect(second).not.toBeNull();
    const entries = await readdir(path.join(m.state.userData, 'kiosk-data'));
    expect(entries.some((e) => e.startsWith('idv.unreadable-'))).toBe(true);
    const win = m.FakeBrowserWindow.instances.at(-1)!;
    const started = (await m.ipcMain.handlers.get(invokeChannelName('startSession'))!(
      { sender: win.webContents, senderFrame: { url: APP_ENTRY_URL, parent: null } },
      { locale: 'en' },
    )) as { ok: boolean };
    expect(started.ok).toBe(true);
    await second!.dispose();
  });

  it('refuses to start with a clear message when the configured key file is unreadable', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(m.state.userData, { recursive: true });
    await writeFile(
      path.join(m.state.userData, 'settings.json'),
      JSON.stringify({
        serviceUrl: 'https://api.yoti.com/idverify/v1',
        sdkId: 'abc',
        keyFile: path.join(dir, 'missing.pem'),
      }),
    );
    expect(await run()).toBeNull();
    expect(m.state.errorBoxes).toEqual([
      {
        title: 'Doc Scan Kiosk could not start',
        content: 'the key file for https://api.yoti.com/idverify/v1 cannot be read (ENOENT)',
      },
    ]);
    expect(m.state.exitCodes).toEqual([1]);
  });
});
