import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAdminCommand, runAdminCommand, type AdminDeps } from '../../../src-main/cli/admin-commands';
import { MemoryCredentialStore } from '../../../src-main/core/credentials/memory-store';
import { isEnrolled } from '../../../src-main/core/device/enrollment';
import type { EnrollRequest } from '../../../src-main/shared/gateway-api';

const TOKEN = 'tok-0123456789abcdefXYZ';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(json: Record<string, unknown> = { gatewayUrl: 'https://esr-gateway.trust.nhs.uk' }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'esr-admin-'));
  dirs.push(dir);
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ logFolder: path.join(dir, 'logs'), ...json }));
  const out: string[] = [];
  const err: string[] = [];
  const sent: EnrollRequest[] = [];
  const store = new MemoryCredentialStore();
  const deps: AdminDeps = {
    store,
    version: '0.1.0',
    hostname: 'WARD-PC-3',
    loadConfigOptions: { platform: 'linux', env: {} },
    postEnrollFor: () => async (body) => {
      sent.push(body);
      return { deviceId: 'dev-77' };
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  return { dir, configFile, out, err, sent, store, deps };
}

describe('IT commands', () => {
  it('recognises the admin flags and nothing else', () => {
    expect(isAdminCommand(['--enroll', TOKEN])).toBe(true);
    expect(isAdminCommand(['--support-bundle'])).toBe(true);
    expect(isAdminCommand(['--kiosk', '--no-sandbox'])).toBe(false);
  });

  it('--enroll registers the device and --unenroll removes it; the token is never printed', async () => {
    const t = setup();
    expect(await runAdminCommand(['--enroll', TOKEN, '--config', t.configFile], t.deps)).toBe(0);
    expect(t.sent[0]).toMatchObject({ enrollmentToken: TOKEN, hostname: 'WARD-PC-3' });
    expect(await isEnrolled(t.store)).toBe(true);
    expect(t.out.join('\n')).toContain('dev-77');
    expect(await runAdminCommand(['--enroll', TOKEN, '--config', t.configFile], t.deps)).toBe(1);
    expect(t.err.join('\n')).toContain('ALREADY_ENROLLED');
    expect(await runAdminCommand(['--unenroll'], t.deps)).toBe(0);
    expect(await isEnrolled(t.store)).toBe(false);
    expect([...t.out, ...t.err].join('\n')).not.toContain(TOKEN);
  });

  it('--enroll stops on a bad configuration, naming the setting, without calling the gateway', async () => {
    const t = setup({ gatewayUrl: 'http://plain-http.example' });
    expect(await runAdminCommand(['--enroll', TOKEN, '--config', t.configFile], t.deps)).toBe(1);
    expect(t.err.join('\n')).toMatch(/gatewayUrl \(configuration file\)/);
    expect(t.sent).toEqual([]);
    expect(await runAdminCommand(['--enroll'], t.deps)).toBe(2);
  });

  it('--status says what is managed and whether the computer is enrolled', async () => {
    const t = setup();
    expect(await runAdminCommand(['--status', '--config', t.configFile], t.deps)).toBe(0);
    expect(t.out).toContain('Enrolled: no (the kiosk will say "this computer is not enrolled")');
    expect(t.out).toContain('Gateway: https://esr-gateway.trust.nhs.uk');
  });

  it('--support-bundle writes a valid zip into the folder given', async () => {
    const t = setup();
    const out = path.join(t.dir, 'bundle');
    expect(await runAdminCommand(['--support-bundle', out, '--config', t.configFile], t.deps)).toBe(0);
    const [zip] = readdirSync(out);
    expect(zip).toMatch(/^esr-kiosk-support-WARD-PC-3-.*\.zip$/);
    execFileSync('unzip', ['-tq', path.join(out, zip!)]);
  });
});
