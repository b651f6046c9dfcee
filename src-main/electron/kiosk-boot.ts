// Builds the real KioskCore for the Electron app (and the browser host) from the machine's
// configuration (file + Windows policy), its credential vault (keytar) and PC/SC, through the
// same createKioskRuntime the tests use. Every part can be replaced by a parameter, so tests
// boot it with a temporary config file, token file, log folder and an in-memory vault.
//
// A configuration that cannot be used never ends the process: the kiosk opens on the
// config-error screen, which names each setting, where its value came from and what is allowed.
// First start consumes the installer's one-time enrolment token file before the core is built.

import { existsSync } from 'node:fs';
import os from 'node:os';
import type { CardService } from '../core/card/card-service';
import { createCardService } from '../core/card/create-card-service';
import {
  describeConfigProblem,
  loadConfig,
  platformFolders,
  type FailedConfig,
  type LoadConfigOptions,
  type LoadConfigResult,
  type LoadedConfig,
} from '../core/config/load-config';
import { builtInDefaults, type KioskConfig } from '../core/config/settings';
import type { CredentialStore } from '../core/credentials/credential-store';
import { KeytarCredentialStore } from '../core/credentials/keytar-store';
import type { PostEnroll } from '../core/device/enrollment';
import { enrollFromTokenFile, enrollmentTokenFile } from '../core/device/enrollment-token-file';
import { postEnrollThrough } from '../core/device/gateway-enroll';
import type { KioskLog as CoreLog } from '../core/kiosk/create-kiosk-core';
import type { KioskCore } from '../core/kiosk/kiosk-core';
import { createKioskRuntime } from '../core/kiosk/kiosk-runtime';
import { createKioskLog, type KioskLogOptions, type KioskLog as FileLog } from '../core/logging/logger';
import type { ConfigProblem } from '../shared/ipc-contract';

export interface KioskBoot {
  readonly core: KioskCore;
  /** Refused navigations, permissions, handler failures: never a payload. */
  readonly warn: (message: string, fields?: Record<string, unknown>) => void;
  /** Empty when the configuration is usable; otherwise what the config-error screen shows. */
  readonly configProblems: readonly ConfigProblem[];
  /** What became of the installer's enrolment token file at this start. */
  readonly firstStart: FirstStartOutcome;
}

export type FirstStartOutcome = 'no-file' | 'no-token' | 'already-enrolled' | 'enrolled' | 'failed' | 'skipped';

export interface BootOptions {
  readonly version: string;
  readonly platform?: NodeJS.Platform;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Passed to loadConfig (development and tests: another config.json). */
  readonly loadConfigOptions?: LoadConfigOptions;
  /** The device-key vault. Default: keytar (Windows Credential Manager, libsecret). */
  readonly credentials?: CredentialStore;
  /** Default: the PC/SC card service with the configured reader filter. */
  readonly createCards?: (options: { readonly readerFilter: string | null; readonly log: CoreLog }) => CardService;
  /** The installer's enrolment token file. Default: %ProgramData%\ESR Kiosk\enrollment.ini, /etc/esr-kiosk/enrollment.ini. */
  readonly enrollmentFile?: string;
  readonly hostname?: string;
  /** The gateway's enrol call. Default: an unsigned client to the configured gateway. */
  readonly postEnrollFor?: (loaded: LoadedConfig) => PostEnroll;
  /** Default: rotated JSON-line files (createKioskLog). */
  readonly openLog?: (options: KioskLogOptions) => FileLog;
}

interface BootLog extends CoreLog {
  close(): Promise<void>;
}

const SILENT_LOG: BootLog = { info: () => undefined, warn: () => undefined, close: () => Promise.resolve() };

function adapt(file: FileLog): BootLog {
  return {
    info: (message, fields) => file.logger.info(fields ?? {}, message),
    warn: (message, fields) => file.logger.warn(fields ?? {}, message),
    close: () => file.close(),
  };
}

type LogSettings = Pick<KioskConfig, 'logFolder' | 'logLevel' | 'logMaxFileSizeMb' | 'logMaxFiles'>;

