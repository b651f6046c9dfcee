// Reads Windows policy through `reg query` (ships with every Windows; read-only; no native
// module to rebuild for Electron's ABI) and parses its text output. Only the parser holds logic,
// and it is tested on recorded output; the runner is a few lines of child_process.

import { execFile } from 'node:child_process';

export type RegistryHive = 'HKLM' | 'HKCU';

export type RegistryValue =
  | { readonly name: string; readonly type: 'REG_SZ' | 'REG_EXPAND_SZ'; readonly value: string }
  | { readonly name: string; readonly type: 'REG_DWORD' | 'REG_QWORD'; readonly value: number }
  | { readonly name: string; readonly type: 'REG_MULTI_SZ'; readonly value: readonly string[] }
  | { readonly name: string; readonly type: 'REG_BINARY' | 'REG_NONE' | 'OTHER'; readonly value: string };

export const POLICY_KEY_PATH = String.raw`SOFTWARE\Policies\ESR Kiosk`;

const HIVE_NAMES: Record<RegistryHive, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
};

// `reg query` prints each value as four spaces, name, four spaces, type, four spaces, data.
// Names may contain single spaces; the type token is the anchor.
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * Parses the output of `reg query "<hive>\<key>"` (no /s): the values directly under the key.
 * Lines of sub-keys are skipped. An empty REG_MULTI_SZ is an empty list.
 */
export function parseRegQueryOutput(output: string, keyPath: string): RegistryValue[] {
  const values: RegistryValue[] = [];
  let inKey = false;
  const wantedKey = keyPath.toUpperCase();
  for (const rawLine of output.split(/\r?\n/)) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      // A key header: values follow only under the key we asked for, not its sub-keys.
      inKey = line.trim().toUpperCase() === wantedKey;
      continue;
    }
    if (!inKey) continue;
    const match = VALUE_LINE.exec(line);
    if (!match) continue;
    const name = match[1] ?? '';
    const type = match[2] ?? '';
    const data = (match[3] ?? '').replace(/\s+$/, '');
    values.push(toValue(name, type, data));
  }
  return values;
}

function toValue(name: string, type: string, data: string): RegistryValue {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { name, type, value: data };
    case 'REG_DWORD':
    case 'REG_QWORD':
      return { name, type, value: Number.parseInt(data, 16) };
    case 'REG_MULTI_SZ':
      // reg prints the NUL separators as the two characters `\0`.
      return { name, type, value: data.split('\\0').filter((s) => s !== '') };
    case 'REG_BINARY':
    case 'REG_NONE':
      return { name, type, value: data };
    default:
      return { name, type: 'OTHER', value: data };
  }
}

/** Expands `%NAME%` from the environment as Windows does for REG_EXPAND_SZ (unknown names stay). */
export function expandEnvironmentStrings(value: string, env: Readonly<Record<string, string | undefined>>): string {
  const byUpper = new Map(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
  return value.replace(/%([^%]+)%/g, (whole, name: string) => byUpper.get(name.toUpperCase()) ?? whole);
}

export type RunCommand = (file: string, args: readonly string[]) => Promise<{ code: number; stdout: string }>;

const runWithExecFile: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { encoding: 'utf8', windowsHide: true, timeout: 10_000 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`could not run ${file}: ${error.message}`));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout });
    });
  });

/**
 * Reads the values of the policy key in one hive. Null when the key does not exist
 * (`reg query` exits 1 and prints "unable to find" on stderr, in the system's language).
 */
export async function readPolicyKey(hive: RegistryHive, run: RunCommand = runWithExecFile): Promise<RegistryValue[] | null> {
  const fullKey = `${HIVE_NAMES[hive]}\\${POLICY_KEY_PATH}`;
  // /reg:64: the 64-bit view, where Group Policy writes, whatever the process's bitness.
  const { code, stdout } = await run('reg.exe', ['query', fullKey, '/reg:64']);
  if (code === 1) return null;
  if (code !== 0) throw new Error(`reg query ${hive}\\${POLICY_KEY_PATH} exited with ${code}`);
  return parseRegQueryOutput(stdout, fullKey);
}
