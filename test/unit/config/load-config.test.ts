import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  describeConfigProblem,
  loadConfig,
  platformFolders,
  type LoadConfigOptions,
  type LoadedConfig,
} from '../../../src-main/core/config/load-config';
import { parseRegQueryOutput, type RegistryHive, type RegistryValue } from '../../../src-main/core/config/registry';
import { SETTING_KEYS, passwordPolicyOf, type SettingKey } from '../../../src-main/core/config/settings';
import { DEFAULT_PASSWORD_POLICY } from '../../../src-main/shared/password-rules';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const GATEWAY = 'https://esr-gateway.trust.nhs.uk';
const FILE = '/etc/esr-kiosk/config.json';

function files(contents: Record<string, string>): LoadConfigOptions['readTextFile'] {
  return async (file) => contents[file] ?? null;
}

function policy(hklm: readonly RegistryValue[] | null, hkcu: readonly RegistryValue[] | null = null): LoadConfigOptions['readPolicy'] {
  return async (hive: RegistryHive) => (hive === 'HKLM' ? hklm : hkcu);
}

async function loadLinux(json: Record<string, unknown>, extra: Record<string, string> = {}) {
  return loadConfig({ platform: 'linux', env: {}, readTextFile: files({ [FILE]: JSON.stringify(json), ...extra }) });
}

async function loadOk(options: LoadConfigOptions): Promise<LoadedConfig> {
  const result = await loadConfig(options);
  if (!result.ok) throw new Error(result.problems.map(describeConfigProblem).join('\n'));
  return result;
}

/** Good and bad values for every setting; the test below checks the table covers them all. */
const CASES: Record<SettingKey, { good: unknown[]; bad: unknown[] }> = {
  gatewayUrl: {
    good: [GATEWAY, 'https://10.1.2.3:8443/esr'],
    bad: ['http://esr-gateway.trust.nhs.uk', 'https://user:pw@gw.example', 'https://gw.example/?x=1', 'gateway', '', 42],
  },
  gatewayCaFile: { good: [''], bad: ['relative/ca.pem', 7] },
  gatewayTimeoutSeconds: { good: [2, 120], bad: [1, 121, 2.5, '15'] },
  idleTimeoutSeconds: { good: [60, 3600], bad: [29, 3601, 90.5, '120', null] },
  idleWarningSeconds: { good: [5, 29], bad: [4, 301, '30'] },
  readerNameFilter: { good: ['', 'OMNIKEY 3x21'], bad: ['x'.repeat(201), ['OMNIKEY']] },
  passwordMinLength: { good: [8, 64], bad: [7, 65, '8'] },
  passwordMaxLength: { good: [64, 128], bad: [7, 129, true] },
  passwordForbidAnyRepeatedCharacter: { good: [true, false], bad: ['true', 1] },
  passwordSequenceLength: { good: [3, 10], bad: [2, 11] },
  passwordBannedWords: { good: [[], ['salford', 'royal']], bad: ['salford', ['ab'], ['x'.repeat(65)], [1]] },
  language: { good: ['en', 'cy'], bad: ['fr', 'EN', ''] },
  supportContact: { good: ['Ring 0161 000 0000'], bad: ['', '   ', 'x'.repeat(301)] },
  logLevel: { good: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], bad: ['verbose', 'INFO', 3] },
  logFolder: { good: ['/srv/esr-logs', 'D:\\Logs\\ESR', '\\\\server\\share\\esr'], bad: ['logs', ''] },
  logMaxFileSizeMb: { good: [1, 100], bad: [0, 101] },
  logMaxFiles: { good: [1, 50], bad: [0, 51] },
};

describe('loadConfig: every setting', () => {
  it('has good and bad cases for every setting in the schema', () => {
    expect(Object.keys(CASES).sort()).toEqual([...SETTING_KEYS].sort());
  });

  for (const key of SETTING_KEYS) {
    it(`${key}: accepts good values and names the setting for bad ones`, async () => {
      const base: Record<string, unknown> = { gatewayUrl: GATEWAY };
      // Keep the cross-setting rules satisfied while one setting varies.
      if (key === 'idleWarningSeconds') base.idleTimeoutSeconds = 3600;
      if (key === 'passwordMaxLength') base.passwordMinLength = 8;
      if (key === 'passwordMinLength') base.passwordMaxLength = 128;
      for (const good of CASES[key].good) {
        const result = await loadOk({ platform: 'linux', env: {}, readTextFile: files({ [FILE]: JSON.stringify({ ...base, [key]: good }) }) });
        expect(result.config[key]).toEqual(good);
        expect(result.sources[key]).toBe('file');
      }
      for (const bad of CASES[key].bad) {
        const result = await loadLinux({ ...base, [key]: bad });
        expect(result.ok, `${key} = ${JSON.stringify(bad)}`).toBe(false);
        if (!result.ok) {
          expect(result.problems).toHaveLength(1);
          expect(result.problems[0]).toMatchObject({ setting: key, source: 'file' });
          expect(result.problems[0]!.allowed.length).toBeGreaterThan(3);
        }
      }
    });
  }
});

