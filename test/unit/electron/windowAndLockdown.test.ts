import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./support/electronMock'));

const { FakeBrowserWindow, FakeSession, FakeWebContents } = await import('./support/electronMock');
const { kioskWindowOptions, installCrashRecovery } = await import('../../../electron/main/kioskWindow');
const {
  devToolsSwitchIn,
  isBlockedShortcut,
  lockDownApp,
  lockDownSession,
  lockDownWebContents,
  permissionAllowed,
  refuseWindowClose,
} = await import('../../../electron/main/lockdown');
const { EventEmitter } = await import('node:events');
const { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, isAppUrl } = await import('../../../electron/main/appOrigin');
const { createAppProtocolHandler, resolveAppFile } = await import('../../../electron/main/appProtocol');

describe('kiosk window options', () => {
  it('unattended mode is a locked full-screen kiosk; staff mode a normal window', () => {
    const u = kioskWindowOptions('unattended', '/app/preload.cjs');
    expect(u).toMatchObject({ kiosk: true, fullscreen: true, frame: false, closable: false, show: false });
    const s = kioskWindowOptions('staff', '/app/preload.cjs');
    expect(s).toMatchObject({ kiosk: false, fullscreen: false, width: 1280 });
    expect(s.frame).toBeUndefined();
  });

  it('always isolates and sandboxes the renderer, with no Node integration anywhere', () => {
    for (const mode of ['unattended', 'staff'] as const) {
      const w = kioskWindowOptions(mode, '/app/preload.cjs').webPreferences!;
      expect(w).toMatchObject({
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      });
    }
    // DevTools only behind the developer flag, in either mode.
    expect(kioskWindowOptions('unattended', 'p').webPreferences!.devTools).toBe(false);
    expect(kioskWindowOptions('staff', 'p').webPreferences!.devTools).toBe(false);
    expect(kioskWindowOptions('staff', 'p', { devTools: true }).webPreferences!.devTools).toBe(true);
  });

  it('reloads the attract screen when the renderer crashes or hangs, slowing down on repeats', () => {
    const win = new FakeBrowserWindow({});
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const resets: number[] = [];
    let t = 0;
    installCrashRecovery(win as never, {
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      now: () => t,
      maxQuickReloads: 2,
      onReset: () => resets.push(t),
    });
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    timers.shift()!.fn();
    expect(win.loaded).toEqual([APP_ENTRY_URL]);
    t = 1000;
    win.emit('unresponsive');
    expect(timers[0].ms).toBe(0);
    timers.shift()!.fn();
    t = 2000;
    win.webContents.emit('render-process-gone', {}, { reason: 'oom' });
    expect(timers[0].ms).toBe(10_000); // third failure within a minute: no tight loop
    win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', APP_ENTRY_URL, true);
    expect(timers).toHaveLength(1); // an aborted load is not a failure
    expect(resets).toEqual([0, 1000, 2000]);
    win.destroy();
    timers.shift()!.fn();
    expect(win.loaded).toHaveLength(2);
  });
});

