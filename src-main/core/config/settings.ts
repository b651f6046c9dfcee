// Every kiosk setting (DESIGN.md section 8) in one table: its zod schema, default, the words IT
// reads (ADMX explain text, README table, the config-error screen) and how Windows policy
// stores it. The loader, the ADMX/ADML generator and the README table all read this table, so
// a setting cannot exist in one and not the others.

import { z } from 'zod';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicyOptions } from '../../shared/password-rules';
import type { Language } from '../../shared/ipc-contract';

/** How a setting is stored under HKLM\SOFTWARE\Policies\ESR Kiosk and shown in Group Policy. */
export type PolicyKind =
  | { readonly kind: 'text'; readonly maxLength: number } // REG_SZ (REG_EXPAND_SZ accepted)
  | { readonly kind: 'decimal'; readonly min: number; readonly max: number } // REG_DWORD
  | { readonly kind: 'boolean' } // REG_DWORD 0 / 1
  | { readonly kind: 'dropdown'; readonly options: readonly string[] } // REG_SZ, one of options
  | { readonly kind: 'list'; readonly maxItems: number }; // REG_MULTI_SZ

export const CATEGORIES = {
  gateway: 'Gateway',
  session: 'Session and card reader',
  password: 'Password policy',
  display: 'Language and help',
  logging: 'Logging',
} as const;
export type CategoryId = keyof typeof CATEGORIES;

/** Folders that depend on the platform; defaults that are paths are computed from them. */
export interface PlatformFolders {
  readonly configFile: string;
  readonly logFolder: string;
}

export interface SettingSpec<T> {
  /** Short title: the Group Policy name and the README row. */
  readonly title: string;
  /** What it does, for IT (ADMX explain text, README). */
  readonly description: string;
  /** What is allowed, in words (shown on the config-error screen). */
  readonly allowed: string;
  readonly category: CategoryId;
  readonly schema: z.ZodType<T>;
  /** Undefined: required, the kiosk will not start without it. */
  readonly default: T | ((folders: PlatformFolders) => T) | undefined;
  /** How the default reads in the README and ADMX when it is computed. */
  readonly defaultText?: string;
  readonly policy: PolicyKind;
  /** May a per-user policy (HKCU) set it when the machine policy does not? */
  readonly userPolicy: boolean;
  /** Holds a secret or personal data: redacted from the support bundle. */
  readonly secret?: boolean;
}

function spec<T>(s: SettingSpec<T>): SettingSpec<T> {
  return s;
}

function intSetting(
  min: number,
  max: number,
  rest: Omit<SettingSpec<number>, 'schema' | 'policy' | 'allowed'> & { unit: string },
): SettingSpec<number> {
  const { unit, ...others } = rest;
  return spec({
    ...others,
    schema: z.number().int().min(min).max(max),
    allowed: `a whole number of ${unit} from ${min} to ${max}`,
    policy: { kind: 'decimal', min, max },
  });
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hash === '' && url.search === '';
  } catch {
    return false;
  }
}

/** Absolute on either platform: `C:\…`, `\\server\share\…` or `/…`. */
function isAbsolutePath(value: string): boolean {
  return /^[A-Za-z]:\\/.test(value) || value.startsWith('\\\\') || value.startsWith('/');
}

const absolutePath = z.string().refine(isAbsolutePath);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LANGUAGES = ['en', 'cy'] as const satisfies readonly Language[];

