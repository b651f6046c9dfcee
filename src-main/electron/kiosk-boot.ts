// Builds the real KioskCore for the Electron app from the machine's configuration (file +
// Windows policy), its credential vault (keytar) and PC/SC, through the same createKioskRuntime
// the browser host uses. Only wiring: every decision lives in core.

import { createCardService } from '../core/card/create-card-service';
import { describeConfigProblem, loadConfig } from '../core/config/load-config';
import { KeytarCredentialStore } from '../core/credentials/keytar-store';
import type { KioskLog as CoreLog } from '../core/kiosk/create-kiosk-core';
import type { KioskCore } from '../core/kiosk/kiosk-core';
import { createKioskRuntime } from '../core/kiosk/kiosk-runtime';
import { createKioskLog } from '../core/logging/logger';

export interface KioskBoot {
  readonly core: KioskCore;
  /** Refused navigations, permissions, handler failures: never a payload. */
  readonly warn: (message: string, fields?: Record<string, unknown>) => void;
}

/** A configuration that failed validation: the settings it names, in words for IT. */
export class ConfigInvalidError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`ESR Kiosk configuration is not valid:\n${problems.join('\n')}`);
    this.name = 'ConfigInvalidError';
  }
}

export async function bootKiosk(options: { readonly version: string }): Promise<KioskBoot> {
  const loaded = await loadConfig();
  if (!loaded.ok) throw new ConfigInvalidError(loaded.problems.map(describeConfigProblem));
  const { config } = loaded;
  const file = createKioskLog({
    folder: config.logFolder,
    level: config.logLevel,
    maxFileSizeMb: 10,
    maxFiles: 5,
    base: { version: options.version },
  });
  const log: CoreLog = {
    info: (message, fields) => file.logger.info(fields ?? {}, message),
    warn: (message, fields) => file.logger.warn(fields ?? {}, message),
  };
  for (const warning of loaded.warnings) log.warn(warning);
  const cards = createCardService({
    readerFilter: config.readerNameFilter === '' ? null : config.readerNameFilter,
    log: (message) => log.info(message),
  });
  const runtime = await createKioskRuntime({
    loaded,
    credentials: new KeytarCredentialStore(),
    cards,
    version: options.version,
    log,
  });
  const core: KioskCore = {
    handlers: runtime.core.handlers,
    subscribe: (listener) => runtime.core.subscribe(listener),
    start: () => runtime.core.start(),
    dispose: async () => {
      await runtime.dispose();
      await file.close();
    },
  };
  return { core, warn: (message, fields) => log.warn(message, fields) };
}
