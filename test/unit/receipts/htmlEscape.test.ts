import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../electron/services/receipts';

describe('escapeHtml', () => {
  it('turns markup into text: tags, both quotes and ampersands', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml("O'Brien & Sons")).toBe('O&#39;Brien &amp; Sons');
  });

  it('escapes an existing entity again rather than trusting it', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('leaves other text, including non-ASCII, as it is', () => {
    expect(escapeHtml('Zoë — 14/03/1987')).toBe('Zoë — 14/03/1987');
  });
});