export const SETTINGS = {
  gatewayUrl: spec<string>({
    title: 'Gateway URL',
    description:
      "The trust's ESR identity gateway, e.g. https://esr-gateway.trust.nhs.uk. Every card login, password reset and recovery goes there.",
    allowed: 'an https:// URL with no user name, query or fragment (required)',
    category: 'gateway',
    schema: z.string().max(2048).refine(isHttpsUrl),
    default: undefined,
    policy: { kind: 'text', maxLength: 2048 },
    userPolicy: false,
  }),
  gatewayCaFile: spec<string>({
    title: 'Gateway CA certificate file',
    description:
      "Full path of a PEM file holding the CA certificate(s) that issued the gateway's TLS certificate. Empty: the operating system's trusted roots.",
    allowed: 'empty, or the full path of a readable PEM file of X.509 certificates',
    category: 'gateway',
    schema: z.union([z.literal(''), absolutePath]),
    default: '',
    policy: { kind: 'text', maxLength: 1024 },
    userPolicy: false,
  }),
  gatewayTimeoutSeconds: intSetting(2, 120, {
    title: 'Gateway request timeout',
    description: 'How long the kiosk waits for one gateway answer before it tells the user the gateway is not answering.',
    category: 'gateway',
    default: 15,
    userPolicy: false,
    unit: 'seconds',
  }),
  idleTimeoutSeconds: intSetting(30, 3600, {
    title: 'Idle timeout',
    description:
      'A signed-in session with no key press or click for this long ends, exactly as if the card had been removed.',
    category: 'session',
    default: 120,
    userPolicy: false,
    unit: 'seconds',
  }),
  idleWarningSeconds: intSetting(5, 300, {
    title: 'Idle warning',
    description: 'How many seconds before the idle timeout a visible countdown appears. Must be less than the idle timeout.',
    category: 'session',
    default: 30,
    userPolicy: false,
    unit: 'seconds',
  }),
  readerNameFilter: spec<string>({
    title: 'Card reader name filter',
    description:
      'Use only card readers whose name contains this text (not case-sensitive), e.g. "OMNIKEY" to ignore a built-in reader or Windows Hello for Business virtual reader. Empty: every reader.',
    allowed: 'empty, or up to 200 characters of text',
    category: 'session',
    schema: z.string().max(200),
    default: '',
    policy: { kind: 'text', maxLength: 200 },
    userPolicy: false,
  }),
  passwordMinLength: intSetting(8, 64, {
    title: 'Password minimum length',
    description: 'Shortest new internet-access password the kiosk accepts. The gateway applies its own policy too, and its answer is final.',
    category: 'password',
    default: DEFAULT_PASSWORD_POLICY.minLength,
    userPolicy: false,
    unit: 'characters',
  }),
  passwordMaxLength: intSetting(8, 128, {
    title: 'Password maximum length',
    description: 'Longest new password the kiosk accepts. Must not be less than the minimum length.',
    category: 'password',
    default: DEFAULT_PASSWORD_POLICY.maxLength,
    userPolicy: false,
    unit: 'characters',
  }),
  passwordForbidAnyRepeatedCharacter: spec<boolean>({
    title: 'Refuse any repeated character',
    description:
      'Enabled: a password may not use any character twice anywhere. Disabled (default): only a character repeated immediately ("aa", "11") is refused.',
    allowed: 'true or false (policy: enabled or disabled)',
    category: 'password',
    schema: z.boolean(),
    default: DEFAULT_PASSWORD_POLICY.forbidAnyRepeatedCharacter,
    policy: { kind: 'boolean' },
    userPolicy: false,
  }),
  passwordSequenceLength: intSetting(3, 10, {
    title: 'Refused sequence length',
    description: 'Length of a run of ascending or descending characters that is refused: 4 refuses "abcd" and "4321".',
    category: 'password',
    default: DEFAULT_PASSWORD_POLICY.sequenceLength,
    userPolicy: false,
    unit: 'characters',
  }),
  passwordBannedWords: spec<readonly string[]>({
    title: 'Banned words',
    description:
      "Words a password must not contain (not case-sensitive), e.g. the trust's name or town. One word per line.",
    allowed: 'a list of up to 500 words, each 3 to 64 characters',
    category: 'password',
    schema: z.array(z.string().min(3).max(64)).max(500),
    default: DEFAULT_PASSWORD_POLICY.bannedWords,
    policy: { kind: 'list', maxItems: 500 },
    userPolicy: false,
  }),
  language: spec<Language>({
    title: 'Language',
    description: 'The language the kiosk starts in: en (English) or cy (Cymraeg). Staff can switch for their own session.',
    allowed: 'en or cy',
    category: 'display',
    schema: z.enum(LANGUAGES),
    default: 'en',
    policy: { kind: 'dropdown', options: LANGUAGES },
    userPolicy: true,
  }),
  supportContact: spec<string>({
    title: 'Support contact',
    description:
      'Where staff get a blocked smart card unlocked or other help, shown on the kiosk, e.g. "Call the IT Service Desk on 0161 000 0000 or visit the Registration Authority, Block B".',
    allowed: '1 to 300 characters of text',
    category: 'display',
    schema: z.string().trim().min(1).max(300),
    default: 'Contact your IT service desk or your Registration Authority.',
    policy: { kind: 'text', maxLength: 300 },
    userPolicy: false,
  }),
  logLevel: spec<LogLevel>({
    title: 'Log level',
    description: 'How much the kiosk logs. info suits normal use; debug only while the service desk investigates. Logs never hold a PIN, password or token.',
    allowed: LOG_LEVELS.join(', '),
    category: 'logging',
    schema: z.enum(LOG_LEVELS),
    default: 'info',
    policy: { kind: 'dropdown', options: LOG_LEVELS },
    userPolicy: false,
  }),
  logFolder: spec<string>({
    title: 'Log folder',
    description: 'Folder for the rotated JSON log files. The kiosk account needs write access to it.',
    allowed: 'the full path of a folder',
    category: 'logging',
    schema: absolutePath,
    default: (folders) => folders.logFolder,
    defaultText: String.raw`%ProgramData%\ESR Kiosk\logs (Windows), /var/log/esr-kiosk (Linux)`,
    policy: { kind: 'text', maxLength: 1024 },
    userPolicy: false,
  }),
  logMaxFileSizeMb: intSetting(1, 100, {
    title: 'Log file size',
    description: 'A log file is rotated when it reaches this size.',
    category: 'logging',
    default: 10,
    userPolicy: false,
    unit: 'megabytes',
  }),
  logMaxFiles: intSetting(1, 50, {
    title: 'Log files kept',
    description: 'How many rotated log files are kept; older ones are deleted.',
    category: 'logging',
    default: 10,
    userPolicy: false,
    unit: 'files',
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

type ValueOf<S> = S extends SettingSpec<infer T> ? T : never;
export type KioskConfig = { readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export function settingSpec(key: SettingKey): SettingSpec<unknown> {
  return SETTINGS[key];
}

export function defaultValue(key: SettingKey, folders: PlatformFolders): unknown {
  const d = settingSpec(key).default;
  return typeof d === 'function' ? (d as (f: PlatformFolders) => unknown)(folders) : d;
}

/** The settings that have a built-in default (all but the required gateway URL). */
export type DefaultedSettings = Omit<KioskConfig, 'gatewayUrl'>;

/** Every built-in default: what the kiosk's own screens use while the configuration is unusable. */
export function builtInDefaults(folders: PlatformFolders): DefaultedSettings {
  const entries = SETTING_KEYS.filter((k) => settingSpec(k).default !== undefined).map((k) => [k, defaultValue(k, folders)]);
  return Object.fromEntries(entries) as DefaultedSettings;
}

/** The whole configuration as one zod object, with the rules that tie settings together. */
export const kioskConfigSchema = z
  .object(Object.fromEntries(SETTING_KEYS.map((k) => [k, settingSpec(k).schema])) as Record<SettingKey, z.ZodType>)
  .strict()
  .superRefine((c, ctx) => {
    const v = c as unknown as KioskConfig;
    if (v.passwordMaxLength < v.passwordMinLength) {
      ctx.addIssue({ code: 'custom', path: ['passwordMaxLength'], message: 'must not be less than passwordMinLength' });
    }
    if (v.idleWarningSeconds >= v.idleTimeoutSeconds) {
      ctx.addIssue({ code: 'custom', path: ['idleWarningSeconds'], message: 'must be less than idleTimeoutSeconds' });
    }
  });

/** The cross-setting rules above, in words for the config-error screen. */
export const CROSS_RULES: Readonly<Partial<Record<SettingKey, string>>> = {
  passwordMaxLength: `${SETTINGS.passwordMaxLength.allowed}, and not less than passwordMinLength`,
  idleWarningSeconds: `${SETTINGS.idleWarningSeconds.allowed}, and less than idleTimeoutSeconds`,
};

/** The password policy the renderer and the kiosk's pre-check use. */
export function passwordPolicyOf(config: KioskConfig): PasswordPolicyOptions {
  return {
    minLength: config.passwordMinLength,
    maxLength: config.passwordMaxLength,
    forbidAnyRepeatedCharacter: config.passwordForbidAnyRepeatedCharacter,
    sequenceLength: config.passwordSequenceLength,
    bannedWords: config.passwordBannedWords,
  };
}
