// bootKiosk with real parts where they run here: the real config loader on a temporary
// config.json, the real token-file enrolment on a real temporary enrollment.ini, real device keys
// in the in-memory vault, real rotated log files. Only PC/SC (no readers) and the gateway's enrol
// call are stand-ins; enrolment against the real gateway is in test/integration/credentials.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardService } from '../../../src-main/core/card/card-service';
import { CREDENTIAL_NAMES } from '../../../src-main/core/credentials/credential-store';
import { MemoryCredentialStore } from '../../../src-main/core/credentials/memory-store';
import { loadDeviceIdentity } from '../../../src-main/core/device/device-key';
import { GatewayError } from '../../../src-main/core/gateway/gateway-error';
import { createKioskLog, type KioskLogOptions } from '../../../src-main/core/logging/logger';
import { bootKiosk, type BootOptions, type KioskBoot } from '../../../src-main/electron/kiosk-boot';
import type { EnrollRequest } from '../../../src-main/shared/gateway-api';
import type { SessionState } from '../../../src-main/shared/ipc-contract';

const TOKEN = 'msi-token-0123456789abcdefXYZ';
const dirs: string[] = [];
const boots: KioskBoot[] = [];
afterEach(async () => {
  for (const b of boots.splice(0)) await b.core.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function idleCards() {
  const start = vi.fn();
  const cards: CardService = {
    start,
    stop: () => Promise.resolve(),
    subscribe: () => () => undefined,
    readers: () => [],
    openPiv: () => Promise.reject(new Error('no card in this test')),
  };
  return { cards, start };
}

function setup(config: Record<string, unknown> = {}, opts: { tokenFile?: string | null } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'esr-boot-'));
  dirs.push(dir);
  const logFolder = path.join(dir, 'logs');
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ gatewayUrl: 'https://esr-gateway.trust.nhs.uk', logFolder, ...config }));
  const enrollmentFile = path.join(dir, 'enrollment.ini');
  if (opts.tokenFile !== null) writeFileSync(enrollmentFile, opts.tokenFile ?? `[Enrollment]\r\nToken=${TOKEN}\r\n`);
  const store = new MemoryCredentialStore();
  const sent: EnrollRequest[] = [];
  const logOpened: KioskLogOptions[] = [];
  const { cards, start } = idleCards();
  let enroll: (body: EnrollRequest) => Promise<{ deviceId: string }> = (body) => {
    sent.push(body);
    return Promise.resolve({ deviceId: 'dev-42' });
  };
  const options: BootOptions = {
    version: '9.9.9',
    platform: 'linux',
    env: {},
    loadConfigOptions: { configFile, platform: 'linux', env: {}, readPolicy: () => Promise.resolve(null) },
    credentials: store,
    createCards: () => cards,
    enrollmentFile,
    hostname: 'WARD-3-PC',
    postEnrollFor: () => (body) => enroll(body),
    // The real file log, recording what it was asked for; the default folder is redirected here.
    openLog: (o) => {
      logOpened.push(o);
      return createKioskLog({ ...o, folder: o.folder.startsWith(dir) ? o.folder : logFolder });
    },
  };
  return {
    dir,
    logFolder,
    enrollmentFile,
    store,
    sent,
    logOpened,
    cardsStarted: start,
    options,
    setEnroll: (f: typeof enroll) => (enroll = f),
    async boot(): Promise<KioskBoot> {
      const b = await bootKiosk(options);
      boots.push(b);
      await b.core.start();
      return b;
    },
    /** The log's text once the kiosk has shut down (which flushes and closes it). */
    async logText(b: KioskBoot): Promise<string> {
      boots.splice(boots.indexOf(b), 1);
      await b.core.dispose();
      return readdirSync(logFolder)
        .map((f) => readFileSync(path.join(logFolder, f), 'utf8'))
        .join('');
    },
  };
}

