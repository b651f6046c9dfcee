import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  registerAppProtocol,
} from '../../../src-main/electron/app-protocol';

let base: string;
let root: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'esr-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>ESR Kiosk</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'outside the renderer');
  await mkdir(join(base, 'renderer-evil'));
  await writeFile(join(base, 'renderer-evil', 'x.js'), 'sibling with a shared prefix');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  serve = createAppProtocolHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves the renderer entry with its content type', async () => {
    const response = await get(APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>ESR Kiosk</title>');
  });

  it('serves index.html for the bare origin and assets with their types', async () => {
    expect(await (await get('app://kiosk/')).text()).toContain('ESR Kiosk');
    expect((await get('app://kiosk/assets/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://kiosk/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
  });

  it('sends the strict CSP header on every response, errors included', async () => {
    for (const response of [await get(APP_ENTRY_URL), await get('app://kiosk/missing.js'), await get(APP_ENTRY_URL, 'PUT')]) {
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it.each([
    ['/etc/passwd style', 'app://kiosk/../secret.txt'],
    ['encoded dots', 'app://kiosk/%2e%2e/secret.txt'],
    ['encoded slash', 'app://kiosk/assets/..%2f..%2fsecret.txt'],
    ['fully encoded', 'app://kiosk/%2e%2e%2fsecret.txt'],
    ['backslashes', 'app://kiosk/assets/%5c..%5c..%5csecret.txt'],
    ['shared-prefix sibling', 'app://kiosk/../renderer-evil/x.js'],
    ['encoded shared-prefix sibling', 'app://kiosk/%2e%2e/renderer-evil/x.js'],
    ['symlink out of the root', 'app://kiosk/assets/link.txt'],
    ['NUL byte', 'app://kiosk/index.html%00.js'],
    ['malformed escape', 'app://kiosk/%E0%A4%A'],
    ['a directory', 'app://kiosk/assets'],
    ['another host', 'app://evil/index.html'],
    ['a missing file', 'app://kiosk/nope.html'],
  ])('refuses %s with 404 and no file content', async (_name, url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});

describe('app:// CSP', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );

  it('allows no inline script and no eval anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|strict-dynamic/);
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('defaults to nothing and names no remote origin', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|ws:|wss:/);
  });

  it('forbids framing, plugins, base rewriting and form posts', () => {
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });
});

describe('app:// registration', () => {
  it('is standard and secure but never bypasses CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).not.toBe(true);
  });

  it('hands protocol.handle a handler that serves the given root', async () => {
    const protocol = { handle: vi.fn() };
    registerAppProtocol(protocol, root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = protocol.handle.mock.calls[0]![1] as typeof serve;
    expect((await handler(new Request(APP_ENTRY_URL))).status).toBe(200);
  });
});
