// The OS credential vault behind one small interface (DESIGN.md section 5). keytar is archived
// upstream and keeps Windows entries per user, so only keytar-store.ts knows about it; Electron
// safeStorage, or a Windows DPAPI machine store, can replace it behind this interface.

export interface CredentialStore {
  /** The secret stored under `name`, or null when there is none. */
  get(name: string): Promise<string | null>;
  set(name: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(name: string): Promise<boolean>;
}

/** Names of the secrets the kiosk keeps. */
export const CREDENTIAL_NAMES = {
  devicePrivateKey: 'device-private-key',
  deviceId: 'device-id',
} as const;

/** Thrown when the vault itself fails (no Secret Service, locked keyring, access denied). */
export class CredentialStoreError extends Error {
  constructor(
    readonly operation: 'get' | 'set' | 'delete',
    options: { cause: unknown },
  ) {
    super(`credential store ${operation} failed`, options);
    this.name = 'CredentialStoreError';
  }
}
