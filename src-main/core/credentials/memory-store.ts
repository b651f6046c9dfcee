// A CredentialStore in memory: for unit tests and the browser-host demo, never for production.

import type { CredentialStore } from './credential-store';

export class MemoryCredentialStore implements CredentialStore {
  private readonly secrets = new Map<string, string>();

  get(name: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(name) ?? null);
  }

  set(name: string, secret: string): Promise<void> {
    this.secrets.set(name, secret);
    return Promise.resolve();
  }

  delete(name: string): Promise<boolean> {
    return Promise.resolve(this.secrets.delete(name));
  }
}
