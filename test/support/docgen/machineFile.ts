// Files some tests take from the machine rather than the repo (a Debian font, a sample image that
// ships inside an npm package). Locally a missing one skips the tests that need it, saying why;
// in CI (CI set) it fails the run: a CI machine without it would otherwise pass by testing nothing.
import { existsSync } from 'node:fs';

/** Whether `file` exists; `what` names it and how to get it, for the skip or failure message. */
export function machineFileAvailable(file: string, what: string): boolean {
  if (existsSync(file)) return true;
  const reason = `${what} is missing: ${file}`;
  if (process.env.CI)
    throw new Error(`${reason} (CI is set, so the tests that need it fail instead of skipping)`);
  console.warn(`skipping the tests that need it: ${reason}`);
  return false;
}
