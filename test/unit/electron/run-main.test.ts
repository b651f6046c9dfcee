// The Electron entry's command-line dispatch, with fake Electron objects and the real IT commands
// (runAdminCommand on a temporary config.json and the in-memory vault) and the real startApp.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAdminCommand } from '../../../src-main/cli/admin-commands';
import { MemoryCredentialStore } from '../../../src-main/core/credentials/memory-store';
import { isEnrolled } from '../../../src-main/core/device/enrollment';
import { runMain, userArgs, type MainDeps } from '../../../src-main/electron/run-main';
import { startApp, type ElectronParts } from '../../../src-main/electron/start-app';
import type { EnrollRequest } from '../../../src-main/shared/gateway-api';

const TOKEN = 'tok-0123456789abcdefXYZ';
const EXE = 'C:\\Program Files\\ESR Kiosk\\ESR Kiosk.exe';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(options: { isPackaged?: boolean } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'esr-main-'));
  dirs.push(dir);
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ gatewayUrl: 'https://esr-gateway.trust.nhs.uk', logFolder: path.join(dir, 'logs') }));
  const out: string[] = [];
  const err: string[] = [];
  const sent: EnrollRequest[] = [];
  const store = new MemoryCredentialStore();
  const order: string[] = [];
  // The Electron app as startApp sees it: every call recorded.
  const app = {
    isPackaged: options.isPackaged ?? true,
    exit: vi.fn((code: number) => order.push(`exit ${code}`)),
    requestSingleInstanceLock: vi.fn(() => {
      order.push('lock');
      return false; // another instance runs: startApp stops there, which is all these tests need
    }),
    quit: vi.fn(),
    on: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    enableSandbox: vi.fn(),
  };
  const createWindow = vi.fn();
  const startKiosk = vi.fn((kiosk: { configFile: string | undefined }) => {
    order.push(`kiosk ${kiosk.configFile ?? 'default config'}`);
    return startApp({ app, createWindow } as unknown as ElectronParts, {
      rendererDir: '/x',
      preloadPath: '/x/preload.js',
      dev: false,
      createCore: () => Promise.reject(new Error('not reached')),
    });
  });
  const fatal = vi.fn();
  const deps = (argv: string[], runAdmin?: MainDeps['runAdmin']): MainDeps => ({
    app,
    argv,
    runAdmin:
      runAdmin ??
      ((args) =>
        runAdminCommand(args, {
          store,
          version: '1.2.3',
          hostname: 'WARD-PC-3',
          loadConfigOptions: { platform: 'linux', env: {}, configFile },
          postEnrollFor: () => (body) => {
            sent.push(body);
            return Promise.resolve({ deviceId: 'dev-9' });
          },
          out: (l) => out.push(l),
          err: (l) => err.push(l),
        })),
    startKiosk,
    fatal,
    err: (l) => err.push(l),
    flush: () => {
      order.push('flush');
      return Promise.resolve();
    },
  });
  return { dir, configFile, out, err, sent, store, app, order, createWindow, startKiosk, fatal, deps };
}

describe('userArgs', () => {
  it('drops the exe when packaged, and the app path too in development', () => {
    expect(userArgs([EXE, '--status'], true)).toEqual(['--status']);
    expect(userArgs(['/usr/lib/electron/electron', '.', '--status'], false)).toEqual(['--status']);
  });
});

describe('runMain', () => {
  it('--enroll runs the IT command with no window and no single-instance lock, then exits with its code', async () => {
    const t = setup();
    expect(await runMain(t.deps([EXE, '--enroll', TOKEN]))).toBe('admin');
    expect(t.sent).toEqual([expect.objectContaining({ enrollmentToken: TOKEN, hostname: 'WARD-PC-3' })]);
    expect(await isEnrolled(t.store)).toBe(true);
    expect(t.out).toEqual(['Enrolled WARD-PC-3 with https://esr-gateway.trust.nhs.uk as device dev-9.']);
    expect(t.order).toEqual(['flush', 'exit 0']);
    expect(t.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(t.startKiosk).not.toHaveBeenCalled();
    expect(t.createWindow).not.toHaveBeenCalled();
  });

  it('passes the refusal on as the exit code, printed to stderr without the token', async () => {
    const t = setup();
    await runMain(t.deps([EXE, '--enroll', TOKEN]));
    t.order.length = 0;
    await runMain(t.deps([EXE, '--enroll', TOKEN]));
    expect(t.err.join('\n')).toContain('ALREADY_ENROLLED');
    expect(t.order).toEqual(['flush', 'exit 1']);
    await runMain(t.deps([EXE, '--enroll', TOKEN, '--replace']));
    expect(t.sent).toHaveLength(2);
    expect(t.order.at(-1)).toBe('exit 0');
    t.order.length = 0;
    await runMain(t.deps([EXE, '--enroll']));
    expect(t.order).toEqual(['flush', 'exit 2']);
    expect([...t.out, ...t.err].join('\n')).not.toContain(TOKEN);
  });

  it('--status, --unenroll and --support-bundle with --config run the same way', async () => {
    const t = setup();
    await runMain(t.deps([EXE, '--status', '--config', t.configFile]));
    expect(t.out).toContain('Enrolled: no (the kiosk will say "this computer is not enrolled")');
    await runMain(t.deps([EXE, '--support-bundle', t.dir, '--config', t.configFile]));
    expect(t.out.at(-1)).toMatch(/^Support bundle written: .*esr-kiosk-support-WARD-PC-3-.*\.zip$/);
    await runMain(t.deps([EXE, '--unenroll']));
    expect(t.out.at(-1)).toBe('This computer was not enrolled.');
    expect(t.order).toEqual(['flush', 'exit 0', 'flush', 'exit 0', 'flush', 'exit 0']);
    expect(t.app.requestSingleInstanceLock).not.toHaveBeenCalled();
  });

  it('a command that throws exits 1 and prints the kind of failure only', async () => {
    const t = setup();
    await runMain(t.deps([EXE, '--enroll', TOKEN], () => Promise.reject(new TypeError(`bad ${TOKEN}`))));
    expect(t.err).toEqual(['ESR Kiosk: the command failed (TypeError).']);
    expect(t.order).toEqual(['flush', 'exit 1']);
  });

  it('anything else starts the kiosk, which takes the single-instance lock', async () => {
    const t = setup();
    expect(await runMain(t.deps([EXE]))).toBe('kiosk');
    expect(t.order).toEqual(['kiosk default config', 'lock']);
    expect(t.app.exit).not.toHaveBeenCalled();
    expect(t.fatal).not.toHaveBeenCalled();
  });

  it('--config picks another config.json for the kiosk only in development', async () => {
    const packaged = setup({ isPackaged: true });
    await runMain(packaged.deps([EXE, '--config', '/tmp/other.json']));
    expect(packaged.order[0]).toBe('kiosk default config');
    const dev = setup({ isPackaged: false });
    await runMain(dev.deps(['/usr/lib/electron/electron', '.', '--config', '/tmp/other.json']));
    expect(dev.order[0]).toBe('kiosk /tmp/other.json');
  });

  it('a kiosk that cannot start at all ends in the fatal message', async () => {
    const t = setup();
    const broken = new Error('keytar.node missing');
    await runMain({ ...t.deps([EXE]), startKiosk: () => Promise.reject(broken) });
    expect(t.fatal).toHaveBeenCalledWith(broken);
  });
});
