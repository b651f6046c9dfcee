// The gateway CLI as IT runs it, in child processes: init → seed-demo (demo staff + card CA) →
// enrollment-token → serve; a kiosk-like client enrolls and logs in with a card over HTTPS; IT
// lists and revokes the device; then SIGTERM stops the server gracefully. Bad configs and a
// repeated init fail with clear messages.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { createTestCa, issueCardCertificate, type TestCa } from '../../support/pki/test-pki';
import { cardLogin } from '../../support/server/card-login';
import { errorCode, GatewayTestClient } from '../../support/server/client';
import { sqliteRows } from '../../support/server/raw-rows';
import { DEMO_STAFF } from '../../support/server/demo-staff';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'server/cli.ts');
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd: ROOT, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function startServe(configFile: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(TSX, [CLI, 'serve', '--config', configFile, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on https:\/\/127\.0\.0\.1:(\d+)/u.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolvePromise({ child, port: Number(m[1]), output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

describe('gateway CLI', () => {
  let dir: string;
  let ca: TestCa;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'esr-gw-cli-'));
    ca = await createTestCa({ commonName: 'ESR Demo Card CA' });
    writeFileSync(join(dir, 'demo-card-ca.pem'), ca.certificatePem);
  });
  afterAll(() => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('initialises, seeds, issues a token, serves a card login and stops on SIGTERM', async () => {
    const gwDir = join(dir, 'gateway');
    const init = await cli(['init', '--dir', gwDir, '--port', '0']);
    expect(init.code, init.stderr).toBe(0);
    const configFile = join(gwDir, 'config.json');
    const again = await cli(['init', '--dir', gwDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');

    const seed = await cli(['seed-demo', '--config', configFile, '--card-ca', join(dir, 'demo-card-ca.pem')]);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain(`demo staff loaded: ${DEMO_STAFF.length}`);

    const tokenRun = await cli(['enrollment-token', '--config', configFile, '--label', 'ward 7', '--json']);
    expect(tokenRun.code, tokenRun.stderr).toBe(0);
    const { token } = JSON.parse(tokenRun.stdout) as { token: string };

    const served = await startServe(configFile);
    child = served.child;
    const caPem = readFileSync(join(gwDir, 'tls-ca.pem'), 'utf8');
    const anon = new GatewayTestClient({ port: served.port, caPem, now: Date.now });
    const device = await anon.enroll(token, 'ward-7-kiosk');
    const client = anon.withDevice(device);
    const alex = DEMO_STAFF[0]!;
    const card = await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'rsa2048' });
    const login = await cardLogin(client, card);
    expect(login.status, login.text).toBe(200);
    expect(login.body.person.username).toBe(alex.username);
    expect((await client.send({ path: ROUTES.logout, token: login.body.sessionToken })).status).toBe(204);
    // seed-demo set the demo's initial internet password (and only where the file gives one).
    const pw = await client.send({ path: ROUTES.passwordLogin, body: { username: alex.username, password: 'Ward7Blue' } });
    expect(pw.status, pw.text).toBe(200);
    const none = await client.send({ path: ROUTES.passwordLogin, body: { username: DEMO_STAFF[1]!.username, password: 'Ward7Blue' } });
    expect(none.status).toBe(401);

    // IT retires the computer while the gateway runs: its next signed request is refused.
    const listed = await cli(['devices', '--config', configFile, '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: device.deviceId, hostname: 'ward-7-kiosk', revokedAt: null })]);
    const revoke = await cli(['devices', '--config', configFile, '--revoke', device.deviceId]);
    expect(revoke.code, revoke.stderr).toBe(0);
    // The password session above was still open: it ends with the device.
    expect(revoke.stdout).toContain('open sessions ended: 1');
    const sessions = await sqliteRows(join(gwDir, 'gateway.sqlite'))('SELECT revoked_reason FROM sessions ORDER BY created_at');
    expect(sessions.map((row) => row.revoked_reason)).toEqual(['logout', 'device-revoked']);
    expect(errorCode(await client.send({ path: ROUTES.challenge }))).toBe('DEVICE_NOT_ENROLLED');
    expect((await cli(['devices', '--config', configFile, '--revoke', device.deviceId])).code).toBe(1);
    anon.close();
    client.close();

    const exited = new Promise<number | null>((r) => served.child.on('exit', (code) => r(code)));
    served.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(served.output()).toContain('shutting down');
  });

  it('refuses to serve with an invalid config, naming the setting', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ tls: { certFile: 'x' }, databaseFile: 'db', publicBaseUrl: 'not a url' }));
    const res = await cli(['serve', '--config', bad]);
    expect(res.code).toBe(78);
    expect(res.stderr).toContain('publicBaseUrl');
    expect(res.stderr).toContain('tls.keyFile');
  });
});