describe('lockdown', () => {
  it('knows its own origin and nothing else', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    expect(isAppUrl('app://kiosk/#/staff')).toBe(true);
    for (const u of [
      'app://evil/index.html',
      'https://kiosk/',
      'file:///app/index.html',
      'app://user@kiosk/',
      'javascript:alert(1)',
      '',
      null,
    ])
      expect(isAppUrl(u)).toBe(false);
  });

  it('grants the camera to the app only, and nothing else to anyone', async () => {
    expect(permissionAllowed('media', 'app://kiosk/index.html', ['video'])).toBe(true);
    expect(permissionAllowed('media', 'app://kiosk/index.html', ['video', 'audio'])).toBe(false);
    expect(permissionAllowed('media', 'https://example.com/', ['video'])).toBe(false);
    for (const p of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'hid',
      'usb',
      'serial',
      'openExternal',
      'fullscreen',
    ])
      expect(permissionAllowed(p, 'app://kiosk/index.html')).toBe(false);

    const s = new FakeSession();
    lockDownSession(s as never);
    const ask = (permission: string, details: object) =>
      new Promise<boolean>((resolve) => s.permissionRequestHandler!({}, permission, resolve, details));
    expect(await ask('media', { requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'] })).toBe(true);
    expect(await ask('media', { requestingUrl: 'https://attacker.example/', mediaTypes: ['video'] })).toBe(
      false,
    );
    expect(await ask('geolocation', { requestingUrl: 'app://kiosk/index.html' })).toBe(false);
    expect(
      s.permissionCheckHandler!({}, 'media', 'app://kiosk', { requestingUrl: 'app://kiosk/index.html' }),
    ).toBe(true);
    expect(s.permissionCheckHandler!({}, 'media', 'https://x.example', {})).toBe(false);
    expect(
      s.permissionCheckHandler!({}, 'media', 'app://kiosk', {
        requestingUrl: 'app://kiosk/index.html',
        mediaType: 'video',
      }),
    ).toBe(true);
    expect(
      s.permissionCheckHandler!({}, 'media', 'app://kiosk', {
        requestingUrl: 'app://kiosk/index.html',
        mediaType: 'audio',
      }),
    ).toBe(false);
    expect(s.devicePermissionHandler!({ deviceType: 'hid' })).toBe(false);
    let picked: string | undefined;
    const ev = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    s.emit('select-hid-device', ev, {}, (id: string) => (picked = id));
    expect(ev.defaultPrevented).toBe(true);
    expect(picked).toBe('');
  });

  it('puts the strict CSP on every response, replacing any other', () => {
    const s = new FakeSession();
    lockDownSession(s as never);
    let out: { responseHeaders: Record<string, string[]> } | null = null;
    s.headersHandler!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (r) => (out = r as never),
    );
    expect(out!.responseHeaders).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      'X-Other': ['1'],
    });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  });

  it('denies navigation away from the app, new windows and webviews', () => {
    const wc = new FakeWebContents();
    lockDownWebContents(wc as never);
    const nav = (event: string, url: string) => {
      const e = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      wc.emit(event, e, url);
      return e.prevented;
    };
    expect(nav('will-navigate', 'https://example.com/phish')).toBe(true);
    expect(nav('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(nav('will-navigate', 'app://kiosk/index.html')).toBe(false);
    expect(nav('will-redirect', 'https://example.com/')).toBe(true);
    expect(nav('will-attach-webview', 'app://kiosk/')).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('keys an unattended kiosk does not let through', () => {
  const key = (
    key: string,
    mods: { control?: boolean; meta?: boolean; alt?: boolean; shift?: boolean } = {},
  ) => ({
    type: 'keyDown' as const,
    key,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  });
  const blocked = [
    ['quit', key('q', { control: true })],
    ['close', key('w', { control: true })],
    ['close (Cmd)', key('W', { meta: true })],
    ['reload', key('r', { control: true })],
    ['reload F5', key('F5')],
    ['full screen', key('F11')],
    ['devtools F12', key('F12')],
    ['devtools', key('I', { control: true, shift: true })],
    ['console', key('J', { control: true, shift: true })],
    ['inspect', key('C', { control: true, shift: true })],
    ['back', key('ArrowLeft', { alt: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['browser back key', key('BrowserBack')],
    ['new window', key('n', { control: true })],
    ['print', key('p', { control: true })],
    ['zoom in', key('+', { control: true })],
    ['zoom reset', key('0', { control: true })],
    ['next tab', key('Tab', { control: true })],
  ] as const;
  const allowed = [
    ['a letter', key('a')],
    ['a capital', key('A', { shift: true })],
    ['a digit', key('4')],
    ['Enter', key('Enter')],
    ['Tab', key('Tab')],
    ['Shift+Tab', key('Tab', { shift: true })],
    ['arrows', key('ArrowDown')],
    ['Escape', key('Escape')],
    ['Backspace', key('Backspace')],
    ['Space', key(' ')],
  ] as const;

  // Every accelerator of Electron's default menu (lib/browser/api/menu-item-roles.ts, the File, View
  // and Window menus), as Windows and Linux send it: the filter holds them even if a menu comes back.
  // Windows has no quit accelerator (Alt+F4 is the OS's: see refuseWindowClose); Linux has Ctrl+Q.
  const defaultMenu = [
    ['Linux: Quit (CommandOrControl+Q)', key('q', { control: true })],
    ['Close (CommandOrControl+W)', key('w', { control: true })],
    ['Minimize (CommandOrControl+M)', key('m', { control: true })],
    ['Reload (CmdOrCtrl+R)', key('r', { control: true })],
    ['Force Reload (Shift+CmdOrCtrl+R)', key('R', { control: true, shift: true })],
    ['Toggle Developer Tools (Ctrl+Shift+I)', key('I', { control: true, shift: true })],
    ['Actual Size (CommandOrControl+0)', key('0', { control: true })],
    ['Zoom In (CommandOrControl+Plus, with Shift on a US layout)', key('+', { control: true, shift: true })],
    ['Zoom In (CommandOrControl+Plus, the numeric keypad)', key('+', { control: true })],
    ['Zoom In (Ctrl+=, Chromium)', key('=', { control: true })],
    ['Zoom Out (CommandOrControl+-)', key('-', { control: true })],
    ['Toggle Full Screen (F11)', key('F11')],
  ] as const;
  it.each(defaultMenu)("blocks Electron's default menu accelerator %s in unattended mode", (_what, input) => {
    expect(isBlockedShortcut(input, 'unattended')).toBe(true);
    expect(isBlockedShortcut(input, 'staff')).toBe(false);
  });
  // The Edit menu's accelerators only edit text in a field (the typed MRZ lines); they stay.
  const editing = [
    ['Undo', key('z', { control: true })],
    ['Redo (Windows)', key('y', { control: true })],
    ['Redo (Linux)', key('Z', { control: true, shift: true })],
    ['Cut', key('x', { control: true })],
    ['Copy', key('c', { control: true })],
    ['Paste', key('v', { control: true })],
    ['Select All', key('a', { control: true })],
  ] as const;
  it.each(editing)('lets the editing shortcut %s through', (_what, input) => {
    expect(isBlockedShortcut(input, 'unattended')).toBe(false);
  });

  it.each(blocked)('blocks %s in unattended mode, not in staff mode', (_what, input) => {
    expect(isBlockedShortcut(input, 'unattended')).toBe(true);
    expect(isBlockedShortcut(input, 'staff')).toBe(false);
  });
  it.each(allowed)('lets %s through (the flow needs it)', (_what, input) => {
    expect(isBlockedShortcut(input, 'unattended')).toBe(false);
  });
  it('looks only at key presses', () => {
    expect(isBlockedShortcut({ ...key('q', { control: true }), type: 'keyUp' }, 'unattended')).toBe(false);
  });

  it('filters every web contents the app creates, by the mode in force at the key press', () => {
    const app = new EventEmitter();
    let mode: 'unattended' | 'staff' = 'unattended';
    lockDownApp(app as never, () => mode);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const press = (input: object) => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit('before-input-event', event, input);
      return event.prevented;
    };
    expect(press(key('r', { control: true }))).toBe(true);
    expect(press(key('a'))).toBe(false);
    mode = 'staff';
    expect(press(key('r', { control: true }))).toBe(false);
  });
});

describe("Chromium's DevTools switches", () => {
  it.each([
    ['--remote-debugging-port=9222', 'remote-debugging-port'],
    ['--remote-debugging-pipe', 'remote-debugging-pipe'],
    ['-remote-debugging-port=9222', 'remote-debugging-port'],
    ['/Remote-Debugging-Port=9222', 'remote-debugging-port'],
    ['--remote-debugging-address=0.0.0.0', 'remote-debugging-address'],
    ['--auto-open-devtools-for-tabs', 'auto-open-devtools-for-tabs'],
  ])('finds %s', (arg, name) => {
    expect(devToolsSwitchIn(['/opt/Doc Scan Kiosk/doc-scan-kiosk', '--demo', arg])).toBe(name);
  });
  it('finds nothing in an ordinary command line, or in a value that only names a switch', () => {
    expect(devToolsSwitchIn(['/opt/kiosk/doc-scan-kiosk', '--demo', '--no-sandbox=false'])).toBeNull();
    expect(devToolsSwitchIn(['doc-scan-kiosk', 'remote-debugging-port'])).toBeNull();
  });
});

describe('closing the unattended window', () => {
  const closeEvent = () => ({
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  });
  it('refuses a close (Alt+F4, the OS) unless the app is quitting or Windows ends the session', () => {
    let quitting = false;
    const win = new FakeBrowserWindow({});
    refuseWindowClose(win as never, () => quitting);
    const first = closeEvent();
    win.emit('close', first);
    expect(first.prevented).toBe(true);
    quitting = true;
    const onQuit = closeEvent();
    win.emit('close', onQuit);
    expect(onQuit.prevented).toBe(false);

    quitting = false;
    const other = new FakeBrowserWindow({});
    refuseWindowClose(other as never, () => quitting);
    other.emit('session-end', {});
    const atLogoff = closeEvent();
    other.emit('close', atLogoff);
    expect(atLogoff.prevented).toBe(false);
  });
});

describe('app:// protocol', () => {
  // base/app/renderer is the build; secrets sit one and two levels up, and in a sibling folder whose
  // name starts with the build's, so a traversal that gets through is served (200), not a 404.
  async function withBuild(run: (root: string) => Promise<void>): Promise<void> {
    const base = await mkdtemp(path.join(tmpdir(), 'app-protocol-'));
    try {
      const root = path.join(base, 'app', 'renderer');
      await mkdir(path.join(root, 'assets'), { recursive: true });
      await mkdir(path.join(base, 'app', 'renderer-evil'));
      await writeFile(path.join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
      await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
      for (const dir of [base, path.join(base, 'app'), path.join(base, 'app', 'renderer-evil')])
        await writeFile(path.join(dir, 'secret.txt'), 'secret');
      await run(root);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  }

  it('serves the build with the CSP header and the right content types', async () => {
    await withBuild(async (root) => {
      const handle = createAppProtocolHandler(root);
      const index = await handle(new Request('app://kiosk/'));
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await index.text()).toContain('<title>kiosk</title>');
      const script = await handle(new Request('app://kiosk/assets/app.js'));
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await script.text()).toBe('console.log(1)');
      // An encoded slash that stays inside the build is just a slash.
      expect(resolveAppFile(root, 'app://kiosk/assets%2Fapp.js')).toBe(path.join(root, 'assets', 'app.js'));
      expect((await handle(new Request('app://kiosk/nope.js'))).status).toBe(404);
      expect(
        (await handle(new Request('app://kiosk/index.html', { method: 'POST', body: 'x' }))).status,
      ).toBe(405);
      expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
      expect(resolveAppFile(root, 'app://kiosk/%E0%A4%A')).toBeNull();
      expect(resolveAppFile(root, 'app://kiosk/a%00b')).toBeNull();
    });
  });

  // The URL parser already removes literal `..` segments ('../', '%2e%2e/'); these survive it.
  it.each([
    ['an encoded slash', '..%2Fsecret.txt'],
    ['two levels up', '..%2F..%2Fsecret.txt'],
    ['encoded dots and slash', '%2e%2e%2fsecret.txt'],
    ['upper-case escapes', '%2E%2E%2F%2E%2E%2Fsecret.txt'],
    ['down, then further up', 'assets%2F..%2F..%2Fsecret.txt'],
    ['a sibling sharing the build folder name as a prefix', '..%2Frenderer-evil%2Fsecret.txt'],
    ['the root folder itself', '..%2Frenderer'],
  ])('refuses traversal through %s (%s)', async (_name, tail) => {
    await withBuild(async (root) => {
      expect(resolveAppFile(root, `app://kiosk/${tail}`)).toBeNull();
      const response = await createAppProtocolHandler(root)(new Request(`app://kiosk/${tail}`));
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('not found');
    });
  });

  it('refuses backslashes, a path separator on Windows', async () => {
    await withBuild(async (root) => {
      expect(resolveAppFile(root, 'app://kiosk/..%5Csecret.txt')).toBeNull();
      expect(resolveAppFile(root, 'app://kiosk/..%5C..%5Csecret.txt')).toBeNull();
      expect(resolveAppFile(root, 'app://kiosk/assets\\..\\..\\secret.txt')).toBeNull();
    });
  });

  it('decodes exactly once, so a double-encoded traversal stays a file name inside the build', async () => {
    await withBuild(async (root) => {
      expect(resolveAppFile(root, 'app://kiosk/%252e%252e%252fsecret.txt')).toBe(
        path.join(root, '%2e%2e%2fsecret.txt'),
      );
      expect(
        (await createAppProtocolHandler(root)(new Request('app://kiosk/%252e%252e%252fsecret.txt'))).status,
      ).toBe(404);
    });
  });
});
