// The OS-level lockdown the project ships (build/lockdown/): checked with the tools that know each
// format. shellcheck reads the shell scripts; systemd-analyze verifies the kiosk session's unit.
// Where a tool is missing, CI fails (scripts/install-os-deps.sh installs them) and a local run
// says what it skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskSettingsDir } from '../../../electron/host/kioskDataDir';
import { modeLetsWrite } from '../../../electron/host/settingsAccess';

const root = path.resolve('build');
const shellScripts = ['lockdown/linux/install-kiosk.sh', 'linux-after-install.sh', 'linux-after-remove.sh'];
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
    const settingsDir = /^Environment=KIOSK_SETTINGS_DIR=(.+)$/m.exec(text)?.[1];
    expect(settingsDir).toBe('/etc/doc-scan-kiosk');
    expect(kioskSettingsDir('/var/lib/doc-scan-kiosk', { KIOSK_SETTINGS_DIR: settingsDir })).toBe('/etc/doc-scan-kiosk');
    // The kiosk may write its data folder only, never the settings folder.
    expect(/^ReadWritePaths=(.*)$/m.exec(text)?.[1]?.split(/\s+/)).toEqual(['/var/lib/doc-scan-kiosk']);
    expect(/^Environment=KIOSK_USER_DATA=(.*)$/m.exec(text)?.[1]).toBe('/var/lib/doc-scan-kiosk');
    expect(installer).toMatch(/^etc=\/etc\/doc-scan-kiosk$/m);
    expect(installer).toContain('install -d -o root -g kiosk -m 0750 "$etc"');
    expect(installer).toContain('chown root:kiosk "$etc/settings.json"');
    expect(installer).toContain('chmod 0640 "$etc/settings.json"');
    expect(installer).toContain('install -d -o kiosk -g kiosk -m 0700 "$data"');
    // 0640 root:kiosk is what the kiosk judges read-only for its user (settingsAccess).
    expect(modeLetsWrite({ uid: 0, gid: 990, mode: 0o640 }, { uid: 990, gids: [990] })).toBe(false);
    expect(modeLetsWrite({ uid: 0, gid: 990, mode: 0o750 }, { uid: 990, gids: [990] })).toBe(false);
  });

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
