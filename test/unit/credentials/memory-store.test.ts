import { describe, expect, it } from 'vitest';
import { MemoryCredentialStore } from '../../../src-main/core/credentials/memory-store';

describe('MemoryCredentialStore', () => {
  it('behaves like the vault: null when absent, overwrite on set, delete says whether it deleted', async () => {
    const store = new MemoryCredentialStore();
    expect(await store.get('a')).toBeNull();
    await store.set('a', '1');
    await store.set('a', '2');
    await store.set('b', '3');
    expect(await store.get('a')).toBe('2');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toBe('3');
  });
});
