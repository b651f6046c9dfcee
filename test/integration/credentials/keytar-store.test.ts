// The real keytar store against a real Secret Service (gnome-keyring) on a private D-Bus.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYTAR_SERVICE, KeytarCredentialStore } from '../../../src-main/core/credentials/keytar-store';
import { startUnlockedKeyring, type RunningKeyring } from './gnome-keyring';

const run = promisify(execFile);
let keyring: RunningKeyring;

beforeAll(async () => {
  keyring = await startUnlockedKeyring();
});
afterAll(async () => {
  await keyring.stop();
});

/** Reads a secret in a fresh Node process: proves it lives in the vault, not in our memory. */
async function readInNewProcess(service: string, name: string): Promise<string> {
  const script = `require('keytar').getPassword(${JSON.stringify(service)}, ${JSON.stringify(name)}).then((v) => process.stdout.write(JSON.stringify(v)))`;
  const { stdout } = await run(process.execPath, ['-e', script], { timeout: 15_000 });
  return JSON.parse(stdout) as string;
}

describe('KeytarCredentialStore with gnome-keyring', () => {
  it('sets, gets and deletes a secret under the service "ESR Kiosk"', async () => {
    const store = new KeytarCredentialStore();
    expect(await store.get('test-secret')).toBeNull();
    await store.set('test-secret', 'value-1');
    expect(await store.get('test-secret')).toBe('value-1');
    await store.set('test-secret', 'value-2 with ünïcödé and\nnew line');
    expect(await store.get('test-secret')).toBe('value-2 with ünïcödé and\nnew line');
    expect(await store.delete('test-secret')).toBe(true);
    expect(await store.get('test-secret')).toBeNull();
    expect(await store.delete('test-secret')).toBe(false);
  });

  it('survives a new keytar load in another process, and keeps services apart', async () => {
    await new KeytarCredentialStore().set('persisted', 'from-first-process');
    expect(await readInNewProcess(KEYTAR_SERVICE, 'persisted')).toBe('from-first-process');
    expect(await new KeytarCredentialStore('Another Service').get('persisted')).toBeNull();
    await new KeytarCredentialStore().delete('persisted');
    expect(await readInNewProcess(KEYTAR_SERVICE, 'persisted')).toBeNull();
  });
});
