// Builds the effective configuration from, in order: built-in defaults, the JSON file in
// ProgramData, the machine policy (HKLM) and, for the few settings that allow it, the user
// policy (HKCU) where the machine policy is silent. Every value is validated where it is read,
// so a problem names the setting and the place IT must fix; any problem stops the kiosk.

import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigProblem } from '../../shared/ipc-contract';
import { expandEnvironmentStrings, readPolicyKey, type RegistryHive, type RegistryValue } from './registry';
import {
  CROSS_RULES,
  SETTING_KEYS,
  defaultValue,
  isSettingKey,
  kioskConfigSchema,
  settingSpec,
  type KioskConfig,
  type PlatformFolders,
  type SettingKey,
} from './settings';

export type ConfigSource = ConfigProblem['source'];
type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  readonly platform?: NodeJS.Platform;
  readonly env?: Env;
  /** Another JSON file instead of the ProgramData one (demo, tests, `--config`). */
  readonly configFile?: string;
  /** Returns the file's text, or null when it does not exist. */
  readonly readTextFile?: (file: string) => Promise<string | null>;
  /** Returns the values under SOFTWARE\Policies\ESR Kiosk, or null when the key is absent. */
  readonly readPolicy?: (hive: RegistryHive) => Promise<readonly RegistryValue[] | null>;
}

export interface LoadedConfig {
  readonly ok: true;
  readonly config: KioskConfig;
  /** Where each setting's value came from. */
  readonly sources: Readonly<Record<SettingKey, ConfigSource>>;
  /** Settings fixed by policy: the UI says they are managed. */
  readonly managed: readonly SettingKey[];
  /** The PEM text of gatewayCaFile, read and checked; null to use the system roots. */
  readonly gatewayCaPem: string | null;
  readonly configFile: string;
  /** Things IT may want to know that do not stop the kiosk (e.g. an ignored user policy). */
  readonly warnings: readonly string[];
}

export interface FailedConfig {
  readonly ok: false;
  readonly problems: readonly ConfigProblem[];
  readonly configFile: string;
}

export type LoadConfigResult = LoadedConfig | FailedConfig;

/** `%ProgramData%\ESR Kiosk\…` on Windows, /etc and /var/log on Linux. */
export function platformFolders(platform: NodeJS.Platform, env: Env): PlatformFolders {
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return {
      configFile: path.win32.join(programData, 'ESR Kiosk', 'config.json'),
      logFolder: path.win32.join(programData, 'ESR Kiosk', 'logs'),
    };
  }
  return { configFile: '/etc/esr-kiosk/config.json', logFolder: '/var/log/esr-kiosk' };
}

async function readTextFileOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const REGISTRY_TYPE_WORDS = {
  text: 'REG_SZ',
  decimal: 'REG_DWORD',
  boolean: 'REG_DWORD 0 or 1',
  dropdown: 'REG_SZ',
  list: 'REG_MULTI_SZ',
} as const;

