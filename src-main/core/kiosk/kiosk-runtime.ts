// Builds a KioskCore from a loaded configuration and the machine's credential vault: the one
// wiring Electron's main and the browser host both use, so neither holds a second copy.

import type { LoadedConfig } from '../config/load-config';
import type { CardService } from '../card/card-service';
import type { CredentialStore } from '../credentials/credential-store';
import { loadDeviceIdentity } from '../device/device-key';
import type { DeviceIdentity } from '../device/request-signer';
import { createGatewayClient, type GatewayClient } from '../gateway/gateway-client';
import { createKioskCore, type KioskLog, type KioskSettings, type KioskTiming } from './create-kiosk-core';
import type { KioskCore } from './kiosk-core';

export function kioskSettingsFrom(loaded: LoadedConfig): KioskSettings {
  const c = loaded.config;
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
    managedSettings: loaded.managed,
  };
}

export interface KioskRuntimeOptions {
  readonly loaded: LoadedConfig;
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
  const identity: DeviceIdentity | null = await loadDeviceIdentity(options.credentials);
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