async function stateOf(b: KioskBoot): Promise<SessionState> {
  const r = await b.core.handlers['session:get-state'](undefined as never);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('bootKiosk: a configuration that cannot be used', () => {
  it('opens on the config-error screen naming each setting, its source and what is allowed', async () => {
    const t = setup({ gatewayUrl: 'http://esr-gateway.example', language: 'fr' });
    const b = await t.boot();
    expect(b.configProblems.map((p) => [p.setting, p.source])).toEqual([
      ['gatewayUrl', 'file'],
      ['language', 'file'],
    ]);
    const state = await stateOf(b);
    expect(state.name).toBe('config-error');
    expect(state).toMatchObject({
      problems: [
        { setting: 'gatewayUrl', source: 'file', allowed: expect.stringContaining('https://') },
        { setting: 'language', source: 'file', allowed: 'en or cy' },
      ],
    });
    // Nothing else runs: no PC/SC, no enrolment, the token file is left for a fixed config.
    expect(t.cardsStarted).not.toHaveBeenCalled();
    expect(b.firstStart).toBe('skipped');
    expect(existsSync(t.enrollmentFile)).toBe(true);
    expect(t.sent).toEqual([]);
    // Every gateway-bound request is refused without a network call.
    const login = await b.core.handlers['password-login:submit']({ username: '234000001', password: 'Abc12345' });
    expect(login.ok).toBe(false);
    expect((await stateOf(b)).name).toBe('config-error');
    // The problems are logged in the default log folder with the default rotation.
    expect(t.logOpened).toEqual([expect.objectContaining({ folder: '/var/log/esr-kiosk', level: 'info', maxFileSizeMb: 10, maxFiles: 10 })]);
    const text = await t.logText(b);
    expect(text).toContain('gatewayUrl (configuration file): allowed is an https:// URL');
    expect(text).not.toContain('Abc12345');
  });

  it('a log folder the kiosk cannot create is a config problem, not a crash', async () => {
    const t = setup();
    const notAFolder = path.join(t.dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    writeFileSync(
      path.join(t.dir, 'config.json'),
      JSON.stringify({ gatewayUrl: 'https://esr-gateway.trust.nhs.uk', logFolder: path.join(notAFolder, 'logs') }),
    );
    const b = await t.boot();
    expect(await stateOf(b)).toMatchObject({
      name: 'config-error',
      problems: [{ setting: 'logFolder', source: 'file', allowed: 'the full path of a folder the kiosk account can write to' }],
    });
  });

  it('on Windows the fallback log goes to %ProgramData%\\ESR Kiosk\\logs', async () => {
    const t = setup({ gatewayUrl: '' }, { tokenFile: null });
    const b = await bootKiosk({ ...t.options, platform: 'win32', env: { ProgramData: 'D:\\PD' } });
    boots.push(b);
    expect(t.logOpened[0]?.folder).toBe('D:\\PD\\ESR Kiosk\\logs');
  });
});

describe('bootKiosk: a usable configuration', () => {
  it('rotates logs by the configured size and count', async () => {
    const t = setup({ logMaxFileSizeMb: 3, logMaxFiles: 7, logLevel: 'debug' }, { tokenFile: null });
    const b = await t.boot();
    expect(b.configProblems).toEqual([]);
    expect(t.logOpened).toEqual([
      { folder: t.logFolder, level: 'debug', maxFileSizeMb: 3, maxFiles: 7, base: { version: '9.9.9' } },
    ]);
    expect(b.firstStart).toBe('no-file');
    expect((await stateOf(b)).name).toBe('not-enrolled');
    expect(t.cardsStarted).toHaveBeenCalledOnce();
  });

  it('first start enrols with the installer token file, deletes it and logs the outcome without the token', async () => {
    const t = setup();
    const b = await t.boot();
    expect(b.firstStart).toBe('enrolled');
    expect(t.sent).toEqual([expect.objectContaining({ enrollmentToken: TOKEN, hostname: 'WARD-3-PC' })]);
    expect(existsSync(t.enrollmentFile)).toBe(false);
    expect((await loadDeviceIdentity(t.store))?.deviceId).toBe('dev-42');
    // Enrolled, so past "not enrolled": no reader is attached in this test.
    expect((await stateOf(b)).name).toBe('no-reader');
    const text = await t.logText(b);
    expect(text).toMatch(/"msg":"enrolled with the installer token"/);
    expect(text).toContain('"deviceId":"dev-42"');
    expect(text).not.toContain(TOKEN);
  });

  it('a token the gateway refuses: the file is deleted, the kiosk says not enrolled, the log has the code only', async () => {
    const t = setup();
    t.setEnroll(() => Promise.reject(new GatewayError('ENROLLMENT_TOKEN_INVALID', `POST /v1/devices/enroll: 401 for ${TOKEN}`, { status: 401 })));
    const b = await t.boot();
    expect(b.firstStart).toBe('failed');
    expect(existsSync(t.enrollmentFile)).toBe(false);
    expect(await t.store.get(CREDENTIAL_NAMES.devicePrivateKey)).toBeNull();
    expect((await stateOf(b)).name).toBe('not-enrolled');
    const text = await t.logText(b);
    expect(text).toContain('"code":"ENROLLMENT_TOKEN_INVALID"');
    expect(text).toContain('"retryAtNextStart":false');
    expect(text).not.toContain(TOKEN);
  });

  it('an unreachable gateway keeps the token file for the next start', async () => {
    const t = setup();
    t.setEnroll(() => Promise.reject(new GatewayError('GATEWAY_UNREACHABLE', 'connect ECONNREFUSED')));
    const first = await t.boot();
    expect(first.firstStart).toBe('failed');
    expect(existsSync(t.enrollmentFile)).toBe(true);
    expect((await stateOf(first)).name).toBe('not-enrolled');
    const text = await t.logText(first);
    expect(text).toContain('"code":"GATEWAY_UNREACHABLE"');
    expect(text).toContain('"retryAtNextStart":true');
    expect(text).not.toContain(TOKEN);

    // The gateway is back: the next start enrols.
    t.setEnroll((body) => {
      t.sent.push(body);
      return Promise.resolve({ deviceId: 'dev-43' });
    });
    const second = await t.boot();
    expect(second.firstStart).toBe('enrolled');
    expect((await stateOf(second)).name).toBe('no-reader');
    expect(existsSync(t.enrollmentFile)).toBe(false);
  });

  it('an already enrolled computer keeps its key and drops the token file unused', async () => {
    const t = setup({}, { tokenFile: null });
    const first = await t.boot();
    expect((await stateOf(first)).name).toBe('not-enrolled');
    writeFileSync(t.enrollmentFile, `[Enrollment]\nToken=${TOKEN}\n`);
    const enrolled = await t.boot();
    expect(enrolled.firstStart).toBe('enrolled');
    writeFileSync(t.enrollmentFile, `[Enrollment]\nToken=${TOKEN}-again\n`);
    const again = await t.boot();
    expect(again.firstStart).toBe('already-enrolled');
    expect(t.sent).toHaveLength(1);
    expect(existsSync(t.enrollmentFile)).toBe(false);
    expect((await loadDeviceIdentity(t.store))?.deviceId).toBe('dev-42');
  });

  it('a token file without a token is removed and logged', async () => {
    const t = setup({}, { tokenFile: '[Enrollment]\nToken=\n' });
    const b = await t.boot();
    expect(b.firstStart).toBe('no-token');
    expect(existsSync(t.enrollmentFile)).toBe(false);
    expect(await t.logText(b)).toContain('installer token file held no token');
  });

  it('a device key the vault holds only in part counts as not enrolled instead of stopping the kiosk', async () => {
    const t = setup({}, { tokenFile: null });
    await t.store.set(CREDENTIAL_NAMES.deviceId, 'dev-half');
    const b = await t.boot();
    expect((await stateOf(b)).name).toBe('not-enrolled');
    expect(await t.logText(b)).toContain('the device key could not be read');
  });
});

