// The OS-level lockdown the project ships (build/lockdown/): checked with the tools that know each
// format. shellcheck reads the shell scripts; systemd-analyze verifies the kiosk session's unit.
// Where a tool is missing, CI fails (scripts/install-os-deps.sh installs them) and a local run
// says what it skipped. The settings installer runs for real in a temp folder when the tests run
// as root (CI does): it must leave settings.json read-only for the kiosk user by the kiosk's own rule.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskSettingsDir } from '../../../electron/host/kioskDataDir';
import { modeLetsWrite, settingsAccess } from '../../../electron/host/settingsAccess';

const root = path.resolve('build');
const shellScripts = [
  'lockdown/linux/install-kiosk.sh',
  'lockdown/linux/install-settings.sh',
  'linux-after-install.sh',
  'linux-after-remove.sh',
];
const unit = path.join(root, 'lockdown/linux/doc-scan-kiosk.service');

function tool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found && process.env.CI) throw new Error(`${name} is missing: scripts/install-os-deps.sh installs it`);
  if (!found) console.warn(`[lockdown] skipped: ${name} is not installed`);
  return found;
}

describe('shipped lockdown scripts', () => {
  it.runIf(tool('shellcheck'))('shellcheck finds nothing in the shell scripts', () => {
    const r = spawnSync('shellcheck', ['--severity=style', ...shellScripts.map((s) => path.join(root, s))], {
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.runIf(tool('systemd-analyze') && tool('cage'))('systemd-analyze verifies the kiosk session unit', () => {
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', unit], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the session runs only the kiosk, as the kiosk user, on tty1, restarting it, without VT switching', () => {
    const text = readFileSync(unit, 'utf8');
    const exec = /^ExecStart=(.*)$/m.exec(text)?.[1] ?? '';
    expect(exec).toMatch(/^\/usr\/bin\/cage -d -- \/opt\/Doc\\x20Scan\\x20Kiosk\/doc-scan-kiosk /);
    // cage's -s would allow switching to another virtual terminal.
    expect(exec.split(' -- ')[0]).not.toMatch(/ -s\b/);
    expect(text).toMatch(/^User=kiosk$/m);
    expect(text).toMatch(/^TTYPath=\/dev\/tty1$/m);
    expect(text).toMatch(/^Restart=always$/m);
    expect(text).toMatch(/^Conflicts=getty@tty1\.service$/m);
  });

  it("settings.json is IT's: root-owned, read-only for the kiosk user, in a folder it cannot write, and the kiosk is pointed at it", () => {
    const text = readFileSync(unit, 'utf8');
    const installer = readFileSync(path.join(root, 'lockdown/linux/install-kiosk.sh'), 'utf8');
    const call = /^"\$here\/install-settings\.sh" (.*)$/m.exec(installer)?.[1];
    const settingsDir = /^Environment=KIOSK_SETTINGS_DIR=(.+)$/m.exec(text)?.[1];
    expect(settingsDir).toBe('/etc/doc-scan-kiosk');
    expect(kioskSettingsDir('/var/lib/doc-scan-kiosk', { KIOSK_SETTINGS_DIR: settingsDir })).toBe('/etc/doc-scan-kiosk');
    // The kiosk may write its data folder only, never the settings folder.
    expect(/^ReadWritePaths=(.*)$/m.exec(text)?.[1]?.split(/\s+/)).toEqual(['/var/lib/doc-scan-kiosk']);
    expect(/^Environment=KIOSK_USER_DATA=(.*)$/m.exec(text)?.[1]).toBe('/var/lib/doc-scan-kiosk');
    // The installer puts the settings where the unit says, for the user the unit runs as.
    expect(call).toBe('--etc /etc/doc-scan-kiosk --data /var/lib/doc-scan-kiosk --user kiosk --mode "$mode"');
  });

  it.runIf(tool('bash') && process.getuid?.() === 0)(
    'the settings installer leaves settings.json read-only for the kiosk user, moves an old one, and keeps the data private',
    () => {
      const tmp = mkdtempSync(path.join(tmpdir(), 'install-settings-'));
      try {
        const etc = path.join(tmp, 'etc');
        const data = path.join(tmp, 'data');
        // An earlier install: settings.json (with the kiosk's sealed keys) in the kiosk-owned data folder.
        mkdirSync(path.join(data, 'kiosk-data'), { recursive: true });
        writeFileSync(path.join(data, 'settings.json'), '{"mode":"staff","secrets":{"outboxKeyEnc":"c2VhbGVk"}}');
        writeFileSync(path.join(data, 'settings.last-good.json'), '{"mode":"staff"}');
        writeFileSync(path.join(data, 'kiosk-data', 'kiosk-state.json'), '{"version":1}', { mode: 0o644 });
        const script = path.join(root, 'lockdown/linux/install-settings.sh');
        const r = spawnSync('bash', [script, '--etc', etc, '--data', data, '--user', 'nobody'], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const nobody = { uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), gids: [Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }))] };
        const settings = path.join(etc, 'settings.json');
        expect(readFileSync(settings, 'utf8')).toBe('{"mode":"staff","secrets":{"outboxKeyEnc":"c2VhbGVk"}}');
        expect(existsSync(path.join(data, 'settings.json'))).toBe(false);
        expect(existsSync(path.join(data, 'settings.last-good.json'))).toBe(false);
        expect(statSync(settings)).toMatchObject({ uid: 0, gid: nobody.gids[0] });
        expect(statSync(settings).mode & 0o777).toBe(0o640);
        expect(statSync(etc).mode & 0o777).toBe(0o750);
        // What the kiosk, running as that user, concludes: read-only, in words.
        expect(settingsAccess(settings, { identity: nobody })).toEqual({
          writable: false,
          why: `${settings} is not writable by this user (uid ${nobody.uid}): owner uid 0, group ${nobody.gids[0]}, mode 0640`,
        });
        expect(statSync(data)).toMatchObject({ uid: nobody.uid });
        expect(statSync(data).mode & 0o777).toBe(0o700);
        expect(modeLetsWrite(statSync(data), nobody)).toBe(true);
        const state = statSync(path.join(data, 'kiosk-data', 'kiosk-state.json'));
        expect([state.uid, state.mode & 0o777]).toEqual([nobody.uid, 0o600]);
        // Run again: IT's file is kept as it is; a fresh install writes the mode asked for.
        const again = spawnSync('bash', [script, '--etc', etc, '--data', data, '--user', 'nobody', '--mode', 'unattended'], { encoding: 'utf8' });
        expect(again.status).toBe(0);
        expect(readFileSync(settings, 'utf8')).toBe('{"mode":"staff","secrets":{"outboxKeyEnc":"c2VhbGVk"}}');
        const fresh = path.join(tmp, 'fresh');
        expect(spawnSync('bash', [script, '--etc', fresh, '--data', path.join(tmp, 'd2'), '--user', 'nobody', '--mode', 'staff']).status).toBe(0);
        expect(readFileSync(path.join(fresh, 'settings.json'), 'utf8')).toBe('{\n  "mode": "staff"\n}\n');
        const bad = spawnSync('bash', [script, '--etc', etc, '--data', data, '--user', 'no-such-user-here'], { encoding: 'utf8' });
        expect([bad.status, bad.stderr]).toEqual([1, 'install-settings: there is no user no-such-user-here\n']);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );

  it.runIf(tool('bash'))('the installer refuses bad arguments in words', () => {
    const script = path.join(root, 'lockdown/linux/install-kiosk.sh');
    const bad = spawnSync('bash', [script, '--mode', 'party'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--mode must be unattended or staff');
    const unknown = spawnSync('bash', [script, '--frobnicate'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown argument: --frobnicate');
    expect(execFileSync('bash', [script, '--help'], { encoding: 'utf8' })).toContain('locked-down kiosk');
  });
});
