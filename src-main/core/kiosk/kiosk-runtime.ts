// Builds a KioskCore from a loaded configuration and the machine's credential vault: the one
// wiring Electron's main and the browser host both use, so neither holds a second copy.

import type { ConfigProblem } from '../../shared/ipc-contract';
import { platformFolders, type LoadConfigResult, type LoadedConfig } from '../config/load-config';
import { builtInDefaults, type DefaultedSettings } from '../config/settings';
import type { CardService } from '../card/card-service';
import type { CredentialStore } from '../credentials/credential-store';
import { loadDeviceIdentity } from '../device/device-key';
import type { DeviceIdentity } from '../device/request-signer';
import { createGatewayClient, type GatewayClient } from '../gateway/gateway-client';
import { GatewayError } from '../gateway/gateway-error';
import { createKioskCore, type KioskLog, type KioskSettings, type KioskTiming } from './create-kiosk-core';
import type { KioskCore } from './kiosk-core';

export function kioskSettingsFrom(loaded: LoadedConfig): KioskSettings {
  return settingsOf(loaded.config, loaded.managed);
}

function settingsOf(c: DefaultedSettings, managedSettings: readonly string[]): KioskSettings {
  return {
    idleTimeoutSeconds: c.idleTimeoutSeconds,
    idleWarningSeconds: c.idleWarningSeconds,
    passwordPolicy: {
      minLength: c.passwordMinLength,
      maxLength: c.passwordMaxLength,
      forbidAnyRepeatedCharacter: c.passwordForbidAnyRepeatedCharacter,
      sequenceLength: c.passwordSequenceLength,
      bannedWords: c.passwordBannedWords,
    },
    language: c.language,
    supportContact: c.supportContact,
    managedSettings,
  };
}

export interface KioskRuntimeOptions {
  /** A configuration that failed validation gives a core that only shows the config-error screen. */
  readonly loaded: LoadConfigResult;
  readonly credentials: CredentialStore;
  /** The card service (createCardService with the configured reader filter). */
  readonly cards: CardService;
  readonly version: string;
  readonly log?: KioskLog;
  readonly onTiming?: (name: KioskTiming, ms: number) => void;
}

export interface KioskRuntime {
  readonly core: KioskCore;
  readonly gateway: GatewayClient;
  readonly deviceId: string | null;
  dispose(): Promise<void>;
}

export async function createKioskRuntime(options: KioskRuntimeOptions): Promise<KioskRuntime> {
  const { loaded } = options;
  if (!loaded.ok) return configErrorRuntime(loaded.problems, options);
  // A vault that cannot be read, or a partial key, cannot sign: the kiosk says "not enrolled".
  const identity: DeviceIdentity | null = await loadDeviceIdentity(options.credentials).catch((error: unknown) => {
    options.log?.warn('the device key could not be read; this computer counts as not enrolled', {
      code: (error as { code?: unknown } | null)?.code ?? 'INTERNAL',
    });
    return null;
  });
  const gateway = createGatewayClient({
    baseUrl: loaded.config.gatewayUrl,
    ca: loaded.gatewayCaPem,
    timeoutMs: loaded.config.gatewayTimeoutSeconds * 1000,
    identity: () => identity,
  });
  const core = createKioskCore({
    version: options.version,
    settings: kioskSettingsFrom(loaded),
    cards: options.cards,
    gateway,
    deviceId: () => identity?.deviceId ?? null,
    ...(options.log ? { log: options.log } : {}),
    ...(options.onTiming ? { onTiming: options.onTiming } : {}),
  });
  return {
    core,
    gateway,
    deviceId: identity?.deviceId ?? null,
    async dispose() {
      await core.dispose();
      gateway.close();
    },
  };
}

/** Stands in for the gateway while there is no usable gateway URL: every call is refused. */
function refusingGateway(): GatewayClient {
  const refuse = (): Promise<never> => Promise.reject(new GatewayError('CONFIG_INVALID', 'the kiosk configuration is not valid'));
  return {
    health: refuse,
    challenge: refuse,
    cardLogin: refuse,
    passwordLogin: refuse,
    internetAccess: refuse,
    setInternetPassword: refuse,
    logout: refuse,
    recoverUsername: refuse,
    recoverPassword: refuse,
    enroll: refuse,
    close: () => undefined,
  };
}

// The same core, started on the config-error screen (it names each setting, its source and what
// is allowed) with the built-in defaults for everything the screens read; the card service is
// never started and nothing reaches a gateway.
function configErrorRuntime(problems: readonly ConfigProblem[], options: KioskRuntimeOptions): KioskRuntime {
  const gateway = refusingGateway();
  const core = createKioskCore({
    version: options.version,
    settings: settingsOf(builtInDefaults(platformFolders(process.platform, process.env)), []),
    configProblems: problems,
    cards: options.cards,
    gateway,
    deviceId: () => null,
    ...(options.log ? { log: options.log } : {}),
  });
  return { core, gateway, deviceId: null, dispose: () => core.dispose() };
}
