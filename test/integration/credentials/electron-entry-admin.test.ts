// The real Electron entry (src-main/electron/main.ts, bundled by scripts/build-main.mjs exactly as
// for the package) run as IT runs it: `esr-kiosk --enroll <token>`, `--status`, `--unenroll`,
// against the real HTTPS gateway, with the key in a real gnome-keyring through keytar. The
// Electron binary cannot run here, so the bundle runs under Node with a stand-in `electron`
// module: an app whose exit() ends the process, and a window, lock, protocol and session that
// fail the run if anything touches them (an IT command must open nothing).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarCredentialStore } from '../../../src-main/core/credentials/keytar-store';
import { loadDeviceIdentity } from '../../../src-main/core/device/device-key';
import { unenroll } from '../../../src-main/core/device/enrollment';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { startUnlockedKeyring, type RunningKeyring } from './gnome-keyring';

const root = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'esr-electron-entry-'));
const bundleDir = path.join(dir, 'app', 'main');
const configFile = path.join(dir, 'config.json');
let keyring: RunningKeyring | undefined;
let gw: TestGateway | undefined;

// What main.ts imports from 'electron'. Anything an IT command must not use throws, and the
// throw is uncaught in a callback-free spot, so the run fails loudly if it is ever reached.
const FAKE_ELECTRON = `
const refuse = (what) => () => { process.stderr.write('ELECTRON-MISUSE ' + what + '\\n'); process.exit(97); };
exports.app = {
  isPackaged: false,
  getVersion: () => '0.1.0-entry-test',
  exit: (code) => process.exit(code),
  requestSingleInstanceLock: refuse('requestSingleInstanceLock'),
  whenReady: refuse('whenReady'),
  enableSandbox: refuse('enableSandbox'),
  on: refuse('app.on'),
  quit: refuse('quit'),
};
exports.BrowserWindow = function BrowserWindow() { refuse('BrowserWindow')(); };
exports.dialog = { showErrorBox: refuse('dialog') };
exports.ipcMain = { handle: refuse('ipcMain.handle'), removeHandler: refuse('ipcMain.removeHandler') };
exports.Menu = { setApplicationMenu: refuse('Menu') };
exports.protocol = { registerSchemesAsPrivileged: refuse('protocol'), handle: refuse('protocol.handle') };
exports.session = {};
`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function esrKiosk(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(bundleDir, 'main.js'), ...args],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'scripts/build-main.mjs'), '--outdir', bundleDir], { cwd: root, timeout: 60_000 }, (e) =>
      e ? reject(new Error(`build-main failed: ${e.message}`)) : resolve(),
    ),
  );
  // The app's node_modules as electron-builder.yml packs them, beside the stand-in electron.
  const modules = path.join(dir, 'app', 'node_modules');
  mkdirSync(path.join(modules, 'electron'), { recursive: true });
  writeFileSync(path.join(modules, 'electron', 'index.js'), FAKE_ELECTRON);
  for (const name of ['pcsclite', 'bindings', 'file-uri-to-path', 'keytar']) {
    symlinkSync(path.join(root, 'node_modules', name), path.join(modules, name), 'dir');
  }
  keyring = await startUnlockedKeyring();
  gw = await startTestGateway();
  const caFile = path.join(dir, 'gateway-ca.pem');
  writeFileSync(caFile, gw.caPem);
  writeFileSync(configFile, JSON.stringify({ gatewayUrl: gw.url, gatewayCaFile: caFile, logFolder: path.join(dir, 'logs') }));
}, 120_000);

afterAll(async () => {
  await unenroll(new KeytarCredentialStore()).catch(() => undefined);
  await gw?.close();
  await keyring?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Electron entry runs IT commands', () => {
  it('--enroll, --status, a refused --replace and --unenroll: output, exit codes, the key in the vault, no window', async () => {
    const gateway = gw!;
    const token = await gateway.createEnrollmentToken('entry test');

    const enrolled = await esrKiosk('--enroll', token, '--config', configFile);
    expect(enrolled).toMatchObject({ code: 0, stderr: '' });
    expect(enrolled.stdout).toMatch(/^Enrolled .+ with https:\/\/.+ as device .+\.\n$/);
    const identity = await loadDeviceIdentity(new KeytarCredentialStore());
    expect(identity).not.toBeNull();
    expect(enrolled.stdout).toContain(identity!.deviceId);

    const status = await esrKiosk('--status', '--config', configFile);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('ESR Kiosk 0.1.0-entry-test on ');
    expect(status.stdout).toContain(`Gateway: ${gateway.url}`);
    expect(status.stdout).toContain('Enrolled: yes');

    const replay = await esrKiosk('--enroll', token, '--replace', '--config', configFile);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain('ENROLLMENT_TOKEN_INVALID');
    expect((await loadDeviceIdentity(new KeytarCredentialStore()))?.deviceId).toBe(identity!.deviceId);

    const removed = await esrKiosk('--unenroll');
    expect(removed).toMatchObject({ code: 0 });
    expect(removed.stdout).toContain('The device key was removed from this computer.');
    expect(await loadDeviceIdentity(new KeytarCredentialStore())).toBeNull();

    const usage = await esrKiosk('--enroll');
    expect(usage.code).toBe(2);

    for (const run of [enrolled, status, replay, removed, usage]) {
      expect(run.stderr).not.toContain('ELECTRON-MISUSE');
      expect(run.stdout + run.stderr).not.toContain(token);
    }
  });

  it('without an IT command it starts the kiosk, which takes the single-instance lock first', async () => {
    const run = await esrKiosk('--config', configFile);
    expect(run.code).toBe(97);
    expect(run.stderr).toContain('ELECTRON-MISUSE requestSingleInstanceLock');
  });
});