describe('loadConfig: defaults and the file', () => {
  it('fills in every default and needs only the gateway URL', async () => {
    const result = await loadOk({ platform: 'linux', env: {}, readTextFile: files({ [FILE]: JSON.stringify({ gatewayUrl: GATEWAY }) }) });
    expect(result.config).toMatchObject({
      idleTimeoutSeconds: 120,
      language: 'en',
      logLevel: 'info',
      logFolder: '/var/log/esr-kiosk',
      gatewayCaFile: '',
      readerNameFilter: '',
    });
    expect(passwordPolicyOf(result.config)).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(result.managed).toEqual([]);
    expect(result.gatewayCaPem).toBeNull();
  });

  it('stops when there is no gateway URL anywhere, naming it', async () => {
    const result = await loadConfig({ platform: 'linux', env: {}, readTextFile: files({}) });
    expect(result).toMatchObject({ ok: false, problems: [{ setting: 'gatewayUrl', source: 'default' }] });
  });

  it('names a misspelt setting instead of ignoring it', async () => {
    const result = await loadLinux({ gatewayUrl: GATEWAY, idleTimeoutSecs: 60 });
    expect(result).toMatchObject({ ok: false, problems: [{ setting: 'idleTimeoutSecs', source: 'file' }] });
  });

  it('names the file when it is not a JSON object, and accepts a UTF-8 BOM', async () => {
    for (const text of ['{ "gatewayUrl": ', '[]', '"text"']) {
      const result = await loadConfig({ platform: 'linux', env: {}, readTextFile: files({ [FILE]: text }) });
      expect(result).toMatchObject({ ok: false, problems: [{ setting: FILE, source: 'file' }] });
    }
    const bom = await loadConfig({ platform: 'linux', env: {}, readTextFile: files({ [FILE]: `\uFEFF{"gatewayUrl":"${GATEWAY}"}` }) });
    expect(bom.ok).toBe(true);
  });

  it('reports every problem at once', async () => {
    const result = await loadLinux({ gatewayUrl: 'http://x', language: 'fr', logLevel: 'loud' });
    expect(result.ok ? [] : result.problems.map((p) => p.setting).sort()).toEqual(['gatewayUrl', 'language', 'logLevel']);
  });

  it('checks the rules that tie settings together', async () => {
    const a = await loadLinux({ gatewayUrl: GATEWAY, passwordMinLength: 20, passwordMaxLength: 12 });
    expect(a).toMatchObject({ ok: false, problems: [{ setting: 'passwordMaxLength', source: 'file' }] });
    if (!a.ok) expect(a.problems[0]!.allowed).toMatch(/passwordMinLength/);
    const b = await loadLinux({ gatewayUrl: GATEWAY, idleTimeoutSeconds: 60, idleWarningSeconds: 60 });
    expect(b).toMatchObject({ ok: false, problems: [{ setting: 'idleWarningSeconds' }] });
  });

  it('uses %ProgramData% on Windows for the file and the log folder', async () => {
    const folders = platformFolders('win32', { ProgramData: 'D:\\PD' });
    expect(folders).toEqual({ configFile: 'D:\\PD\\ESR Kiosk\\config.json', logFolder: 'D:\\PD\\ESR Kiosk\\logs' });
    const result = await loadOk({
      platform: 'win32',
      env: { ProgramData: 'D:\\PD' },
      readTextFile: files({ [folders.configFile]: JSON.stringify({ gatewayUrl: GATEWAY }) }),
      readPolicy: policy(null),
    });
    expect(result.configFile).toBe(folders.configFile);
    expect(result.config.logFolder).toBe(folders.logFolder);
  });
});

describe('loadConfig: the gateway CA file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'esr-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a real PEM certificate and refuses a file that holds none', async () => {
    const caFile = path.join(dir, 'ca.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=Test Gateway CA', '-days', '2', '-keyout', path.join(dir, 'ca.key'), '-out', caFile], { stdio: 'ignore' });
    const ok = await loadOk({ platform: 'linux', env: {}, readTextFile: files({ [FILE]: JSON.stringify({ gatewayUrl: GATEWAY, gatewayCaFile: caFile }), [caFile]: readFileSync(caFile, 'utf8') }) });
    expect(ok.gatewayCaPem).toMatch(/^-----BEGIN CERTIFICATE-----/);

    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    for (const file of [junk, path.join(dir, 'ca.key'), path.join(dir, 'missing.pem')]) {
      const bad = await loadConfig({ platform: 'linux', env: {}, readTextFile: async (f) => (f === FILE ? JSON.stringify({ gatewayUrl: GATEWAY, gatewayCaFile: file }) : readFileSync(f, 'utf8')) , });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.problems).toEqual([expect.objectContaining({ setting: 'gatewayCaFile', source: 'file' })]);
    }
  });
});

