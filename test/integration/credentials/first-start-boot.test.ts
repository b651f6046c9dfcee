// The kiosk's first start as the MSI leaves it, with real parts: bootKiosk reads a real
// config.json naming the real gateway's CA, finds the installer's enrollment.ini, enrols through
// its own gateway client against the real HTTPS gateway, and keeps the key in a real
// gnome-keyring through keytar. Only PC/SC is absent (an idle card service: no reader).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardService } from '../../../src-main/core/card/card-service';
import { loadConfig } from '../../../src-main/core/config/load-config';
import { KeytarCredentialStore } from '../../../src-main/core/credentials/keytar-store';
import { loadDeviceIdentity } from '../../../src-main/core/device/device-key';
import { unenroll } from '../../../src-main/core/device/enrollment';
import { createGatewayClient } from '../../../src-main/core/gateway/gateway-client';
import { bootKiosk, type KioskBoot } from '../../../src-main/electron/kiosk-boot';
import type { SessionState } from '../../../src-main/shared/ipc-contract';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { startUnlockedKeyring, type RunningKeyring } from './gnome-keyring';

let keyring: RunningKeyring;
let gateway: TestGateway;
const store = new KeytarCredentialStore();
const dir = mkdtempSync(path.join(tmpdir(), 'esr-first-start-'));
const caFile = path.join(dir, 'gateway-ca.pem');
const tokenFile = path.join(dir, 'enrollment.ini');
const logFolder = path.join(dir, 'logs');
const boots: KioskBoot[] = [];

const idleCards: CardService = {
  start: () => undefined,
  stop: () => Promise.resolve(),
  subscribe: () => () => undefined,
  readers: () => [],
  openPiv: () => Promise.reject(new Error('no reader in this test')),
};

function writeConfig(gatewayUrl: string): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ gatewayUrl, gatewayCaFile: caFile, gatewayTimeoutSeconds: 5, logFolder }));
  return file;
}

async function boot(configFile: string): Promise<KioskBoot> {
  const b = await bootKiosk({
    version: 'it',
    platform: 'linux',
    env: {},
    loadConfigOptions: { configFile, platform: 'linux', env: {} },
    credentials: store,
    createCards: () => idleCards,
    enrollmentFile: tokenFile,
    hostname: 'WARD-5-PC',
  });
  boots.push(b);
  await b.core.start();
  return b;
}

async function stateOf(b: KioskBoot): Promise<SessionState['name']> {
  const r = await b.core.handlers['session:get-state'](undefined as never);
  if (!r.ok) throw new Error(r.error.code);
  return r.value.name;
}

async function shutDownAndReadLogs(): Promise<string> {
  for (const b of boots.splice(0)) await b.core.dispose();
  return readdirSync(logFolder)
    .map((f) => readFileSync(path.join(logFolder, f), 'utf8'))
    .join('');
}

beforeAll(async () => {
  keyring = await startUnlockedKeyring();
  gateway = await startTestGateway();
  writeFileSync(caFile, gateway.caPem);
});

afterEach(async () => {
  for (const b of boots.splice(0)) await b.core.dispose();
  await unenroll(store).catch(() => undefined);
});

afterAll(async () => {
  await gateway.close();
  await keyring.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('first start with the installer token file', () => {
  it('enrols with the real gateway, deletes the file, and the stored key signs requests the gateway accepts', async () => {
    const token = await gateway.createEnrollmentToken('msi first start');
    writeFileSync(tokenFile, `[Enrollment]\r\nToken=${token}\r\n`);
    const b = await boot(writeConfig(gateway.url));
    expect(b.firstStart).toBe('enrolled');
    expect(existsSync(tokenFile)).toBe(false);
    expect(await stateOf(b)).toBe('no-reader'); // enrolled: past "not enrolled", waiting for a reader

    const identity = await loadDeviceIdentity(new KeytarCredentialStore());
    expect(identity).not.toBeNull();
    const loaded = await loadConfig({ configFile: writeConfig(gateway.url), platform: 'linux', env: {} });
    if (!loaded.ok) throw new Error('config');
    const client = createGatewayClient({ baseUrl: gateway.url, ca: loaded.gatewayCaPem, identity: () => identity, retries: 0 });
    try {
      await expect(client.challenge()).resolves.toMatchObject({ challengeId: expect.any(String) });
    } finally {
      client.close();
    }
    const logs = await shutDownAndReadLogs();
    expect(logs).toContain(`"deviceId":"${identity!.deviceId}"`);
    expect(logs).not.toContain(token);
  });

  it('a used token: the gateway refuses it, the file is deleted and the kiosk says not enrolled', async () => {
    const token = await gateway.createEnrollmentToken('used twice');
    writeFileSync(tokenFile, `[Enrollment]\nToken=${token}\n`);
    expect((await boot(writeConfig(gateway.url))).firstStart).toBe('enrolled');
    await unenroll(store);
    writeFileSync(tokenFile, `[Enrollment]\nToken=${token}\n`);
    const again = await boot(writeConfig(gateway.url));
    expect(again.firstStart).toBe('failed');
    expect(existsSync(tokenFile)).toBe(false);
    expect(await stateOf(again)).toBe('not-enrolled');
    const logs = await shutDownAndReadLogs();
    expect(logs).toContain('"code":"ENROLLMENT_TOKEN_INVALID"');
    expect(logs).not.toContain(token);
  });

  it('a gateway that cannot be reached: the file stays for the next start', async () => {
    // A loopback port that was free a moment ago: connections are refused at once.
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const token = await gateway.createEnrollmentToken('gateway down');
    writeFileSync(tokenFile, `[Enrollment]\nToken=${token}\n`);
    const down = await boot(writeConfig(`https://localhost:${closedPort}`));
    expect(down.firstStart).toBe('failed');
    expect(existsSync(tokenFile)).toBe(true);
    expect(await stateOf(down)).toBe('not-enrolled');
    await down.core.dispose();
    boots.splice(boots.indexOf(down), 1);

    const up = await boot(writeConfig(gateway.url));
    expect(up.firstStart).toBe('enrolled');
    expect(existsSync(tokenFile)).toBe(false);
    expect(await shutDownAndReadLogs()).not.toContain(token);
  });
});
