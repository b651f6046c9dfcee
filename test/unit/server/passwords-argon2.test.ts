import { describe, expect, it } from 'vitest';
import { parseOptions } from '@node-rs/argon2';
import { ARGON2ID_OWASP, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../../../server/src/passwords/argon2';

describe('argon2id password hashing', () => {
  it('hashes with argon2id and the OWASP parameters', async () => {
    const encoded = await hashPassword('Ward7Blue');
    expect(encoded.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    const p = parseOptions(encoded);
    expect(p.memoryCost).toBe(ARGON2ID_OWASP.memoryCost);
    expect(needsRehash(encoded)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('Ward7Blue');
    expect(await verifyPassword(encoded, 'Ward7Blue')).toBe(true);
    expect(await verifyPassword(encoded, 'Ward7Blux')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('Ward7Blue')).not.toBe(await hashPassword('Ward7Blue'));
  });

  it('treats a garbled hash as a failed verification and as needing a rehash', async () => {
    expect(await verifyPassword('not-a-hash', 'Ward7Blue')).toBe(false);
    expect(needsRehash('not-a-hash')).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g')).toBe(true);
  });

  it('verifying against the dummy always fails', async () => {
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });
});