describe('loadConfig: Windows policy', () => {
  const HKLM = parseRegQueryOutput(fixture('reg-query-hklm-all-types.txt'), String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Policies\ESR Kiosk`);
  const HKCU = parseRegQueryOutput(fixture('reg-query-hkcu-language.txt'), String.raw`HKEY_CURRENT_USER\SOFTWARE\Policies\ESR Kiosk`);
  const winFile = 'C:\\ProgramData\\ESR Kiosk\\config.json';
  const env = { ProgramData: 'C:\\ProgramData' };

  it('applies machine policy over the file and lists the managed settings', async () => {
    const result = await loadOk({
      platform: 'win32',
      env,
      readTextFile: files({ [winFile]: JSON.stringify({ gatewayUrl: 'https://file.example', idleTimeoutSeconds: 60, logLevel: 'debug' }) }),
      readPolicy: policy(HKLM),
    });
    expect(result.config.gatewayUrl).toBe(GATEWAY);
    expect(result.sources.gatewayUrl).toBe('policy-machine');
    expect(result.config.idleTimeoutSeconds).toBe(180);
    expect(result.config.logLevel).toBe('debug');
    expect(result.sources.logLevel).toBe('file');
    expect(result.config.passwordForbidAnyRepeatedCharacter).toBe(true);
    expect(result.config.passwordBannedWords).toEqual(['salford', 'royal', 'hospital']);
    expect(result.config.logFolder).toBe('C:\\ProgramData\\ESR Kiosk\\ward-logs');
    expect([...result.managed].sort()).toEqual(
      ['gatewayUrl', 'idleTimeoutSeconds', 'logFolder', 'passwordBannedWords', 'passwordForbidAnyRepeatedCharacter', 'readerNameFilter', 'supportContact'].sort(),
    );
    expect(result.warnings.join('\n')).toMatch(/Legacy Setting/);
  });

  it('takes user policy only for settings that allow it, and only where machine policy is silent', async () => {
    const result = await loadOk({ platform: 'win32', env, readTextFile: files({}), readPolicy: policy(HKLM, HKCU) });
    expect(result.config.language).toBe('cy');
    expect(result.sources.language).toBe('policy-user');
    expect(result.config.idleTimeoutSeconds).toBe(180); // HKCU's 3600 is not allowed to win
    expect(result.warnings.join('\n')).toMatch(/idleTimeoutSeconds is ignored/);

    const machineLanguage: RegistryValue[] = [...HKLM, { name: 'language', type: 'REG_SZ', value: 'en' }];
    const both = await loadOk({ platform: 'win32', env, readTextFile: files({}), readPolicy: policy(machineLanguage, HKCU) });
    expect(both.config.language).toBe('en');
    expect(both.sources.language).toBe('policy-machine');
  });

  it('names each policy value of the wrong registry type or out of range', async () => {
    const wrong = parseRegQueryOutput(fixture('reg-query-wrong-types.txt'), String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Policies\ESR Kiosk`);
    const result = await loadConfig({ platform: 'win32', env, readTextFile: files({ [winFile]: JSON.stringify({ gatewayUrl: GATEWAY }) }), readPolicy: policy(wrong) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // An empty REG_MULTI_SZ is a valid empty list, so passwordBannedWords is not a problem.
    expect(result.problems.map((p) => p.setting).sort()).toEqual(['gatewayCaFile', 'idleTimeoutSeconds', 'logMaxFiles', 'passwordForbidAnyRepeatedCharacter']);
    for (const p of result.problems) expect(p.source).toBe('policy-machine');
    expect(result.problems.find((p) => p.setting === 'idleTimeoutSeconds')!.allowed).toMatch(/REG_DWORD/);
  });

  it('matches value names without regard to case, as the registry does', async () => {
    const result = await loadOk({ platform: 'win32', env, readTextFile: files({}), readPolicy: policy([{ name: 'GATEWAYURL', type: 'REG_SZ', value: GATEWAY }]) });
    expect(result.managed).toEqual(['gatewayUrl']);
  });

  it('does not read the registry on Linux', async () => {
    const result = await loadOk({ platform: 'linux', env: {}, readTextFile: files({ [FILE]: JSON.stringify({ gatewayUrl: GATEWAY }) }) });
    expect(result.managed).toEqual([]);
  });
});