/** Opens the rotated log these settings describe; throws when its folder cannot be written. */
function openLog(settings: LogSettings, options: BootOptions): BootLog {
  return adapt(
    (options.openLog ?? createKioskLog)({
      folder: settings.logFolder,
      level: settings.logLevel,
      maxFileSizeMb: settings.logMaxFileSizeMb,
      maxFiles: settings.logMaxFiles,
      base: { version: options.version },
    }),
  );
}

/** The configured log, or the problem to show when its folder cannot be written. */
function openConfiguredLog(loaded: LoadedConfig, options: BootOptions): BootLog | ConfigProblem {
  try {
    return openLog(loaded.config, options);
  } catch {
    return { setting: 'logFolder', source: loaded.sources.logFolder, allowed: 'the full path of a folder the kiosk account can write to' };
  }
}

/** Without a usable configuration the log goes to the default folder with default rotation. */
function openDefaultLog(options: BootOptions): BootLog {
  try {
    return openLog(builtInDefaults(platformFolders(options.platform ?? process.platform, options.env ?? process.env)), options);
  } catch {
    return SILENT_LOG; // The screen still names the problems; there is nowhere to write them.
  }
}

/** Enrols from the installer's token file if there is one. Logs the outcome, never the token. */
async function firstStartEnrollment(loaded: LoadedConfig, store: CredentialStore, log: CoreLog, options: BootOptions): Promise<FirstStartOutcome> {
  const file = options.enrollmentFile ?? enrollmentTokenFile(options.platform ?? process.platform, options.env ?? process.env);
  if (!existsSync(file)) return 'no-file';
  const result = await enrollFromTokenFile({
    file,
    store,
    hostname: options.hostname ?? os.hostname(),
    postEnroll: (options.postEnrollFor ?? postEnrollThrough)(loaded),
  });
  switch (result.outcome) {
    case 'enrolled':
      log.info('enrolled with the installer token', { deviceId: result.deviceId, gatewayUrl: loaded.config.gatewayUrl });
      break;
    case 'already-enrolled':
      log.info('installer token file removed: this computer was already enrolled');
      break;
    case 'no-token':
      log.warn('installer token file held no token; removed', { file });
      break;
    case 'failed': {
      // The code and the error's kind only: an error's message is not ours to trust with a token.
      const code = (result.error as { code?: unknown } | null)?.code;
      log.warn('enrolment with the installer token failed; this computer is not enrolled', {
        code: typeof code === 'string' ? code : 'INTERNAL',
        error: result.error instanceof Error ? result.error.name : typeof result.error,
        retryAtNextStart: existsSync(file),
      });
      break;
    }
  }
  return result.outcome;
}

function pcscCards(options: { readonly readerFilter: string | null; readonly log: CoreLog }): CardService {
  return createCardService({ readerFilter: options.readerFilter, log: (message) => options.log.info(message) });
}

export async function bootKiosk(options: BootOptions): Promise<KioskBoot> {
  let loaded: LoadConfigResult = await loadConfig(options.loadConfigOptions);
  let log: BootLog = SILENT_LOG;
  if (loaded.ok) {
    const opened = openConfiguredLog(loaded, options);
    if ('setting' in opened) loaded = { ok: false, problems: [opened], configFile: loaded.configFile } satisfies FailedConfig;
    else log = opened;
  }
  if (!loaded.ok) {
    log = openDefaultLog(options);
    for (const problem of loaded.problems) log.warn('configuration problem', { problem: describeConfigProblem(problem) });
  } else {
    for (const warning of loaded.warnings) log.warn(warning);
  }

  const credentials = options.credentials ?? new KeytarCredentialStore();
  const firstStart = loaded.ok ? await firstStartEnrollment(loaded, credentials, log, options) : 'skipped';

  const readerFilter = loaded.ok && loaded.config.readerNameFilter !== '' ? loaded.config.readerNameFilter : null;
  const cards = (options.createCards ?? pcscCards)({ readerFilter, log });
  const runtime = await createKioskRuntime({ loaded, credentials, cards, version: options.version, log });
  const core: KioskCore = {
    handlers: runtime.core.handlers,
    subscribe: (listener) => runtime.core.subscribe(listener),
    start: () => runtime.core.start(),
    dispose: async () => {
      await runtime.dispose();
      await log.close();
    },
  };
  return {
    core,
    warn: (message, fields) => log.warn(message, fields),
    configProblems: loaded.ok ? [] : loaded.problems,
    firstStart,
  };
}
