// The hosted web client's route on a real service (127.0.0.1): the page and its assets under a
// strict CSP, unknown files and path tricks refused with JSON, and the token that the page's URL
// carries never echoed in an answer nor written to the service's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CLIENT_CSP } from '../../../idv/api/webClientRoutes';
import { buildWebClient } from '../../../idv/web/webClientBuild';
import { recordingLogger, type LoggedLine } from '../../support/recordingLogger';
import { call, fullSpecification, startHarness, type Harness } from '../../integration/idv/support';

let h: Harness;
const lines: LoggedLine[] = [];
let sessionId = '';
let token = '';

beforeAll(async () => {
  await buildWebClient();
  h = await startHarness({ logger: recordingLogger(lines) });
  const created = await h.idv.createSession(fullSpecification());
  sessionId = created.getSessionId();
  token = created.getClientSessionToken();
});
afterAll(async () => {
  await h?.close();
});

const page = () => `${h.server.url}/idverify/v1/web/index.html?sessionID=${sessionId}&sessionToken=${token}`;

describe('GET /idverify/v1/web/index.html', () => {
  it('serves the page with a strict CSP, no inline script, not cached and never passed on as a referrer', async () => {
    const r = await call(page());
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(WEB_CLIENT_CSP);
    expect(WEB_CLIENT_CSP).toContain("script-src 'self'");
    expect(WEB_CLIENT_CSP).not.toContain('unsafe-inline');
    expect(WEB_CLIENT_CSP).not.toContain('unsafe-eval');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const scripts = [...r.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\ssrc="\.\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(r.text).not.toMatch(/\sstyle=|<style/);
    expect(r.text).not.toContain(token);
  });

  it('serves every asset the page names, each under the same CSP', async () => {
    const index = await call(`${h.server.url}/idverify/v1/web/index.html`);
    const assets = [...index.text.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const r = await call(`${h.server.url}/idverify/v1/web/${asset}`);
      expect(r.status, asset).toBe(200);
      expect(r.headers.get('content-security-policy')).toBe(WEB_CLIENT_CSP);
      expect(r.headers.get('content-type')).toBe(
        asset.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      );
    }
  });

  it('serves the same page on the sandbox base and for the bare folder', async () => {
    const index = await call(`${h.server.url}/idverify/v1/web/index.html`);
    for (const url of [`${h.server.url}/sandbox/idverify/v1/web/index.html`, `${h.server.url}/idverify/v1/web/`]) {
      const r = await call(url);
      expect(r.status, url).toBe(200);
      expect(r.text).toBe(index.text);
    }
  });

  it('answers an unknown file, a file outside the build and a path trick with a JSON refusal', async () => {
    const missing = await call(`${h.server.url}/idverify/v1/web/assets/nothing-here.js?sessionToken=${token}`);
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('WEB_ASSET_NOT_FOUND');
    expect(missing.text).not.toContain(token);
    const noType = await call(`${h.server.url}/idverify/v1/web/index.txt`);
    expect(noType.status).toBe(404);
    expect(noType.json.code).toBe('WEB_ASSET_NOT_FOUND');
    const hidden = await call(`${h.server.url}/idverify/v1/web/.vite`);
    expect(hidden.status).toBe(404);
    for (const trick of ['/idverify/v1/web/../../../package.json', '/idverify/v1/web/%2e%2e/%2e%2e/package.json']) {
      const r = await call(`${h.server.url}${trick}`);
      expect(r.status, trick).toBe(400);
      expect(r.json.code).toBe('PATH_TRAVERSAL');
    }
    const post = await call(`${h.server.url}/idverify/v1/web/index.html`, { method: 'POST', body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('never writes the token of a page URL, or of a refused client call, to the log', async () => {
    await call(page());
    await call(`${h.server.url}/idverify/v1/web/missing.js?sessionID=${sessionId}&sessionToken=${token}`);
    // The client API refuses a token in a URL, in words, without repeating it.
    const inUrl = await call(`${h.server.clientApiUrl}/sessions/${sessionId}/configuration?sessionToken=${token}`);
    expect(inUrl.status).toBe(400);
    expect(inUrl.json.code).toBe('TOKEN_IN_URL');
    expect(inUrl.text).not.toContain(token);
    const ok = await call(`${h.server.clientApiUrl}/sessions/${sessionId}/configuration`, { token });
    expect(ok.status).toBe(200);
    expect(ok.text).not.toContain(token);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(token);
  });
});
