// IT's audit tool run as IT runs it, a child process in the project folder: through tsx (as
// `npm run -s audit` does), or through npm itself; its exit code and what it printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(repoRoot, 'electron/services/audit/auditCli.ts');

export interface AuditCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runAuditCli(args: string[], via: 'tsx' | 'npm' = 'tsx'): Promise<AuditCliRun> {
  const [command, argv] =
    via === 'npm'
      ? [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'audit', '--', ...args]]
      : [process.execPath, ['--import', 'tsx', CLI, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
