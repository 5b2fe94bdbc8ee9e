// Tests that need a file from the machine (the OCR-B font, an npm package's sample image) skip
// locally when it is missing, but fail in CI: a CI run must not pass by testing nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { machineFileAvailable } from '../../support/docgen/machineFile';

const missing = '/nonexistent/vision-test/OCRB.otf';

describe('machineFileAvailable', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('is true for a file that is there', () => {
    vi.stubEnv('CI', 'true');
    expect(machineFileAvailable(import.meta.filename, 'this test file')).toBe(true);
  });

  it('fails in CI, naming the file and what it is', () => {
    vi.stubEnv('CI', 'true');
    expect(() => machineFileAvailable(missing, 'the OCR-B font')).toThrow(
      'the OCR-B font is missing: /nonexistent/vision-test/OCRB.otf (CI is set',
    );
  });

  it('skips locally and prints the reason', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(machineFileAvailable(missing, 'the OCR-B font')).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      'skipping the tests that need it: the OCR-B font is missing: /nonexistent/vision-test/OCRB.otf',
    );
  });
});
