// An X display of our own for tests that run the kiosk as a person sees it (Xvfb, a fixed screen
// size), and a picture of the whole screen (ImageMagick's `import -window root`), which shows any
// browser UI that a page screenshot would not.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';

export interface VirtualDisplay {
  display: string;
  width: number;
  height: number;
  /** PNG of the whole screen. */
  screenshot(file: string): void;
  close(): Promise<void>;
}

export async function startVirtualDisplay(width = 1280, height = 800): Promise<VirtualDisplay> {
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it accepts clients.
  const child: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdio[3]!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err.slice(-400)}`)));
  });
  return {
    display,
    width,
    height,
    screenshot(file) {
      execFileSync('import', ['-display', display, '-window', 'root', file]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
