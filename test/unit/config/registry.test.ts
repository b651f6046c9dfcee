import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expandEnvironmentStrings,
  parseRegQueryOutput,
  readPolicyKey,
  type RunCommand,
} from '../../../src-main/core/config/registry';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const HKLM_KEY = String.raw`HKEY_LOCAL_MACHINE\SOFTWARE\Policies\ESR Kiosk`;

describe('parseRegQueryOutput', () => {
  it('reads REG_SZ, REG_DWORD, REG_MULTI_SZ and REG_EXPAND_SZ values of the key, not its sub-keys', () => {
    const values = parseRegQueryOutput(fixture('reg-query-hklm-all-types.txt'), HKLM_KEY);
    expect(values).toEqual([
      { name: 'gatewayUrl', type: 'REG_SZ', value: 'https://esr-gateway.trust.nhs.uk' },
      { name: 'idleTimeoutSeconds', type: 'REG_DWORD', value: 180 },
      { name: 'passwordForbidAnyRepeatedCharacter', type: 'REG_DWORD', value: 1 },
      { name: 'passwordBannedWords', type: 'REG_MULTI_SZ', value: ['salford', 'royal', 'hospital'] },
      { name: 'logFolder', type: 'REG_EXPAND_SZ', value: String.raw`%ProgramData%\ESR Kiosk\ward-logs` },
      { name: 'supportContact', type: 'REG_SZ', value: 'Call the IT Service Desk on 0161 000 0000' },
      { name: 'readerNameFilter', type: 'REG_SZ', value: '' },
      { name: 'Legacy Setting', type: 'REG_SZ', value: 'a value with  two spaces' },
    ]);
  });

  it('reads an empty REG_MULTI_SZ as an empty list and keeps other types apart', () => {
    const values = parseRegQueryOutput(fixture('reg-query-wrong-types.txt'), HKLM_KEY);
    expect(values).toEqual([
      { name: 'idleTimeoutSeconds', type: 'REG_SZ', value: '180' },
      { name: 'passwordBannedWords', type: 'REG_MULTI_SZ', value: [] },
      { name: 'passwordForbidAnyRepeatedCharacter', type: 'REG_DWORD', value: 2 },
      { name: 'logMaxFiles', type: 'REG_QWORD', value: 5 },
      { name: 'gatewayCaFile', type: 'REG_BINARY', value: '0A0B' },
    ]);
  });

  it('matches the key name without regard to case and ignores output for other keys', () => {
    const text = fixture('reg-query-hkcu-language.txt');
    expect(parseRegQueryOutput(text, String.raw`hkey_current_user\software\policies\esr kiosk`)).toHaveLength(2);
    expect(parseRegQueryOutput(text, HKLM_KEY)).toEqual([]);
  });

  it('parses LF-only output the same as CRLF', () => {
    const crlf = fixture('reg-query-hklm-all-types.txt');
    expect(parseRegQueryOutput(crlf.replace(/\r\n/g, '\n'), HKLM_KEY)).toEqual(parseRegQueryOutput(crlf, HKLM_KEY));
  });
});

describe('readPolicyKey', () => {
  it('runs reg query on the 64-bit view and parses its output', async () => {
    const calls: string[][] = [];
    const run: RunCommand = async (file, args) => {
      calls.push([file, ...args]);
      return { code: 0, stdout: fixture('reg-query-hklm-all-types.txt') };
    };
    const values = await readPolicyKey('HKLM', run);
    expect(calls).toEqual([['reg.exe', 'query', HKLM_KEY, '/reg:64']]);
    expect(values?.map((v) => v.name)).toContain('gatewayUrl');
  });

  it('returns null for a missing key (reg exits 1 with its message on stderr)', async () => {
    expect(fixture('reg-query-missing-key.stderr.txt')).toMatch(/unable to find/);
    const run: RunCommand = async () => ({ code: 1, stdout: '' });
    expect(await readPolicyKey('HKCU', run)).toBeNull();
  });

  it('throws on any other failure rather than silently dropping policy', async () => {
    const run: RunCommand = async () => ({ code: 5, stdout: '' });
    await expect(readPolicyKey('HKLM', run)).rejects.toThrow(/exited with 5/);
  });
});

describe('expandEnvironmentStrings', () => {
  it('expands %NAME% case-insensitively and leaves unknown names as they are', () => {
    const env = { ProgramData: 'C:\\ProgramData' };
    expect(expandEnvironmentStrings('%PROGRAMDATA%\\ESR Kiosk\\%NOPE%', env)).toBe('C:\\ProgramData\\ESR Kiosk\\%NOPE%');
  });
});
