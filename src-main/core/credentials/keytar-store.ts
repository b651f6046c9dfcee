// The one file that imports keytar (lint-enforced). Secrets go to Windows Credential Manager,
// macOS Keychain or the Secret Service (gnome-keyring, KWallet) under the service "ESR Kiosk".
// keytar is loaded lazily (dynamic import), so a missing native build fails at first use with a typed error
// rather than when the module graph loads.

import { CredentialStoreError, type CredentialStore } from './credential-store';

export const KEYTAR_SERVICE = 'ESR Kiosk';

type Keytar = typeof import('keytar');

export class KeytarCredentialStore implements CredentialStore {
  private keytar: Keytar | undefined;

  constructor(private readonly service: string = KEYTAR_SERVICE) {}

  private async load(): Promise<Keytar> {
    if (this.keytar === undefined) {
      // A CommonJS module: under ESM its functions sit on `default`; bundled to CJS, on the module.
      const mod: Keytar & { default?: Keytar } = await import('keytar');
      this.keytar = mod.default ?? mod;
    }
    return this.keytar;
  }

  async get(name: string): Promise<string | null> {
    try {
      return await (await this.load()).getPassword(this.service, name);
    } catch (cause) {
      throw new CredentialStoreError('get', { cause });
    }
  }

  async set(name: string, secret: string): Promise<void> {
    try {
      await (await this.load()).setPassword(this.service, name, secret);
    } catch (cause) {
      throw new CredentialStoreError('set', { cause });
    }
  }

  async delete(name: string): Promise<boolean> {
    try {
      return await (await this.load()).deletePassword(this.service, name);
    } catch (cause) {
      throw new CredentialStoreError('delete', { cause });
    }
  }
}
