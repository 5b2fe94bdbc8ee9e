// The admin's "Export the audit verification key": the key written to a new 0600 file the admin
// names (in the form `audit verify --key-file` reads), the export recorded in the log, an existing
// file or a relative path refused in words with nothing written, only a signed-in admin, and the
// answer carrying the key id but never the key. Then IT verifies with the exported file.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { auditKeyId } from '../../../electron/services/audit/auditChain';
import { exportAuditKey } from '../../../electron/services/audit/auditKeyExport';
import { createAdminHandlers, type AdminDeps } from '../../../electron/services/admin/adminHandlers';
import { StaffError } from '../../../electron/services/staff';
import { silentLogger } from '../../../platform/logger';
import { openTestLog, removeTempDirs, staffReport, tempDir } from './auditFixtures';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(repoRoot, 'electron/services/audit/auditCli.ts');

function verify(data: string, keyFile: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'verify', '--data', data, '--key-file', keyFile], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

afterEach(removeTempDirs);

describe('audit key export', () => {
  it('writes the key 0600 for verify --key-file, records the export, and IT verifies the HMACs with it', async () => {
    const t = await openTestLog();
    t.log.record(
      { decision: 'approve', reasonCode: 'DOCUMENT_AND_FACE_MATCH', staffAccountId: 'acct-ada', sessionId: 'session-1' },
      staffReport(),
    );
    const out = await tempDir();
    const file = path.join(out, 'audit.key');
    const exported = await exportAuditKey({ key: t.key, audit: t.log, file, staffAccountId: 'acct-ada' });
    expect(exported).toEqual({ file, keyId: auditKeyId(t.key), seq: 2 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${t.key.toString('hex')}\n`);
    const entry = t.log.entries().at(-1)?.entry;
    expect(entry).toMatchObject({ seq: 2, kind: 'keyExport', staffAccountId: 'acct-ada', keyId: auditKeyId(t.key), file });
    expect(JSON.stringify(entry)).not.toContain(t.key.toString('hex'));
    t.log.close();

    const ok = await verify(t.dataDir, file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('OK, hash chain and HMACs hold; 2 entries (1-2)');
    // Another key (a file someone made up) does not verify.
    const forged = path.join(out, 'forged.key');
    writeFileSync(forged, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const bad = await verify(t.dataDir, forged);
    expect(bad.code).toBe(1);
  });

  it('an existing file or a relative path is refused in words; nothing is written or recorded', async () => {
    const t = await openTestLog();
    const out = await tempDir();
    const file = path.join(out, 'taken.key');
    writeFileSync(file, 'keep me\n');
    await expect(exportAuditKey({ key: t.key, audit: t.log, file, staffAccountId: 'acct-ada' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: `${file} exists already: it was left as it is (name a new file)`,
    });
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    await expect(
      exportAuditKey({ key: t.key, audit: t.log, file: 'audit.key', staffAccountId: 'acct-ada' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'name the key file by its full path (such as /media/usb/audit.key), not "audit.key"',
    });
    expect(existsSync(path.join(process.cwd(), 'audit.key'))).toBe(false);
    expect(t.log.entries()).toEqual([]);
    // A log that cannot record it: the written file is taken away again.
    const unrecorded = path.join(out, 'unrecorded.key');
    await expect(
      exportAuditKey({
        key: t.key,
        audit: {
          recordKeyExport: () => {
            throw new Error('disk full');
          },
        },
        file: unrecorded,
        staffAccountId: 'acct-ada',
      }),
    ).rejects.toThrow('disk full');
    expect(existsSync(unrecorded)).toBe(false);
    t.log.close();
  });

  it('the admin action: only for a signed-in admin, refusals in words, no key bytes in the answer', async () => {
    const t = await openTestLog();
    const out = await tempDir();
    let role: 'admin' | 'staff' = 'admin';
    const deps = {
      requireAdmin: () => {
        if (role !== 'admin') throw new StaffError('NOT_ALLOWED', 'Only an admin may do this.');
        return 'token';
      },
      staffGesture: () => ({ corner: 'top-right' as const, taps: 5 }),
      exportAuditKey: (file: string) => exportAuditKey({ key: t.key, audit: t.log, file, staffAccountId: 'acct-ada' }),
      logger: silentLogger,
    } as unknown as AdminDeps;
    const admin = createAdminHandlers(deps);
    const file = path.join(out, 'k.key');
    role = 'staff';
    await expect(admin.adminExportAuditKey({ file })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(existsSync(file)).toBe(false);
    role = 'admin';
    const answer = await admin.adminExportAuditKey({ file });
    expect(answer).toEqual({ file, keyId: auditKeyId(t.key), seq: 1 });
    await expect(admin.adminExportAuditKey({ file })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: `${file} exists already: it was left as it is (name a new file)`,
    });
    const none = createAdminHandlers({ ...deps, exportAuditKey: null });
    await expect(none.adminExportAuditKey({ file: path.join(out, 'n.key') })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: 'The audit log is not open on this kiosk, so there is no key to export (the kiosk log says why).',
    });
    expect(await admin.getStaffGesture({})).toEqual({ corner: 'top-right', taps: 5 });
    t.log.close();
  });
});