/** The registry value as the setting's type, or undefined when the type does not fit. */
function fromRegistry(key: SettingKey, value: RegistryValue, env: Env): unknown {
  const kind = settingSpec(key).policy.kind;
  switch (kind) {
    case 'text':
    case 'dropdown':
      if (value.type === 'REG_SZ') return value.value;
      if (value.type === 'REG_EXPAND_SZ') return expandEnvironmentStrings(value.value, env);
      return undefined;
    case 'decimal':
      return value.type === 'REG_DWORD' ? value.value : undefined;
    case 'boolean':
      if (value.type !== 'REG_DWORD' || (value.value !== 0 && value.value !== 1)) return undefined;
      return value.value === 1;
    case 'list':
      return value.type === 'REG_MULTI_SZ' ? value.value : undefined;
  }
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const folders = platformFolders(platform, env);
  const configFile = options.configFile ?? folders.configFile;
  const readText = options.readTextFile ?? readTextFileOrNull;
  const readPolicy = options.readPolicy ?? (platform === 'win32' ? readPolicyKey : () => Promise.resolve(null));

  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const values = new Map<SettingKey, unknown>();
  const sources = new Map<SettingKey, ConfigSource>();

  for (const key of SETTING_KEYS) {
    const d = defaultValue(key, folders);
    if (d !== undefined) values.set(key, d);
    sources.set(key, 'default');
  }

  const accept = (key: SettingKey, raw: unknown, source: ConfigSource, allowedSuffix = ''): void => {
    const spec = settingSpec(key);
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      values.set(key, parsed.data);
      sources.set(key, source);
    } else {
      problems.push({ setting: key, source, allowed: spec.allowed + allowedSuffix });
    }
  };

  // 1. The JSON file.
  let fileText: string | null;
  try {
    fileText = await readText(configFile);
  } catch {
    fileText = null;
    problems.push({ setting: configFile, source: 'file', allowed: 'a file the kiosk account can read' });
  }
  if (fileText !== null) {
    let json: unknown;
    try {
      json = JSON.parse(fileText.replace(/^\uFEFF/, '')); // Notepad may save a BOM
    } catch {
      json = undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      problems.push({ setting: configFile, source: 'file', allowed: 'a JSON object of settings, e.g. {"gatewayUrl": "https://…"}' });
    } else {
      for (const [name, raw] of Object.entries(json)) {
        if (isSettingKey(name)) accept(name, raw, 'file');
        // A misspelt name would otherwise be ignored without a word: stop and name it.
        else problems.push({ setting: name, source: 'file', allowed: `one of the known settings: ${SETTING_KEYS.join(', ')}` });
      }
    }
  }

  // 2. Machine policy, then user policy for the settings that allow it.
  const managed = new Set<SettingKey>();
  for (const hive of ['HKLM', 'HKCU'] as const) {
    const source: ConfigSource = hive === 'HKLM' ? 'policy-machine' : 'policy-user';
    let policyValues: readonly RegistryValue[] | null;
    try {
      policyValues = await readPolicy(hive);
    } catch {
      warnings.push(`Could not read ${hive} policy; it was not applied.`);
      policyValues = null;
    }
    for (const value of policyValues ?? []) {
      const key = SETTING_KEYS.find((k) => k.toLowerCase() === value.name.toLowerCase());
      if (key === undefined) {
        warnings.push(`${hive} policy value "${value.name}" is not a known setting; ignored.`);
        continue;
      }
      if (hive === 'HKCU' && (!settingSpec(key).userPolicy || managed.has(key))) {
        if (!settingSpec(key).userPolicy) warnings.push(`User policy for ${key} is ignored: only machine policy may set it.`);
        continue;
      }
      const converted = fromRegistry(key, value, env);
      const suffix = ` (policy value of type ${REGISTRY_TYPE_WORDS[settingSpec(key).policy.kind]})`;
      if (converted === undefined) {
        problems.push({ setting: key, source, allowed: settingSpec(key).allowed + suffix });
        continue;
      }
      accept(key, converted, source, suffix);
      managed.add(key);
    }
  }

  // A required setting with no value (unless the file it was probably in could not be read).
  const fileBroken = problems.some((p) => p.setting === configFile);
  for (const key of SETTING_KEYS) {
    if (!fileBroken && !values.has(key) && !problems.some((p) => p.setting === key)) {
      problems.push({ setting: key, source: sources.get(key) ?? 'default', allowed: settingSpec(key).allowed });
    }
  }
  if (problems.length > 0) return { ok: false, problems, configFile };

  // 3. Rules across settings.
  const whole = kioskConfigSchema.safeParse(Object.fromEntries(values));
  if (!whole.success) {
    for (const issue of whole.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && isSettingKey(key)) {
        problems.push({ setting: key, source: sources.get(key) ?? 'default', allowed: CROSS_RULES[key] ?? settingSpec(key).allowed });
      }
    }
    return { ok: false, problems, configFile };
  }
  const config = whole.data as unknown as KioskConfig;

  // 4. The CA file must exist and hold certificates, or TLS to the gateway would fail later
  // with a far less helpful message.
  let gatewayCaPem: string | null = null;
  if (config.gatewayCaFile !== '') {
    gatewayCaPem = await readCaFile(config.gatewayCaFile, readText);
    if (gatewayCaPem === null) {
      problems.push({ setting: 'gatewayCaFile', source: sources.get('gatewayCaFile') ?? 'default', allowed: settingSpec('gatewayCaFile').allowed });
      return { ok: false, problems, configFile };
    }
  }

  return {
    ok: true,
    config,
    sources: Object.fromEntries(sources) as Record<SettingKey, ConfigSource>,
    managed: [...managed],
    gatewayCaPem,
    configFile,
    warnings,
  };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

async function readCaFile(file: string, readText: (f: string) => Promise<string | null>): Promise<string | null> {
  let text: string | null;
  try {
    text = await readText(file);
  } catch {
    return null;
  }
  if (text === null) return null;
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return null;
  try {
    for (const block of blocks) new X509Certificate(block);
  } catch {
    return null;
  }
  return blocks.join('\n') + '\n';
}

const SOURCE_WORDS: Record<ConfigSource, string> = {
  default: 'built-in default',
  file: 'configuration file',
  'policy-machine': 'computer policy (HKLM)',
  'policy-user': 'user policy (HKCU)',
};

/** One line per problem, for logs and the command line. */
export function describeConfigProblem(problem: ConfigProblem): string {
  return `${problem.setting} (${SOURCE_WORDS[problem.source]}): allowed is ${problem.allowed}`;
}
