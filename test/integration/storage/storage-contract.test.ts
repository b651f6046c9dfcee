// The storage contract: one suite, run against the embedded SQLite store and against
// PostgreSQL, so both implementations of server/src/storage/storage.ts behave the same. Real
// databases only (a temporary SQLite file; a fresh PostgreSQL database per suite).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../../server/src/storage/storage';
import type { NewStaff } from '../../../server/src/storage/types';
import { openBackend, type BackendKind, type StorageBackend } from '../../support/postgres/storage-backends';

const T0 = 1_767_000_000_000; // a fixed "now" in Unix ms

function staffMember(n: number): NewStaff {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    displayName: `Staff ${n}`,
    username: `2340000${String(n).padStart(3, '0')}`,
    email: `Staff.${n}@Trust.NHS.uk`,
    dateOfBirth: '1980-02-0' + String((n % 9) + 1),
    status: 'active',
  };
}

describe.each<BackendKind>(['sqlite', 'postgres'])('storage contract (%s)', (kind) => {
  let backend: StorageBackend;
  let s: Storage;
  const alice = staffMember(1);
  const bob = staffMember(2);

  beforeAll(async () => {
    backend = await openBackend(kind);
    s = backend.storage;
    await s.staff.insert(alice, T0);
    await s.staff.insert(bob, T0);
    await s.devices.insert({ id: 'dev-1', publicKey: 'pk1', hostname: 'ward-1', enrolledAt: T0 });
    await s.devices.insert({ id: 'dev-2', publicKey: 'pk2', hostname: 'ward-2', enrolledAt: T0 + 1 });
  });
  afterAll(async () => {
    await backend.destroy();
  });

  describe('migrations', () => {
    it('are applied in full and re-opening the same data applies nothing twice', async () => {
      expect(await s.schemaVersion()).toBeGreaterThanOrEqual(2);
      const again = await backend.openAnother();
      expect(await again.schemaVersion()).toBe(await s.schemaVersion());
      expect(await again.staff.count()).toBe(2);
    });

    it('refuse a database newer than the code', async () => {
      await backend.raw(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)`);
      try {
        await expect(backend.openAnother()).rejects.toThrow(/newer than this gateway knows/);
      } finally {
        await backend.raw('DELETE FROM schema_migrations WHERE version = 99');
      }
    });
  });

  describe('staff', () => {
    it('finds a record by id, username and email (stored lower-case)', async () => {
      const byId = await s.staff.findById(alice.id);
      expect(byId).toMatchObject({ ...alice, email: alice.email.toLowerCase(), failedLoginCount: 0, lockedAt: null, createdAt: T0 });
      expect(await s.staff.findByUsername(alice.username)).toEqual(byId);
      expect(await s.staff.findByEmail('STAFF.1@trust.nhs.UK')).toEqual(byId);
      expect(await s.staff.findById('nobody')).toBeNull();
      expect(await s.staff.count()).toBe(2);
    });

    it('refuses a second record with the same username', async () => {
      await expect(s.staff.insert({ ...staffMember(3), username: alice.username }, T0)).rejects.toThrow();
      expect(await s.staff.count()).toBe(2);
    });

    it('upserts, sets status and login state with updatedAt', async () => {
      await s.staff.upsert({ ...bob, displayName: 'Robert' }, T0 + 10);
      await s.staff.setStatus(bob.id, 'inactive', T0 + 20);
      await s.staff.setLoginState(bob.id, { failedLoginCount: 3, lockedAt: T0 + 30 }, T0 + 30);
      expect(await s.staff.findById(bob.id)).toMatchObject({
        displayName: 'Robert',
        status: 'inactive',
        failedLoginCount: 3,
        lockedAt: T0 + 30,
        createdAt: T0,
        updatedAt: T0 + 30,
      });
      await s.staff.upsert(bob, T0 + 40);
      await s.staff.setLoginState(bob.id, { failedLoginCount: 0, lockedAt: null }, T0 + 40);
    });
  });

  describe('devices and enrollment', () => {
    it('lists, touches and revokes a device once', async () => {
      expect((await s.devices.list()).map((d) => d.id)).toEqual(['dev-1', 'dev-2']);
      await s.devices.touch('dev-1', T0 + 5);
      expect(await s.devices.findById('dev-1')).toEqual({ id: 'dev-1', publicKey: 'pk1', hostname: 'ward-1', enrolledAt: T0, revokedAt: null, lastSeenAt: T0 + 5 });
      await s.devices.insert({ id: 'dev-x', publicKey: 'pkx', hostname: 'gone', enrolledAt: T0 + 2 });
      expect(await s.devices.revoke('dev-x', T0 + 6)).toBe(true);
      expect(await s.devices.revoke('dev-x', T0 + 7)).toBe(false);
      expect((await s.devices.findById('dev-x'))?.revokedAt).toBe(T0 + 6);
    });

    it('consumes an enrollment token once and never after it expires', async () => {
      await s.enrollmentTokens.insert({ id: 'et-1', tokenHash: 'h1', label: 'ward 1', createdAt: T0, expiresAt: T0 + 1000 });
      await s.enrollmentTokens.insert({ id: 'et-2', tokenHash: 'h2', label: 'ward 2', createdAt: T0, expiresAt: T0 + 1000 });
      expect(await s.enrollmentTokens.consume('h2', 'dev-2', T0 + 1000)).toBe(false);
      const results = await Promise.all([1, 2, 3, 4].map(() => s.enrollmentTokens.consume('h1', 'dev-1', T0 + 10)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.enrollmentTokens.findByHash('h1')).toMatchObject({ usedAt: T0 + 10, usedByDeviceId: 'dev-1', label: 'ward 1' });
      expect(await s.enrollmentTokens.findByHash('nope')).toBeNull();
    });

    it('remembers a request nonce once per device and purges expired ones', async () => {
      expect(await s.deviceNonces.remember('dev-1', 'n1', T0 + 100)).toBe(true);
      expect(await s.deviceNonces.remember('dev-1', 'n1', T0 + 100)).toBe(false);
      expect(await s.deviceNonces.remember('dev-2', 'n1', T0 + 100)).toBe(true);
      expect(await s.deviceNonces.purgeExpired(T0 + 100)).toBe(2);
      expect(await s.deviceNonces.remember('dev-1', 'n1', T0 + 200)).toBe(true);
    });
  });

  describe('challenges', () => {
    it('are consumed once and only once, even by two stores racing', async () => {
      const other = await backend.openAnother();
      for (let i = 0; i < 5; i++) {
        const id = `ch-race-${i}`;
        await s.challenges.insert({ id, deviceId: 'dev-1', nonce: 'bm9uY2U', createdAt: T0, expiresAt: T0 + 60_000 });
        const attempts = await Promise.all([s, other, s, other, s, other].map((st) => st.challenges.consume(id, T0 + 1)));
        expect(attempts.filter(Boolean)).toHaveLength(1);
        expect((await other.challenges.findById(id))?.consumedAt).toBe(T0 + 1);
      }
    });

    it('round-trip their fields and are purged after expiry', async () => {
      await s.challenges.insert({ id: 'ch-1', deviceId: 'dev-2', nonce: 'abc', createdAt: T0, expiresAt: T0 + 60_000 });
      expect(await s.challenges.findById('ch-1')).toEqual({ id: 'ch-1', deviceId: 'dev-2', nonce: 'abc', createdAt: T0, expiresAt: T0 + 60_000, consumedAt: null });
      expect(await s.challenges.purgeExpired(T0 + 60_000)).toBeGreaterThanOrEqual(1);
      expect(await s.challenges.findById('ch-1')).toBeNull();
    });
  });

  describe('sessions', () => {
    const base = { staffId: alice.id, deviceId: 'dev-1', method: 'card' as const, certificateFingerprint: 'ab'.repeat(32), createdAt: T0, lastUsedAt: T0, absoluteExpiresAt: T0 + 1_800_000 };

    it('are found by token hash, touched forwards only, revoked once', async () => {
      await s.sessions.insert({ ...base, id: 's-1', tokenHash: 'th-1' });
      await s.sessions.touch('s-1', T0 + 50);
      if (kind === 'postgres') {
        // Two instances touching out of order must not move the idle clock back.
        await s.sessions.touch('s-1', T0 + 40);
      }
      expect(await s.sessions.findByTokenHash('th-1')).toEqual({
        ...base,
        id: 's-1',
        tokenHash: 'th-1',
        lastUsedAt: T0 + 50,
        certificateIssuer: null,
        certificateSerial: null,
        revokedAt: null,
        revokedReason: null,
      });
      expect(await s.sessions.revoke('s-1', T0 + 60, 'logout')).toBe(true);
      expect(await s.sessions.revoke('s-1', T0 + 70, 'logout')).toBe(false);
      expect(await s.sessions.findByTokenHash('th-1')).toMatchObject({ revokedAt: T0 + 60, revokedReason: 'logout' });
    });

    it('revokes every live session of a person but the one kept', async () => {
      for (const id of ['s-a', 's-b', 's-c']) await s.sessions.insert({ ...base, id, tokenHash: `th-${id}` });
      await s.sessions.insert({ ...base, id: 's-bob', tokenHash: 'th-bob', staffId: bob.id, method: 'password', certificateFingerprint: null });
      expect(await s.sessions.revokeAllForStaff(alice.id, T0 + 90, 'password-changed', 's-b')).toBe(2);
      expect((await s.sessions.findByTokenHash('th-s-b'))?.revokedAt).toBeNull();
      expect((await s.sessions.findByTokenHash('th-bob'))?.revokedAt).toBeNull();
      expect(await s.sessions.revokeAllForStaff(alice.id, T0 + 91, 'x')).toBe(1);
      expect(await s.sessions.purgeEnded(T0 + 1_800_000)).toBeGreaterThanOrEqual(5);
    });

    it('revokes every live session of a retired device, and only those', async () => {
      for (const id of ['dev-retired', 'dev-kept']) await s.devices.insert({ id, publicKey: `pk-${id}`, hostname: id, enrolledAt: T0 });
      await s.sessions.insert({ ...base, id: 'd-1', tokenHash: 'th-d-1', deviceId: 'dev-retired' });
      await s.sessions.insert({ ...base, id: 'd-2', tokenHash: 'th-d-2', deviceId: 'dev-retired', staffId: bob.id });
      await s.sessions.insert({ ...base, id: 'd-ended', tokenHash: 'th-d-ended', deviceId: 'dev-retired', absoluteExpiresAt: T0 + 5 });
      await s.sessions.insert({ ...base, id: 'd-other', tokenHash: 'th-d-other', deviceId: 'dev-kept' });
      expect(await s.sessions.revokeAllForDevice('dev-retired', T0 + 10, 'device-revoked')).toBe(2);
      expect(await s.sessions.findByTokenHash('th-d-2')).toMatchObject({ revokedAt: T0 + 10, revokedReason: 'device-revoked' });
      expect((await s.sessions.findByTokenHash('th-d-ended'))?.revokedAt).toBeNull();
      expect((await s.sessions.findByTokenHash('th-d-other'))?.revokedAt).toBeNull();
      expect(await s.sessions.revokeAllForDevice('dev-retired', T0 + 11, 'device-revoked')).toBe(0);
      expect(await s.sessions.purgeEnded(T0 + 1_800_000)).toBe(4);
    });

    it('keep the card certificate (issuer, serial) and list the open card sessions for a CRL check', async () => {
      const card = { ...base, certificateIssuer: 'CN=ESR Test CA', certificateSerial: '1f2e' };
      await s.sessions.insert({ ...card, id: 'c-open', tokenHash: 'th-c-open' });
      await s.sessions.insert({ ...card, id: 'c-revoked', tokenHash: 'th-c-revoked', certificateSerial: '3a' });
      await s.sessions.insert({ ...card, id: 'c-ended', tokenHash: 'th-c-ended', absoluteExpiresAt: T0 + 10 });
      await s.sessions.insert({ ...base, id: 'p-open', tokenHash: 'th-p-open', staffId: bob.id, method: 'password', certificateFingerprint: null });
      await s.sessions.revoke('c-revoked', T0 + 5, 'logout');
      expect(await s.sessions.findByTokenHash('th-c-open')).toMatchObject({ certificateIssuer: 'CN=ESR Test CA', certificateSerial: '1f2e' });
      expect(await s.sessions.listOpenCard(T0 + 10)).toEqual([
        { id: 'c-open', staffId: alice.id, deviceId: 'dev-1', certificateFingerprint: base.certificateFingerprint, certificateIssuer: 'CN=ESR Test CA', certificateSerial: '1f2e' },
      ]);
      expect(await s.sessions.listOpenCard(T0 + 1_800_000)).toEqual([]);
      expect(await s.sessions.purgeEnded(T0 + 1_800_000)).toBe(4);
    });
  });

  describe('audit', () => {
    it('appends with increasing ids and lists by time and id', async () => {
      const first = await s.audit.append({ event: 'card-login', outcome: 'success', staffId: alice.id, deviceId: 'dev-1', sourceAddress: '127.0.0.1', details: { fingerprint: 'ab', n: 1, ok: true, none: null }, at: T0 + 1 });
      const second = await s.audit.append({ event: 'logout', outcome: 'failure', reason: 'SESSION_EXPIRED', at: T0 + 2 });
      expect(second).toBeGreaterThan(first);
      const listed = await s.audit.list({ since: T0 + 1, until: T0 + 2 });
      expect(listed).toEqual([
        { id: first, event: 'card-login', outcome: 'success', reason: null, staffId: alice.id, deviceId: 'dev-1', sourceAddress: '127.0.0.1', details: { fingerprint: 'ab', n: 1, ok: true, none: null }, at: T0 + 1 },
        { id: second, event: 'logout', outcome: 'failure', reason: 'SESSION_EXPIRED', staffId: null, deviceId: null, sourceAddress: null, details: null, at: T0 + 2 },
      ]);
      expect(await s.audit.list({ afterId: first, limit: 1 })).toHaveLength(1);
    });

    it('is append-only in the store itself: UPDATE and DELETE are refused', async () => {
      await s.audit.append({ event: 'x', outcome: 'success', at: T0 + 3 });
      await expect(backend.raw(`UPDATE audit SET outcome = 'failure'`)).rejects.toThrow(/append-only/);
      await expect(backend.raw('DELETE FROM audit')).rejects.toThrow(/append-only/);
      if (kind === 'postgres') await expect(backend.raw('TRUNCATE audit')).rejects.toThrow(/append-only/);
      expect((await s.audit.list()).length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('transactions', () => {
    it('commit everything together', async () => {
      const id = await s.transaction(async (repos) => {
        await repos.challenges.insert({ id: 'tx-ok', deviceId: 'dev-1', nonce: 'n', createdAt: T0, expiresAt: T0 + 1 });
        return repos.audit.append({ event: 'tx', outcome: 'success', at: T0 });
      });
      expect(await s.challenges.findById('tx-ok')).not.toBeNull();
      expect((await s.audit.list({ afterId: id - 1 }))[0]?.event).toBe('tx');
    });

    it('roll back everything when the function throws', async () => {
      await expect(
        s.transaction(async (repos) => {
          await repos.challenges.insert({ id: 'tx-bad', deviceId: 'dev-1', nonce: 'n', createdAt: T0, expiresAt: T0 + 1 });
          await repos.staff.setStatus(alice.id, 'inactive', T0 + 1);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await s.challenges.findById('tx-bad')).toBeNull();
      expect((await s.staff.findById(alice.id))?.status).toBe('active');
    });
  });

  describe('accounts', () => {
    it('keeps the newest passwords, newest first', async () => {
      for (let i = 1; i <= 7; i++) await s.passwords.add(alice.id, `hash-${i}`, T0 + i, 5);
      const recent = await s.passwords.recent(alice.id, 10);
      expect(recent.map((p) => p.hash)).toEqual(['hash-7', 'hash-6', 'hash-5', 'hash-4', 'hash-3']);
      expect(recent[0]?.createdAt).toBe(T0 + 7);
      expect(await s.passwords.recent(bob.id, 5)).toEqual([]);
    });

    it('counts login failures one account at a time, even from concurrent transactions', async () => {
      const other = await backend.transactionPeer();
      const seen = await Promise.all(
        [s, other, s, other, s].map((st, i) =>
          st.transaction(async (repos) => {
            await repos.loginFailures.record(bob.id, T0 + 100 + i);
            return repos.loginFailures.countSince(bob.id, T0);
          }),
        ),
      );
      // Each transaction saw the ones committed before it: 1..5, so exactly one saw the fifth.
      expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await s.loginFailures.countSince(bob.id, T0 + 102)).toBe(2);
      await s.loginFailures.clear(bob.id);
      expect(await s.loginFailures.countSince(bob.id, 0)).toBe(0);
    });

    it('consumes a recovery token once, not after expiry, and ends all of a person', async () => {
      await s.recoveryTokens.insert({ tokenHash: 'rt-1', staffId: alice.id, createdAt: T0, expiresAt: T0 + 3_600_000 });
      await s.recoveryTokens.insert({ tokenHash: 'rt-2', staffId: alice.id, createdAt: T0, expiresAt: T0 + 3_600_000 });
      await s.recoveryTokens.insert({ tokenHash: 'rt-old', staffId: alice.id, createdAt: T0, expiresAt: T0 + 10 });
      expect(await s.recoveryTokens.findUsable('rt-old', T0 + 10)).toBeNull();
      expect(await s.recoveryTokens.consume('rt-old', T0 + 10)).toBeNull();
      expect(await s.recoveryTokens.findUsable('rt-1', T0 + 1)).toMatchObject({ tokenHash: 'rt-1', staffId: alice.id, usedAt: null });
      const other = await backend.openAnother();
      const winners = await Promise.all([s, other, s, other].map((st) => st.recoveryTokens.consume('rt-1', T0 + 2)));
      expect(winners.filter((w) => w !== null)).toEqual([alice.id]);
      expect(await s.recoveryTokens.endAllForStaff(alice.id, T0 + 3)).toBe(2);
      expect(await s.recoveryTokens.findUsable('rt-2', T0 + 4)).toBeNull();
    });
  });

  describe('outbox', () => {
    const mail = (to: string) => ({
      kind: 'username-reminder' as const,
      to,
      subject: 'Your ESR username',
      text: 'text body',
      html: '<p>html</p>',
      messageId: `<${to.replace('@', '.')}@esr.test>`,
    });

    it('leases due mail so a second worker cannot claim it, then again after the lease', async () => {
      const other = await backend.openAnother();
      const ids = [];
      for (let i = 0; i < 6; i++) ids.push(await s.outbox.enqueue(mail(`m${i}@nhs.net`), T0));
      const [a, b] = await Promise.all([s.outbox.claimDue(T0 + 1, 1000, 4), other.outbox.claimDue(T0 + 1, 1000, 4)]);
      const claimed = [...a, ...b].map((e) => e.id);
      expect(claimed.sort((x, y) => x - y)).toEqual(ids);
      expect(await s.outbox.claimDue(T0 + 2, 1000, 10)).toEqual([]);
      const again = await other.outbox.claimDue(T0 + 1001, 1000, 10);
      expect(again.map((e) => e.id)).toEqual(ids);
      expect(again[0]).toMatchObject({ kind: 'username-reminder', to: 'm0@nhs.net', subject: 'Your ESR username', text: 'text body', html: '<p>html</p>', attempts: 0, discardAfter: null });
      expect(again[0]?.messageId).toBe('<m0.nhs.net@esr.test>'); // kept as queued, retries included
      for (const id of ids) await s.outbox.markSent(id, T0 + 1002);
    });

    it('records failures with a retry time, gives up for good, and clears bodies', async () => {
      const id = await s.outbox.enqueue({ ...mail('retry@nhs.net'), discardAfter: T0 + 99_999 }, T0);
      const [entry] = await s.outbox.claimDue(T0, 60_000, 10);
      expect(entry).toMatchObject({ id, discardAfter: T0 + 99_999 });
      await s.outbox.markAttemptFailed(id, T0 + 1, '451 try later', T0 + 500);
      expect(await s.outbox.claimDue(T0 + 499, 60_000, 10)).toEqual([]);
      const [retry] = await s.outbox.claimDue(T0 + 500, 60_000, 10);
      expect(retry).toMatchObject({ id, attempts: 1 });
      await s.outbox.markAttemptFailed(id, T0 + 501, '550 no such user', null);
      expect(await s.outbox.claimDue(T0 + 10_000_000, 60_000, 10)).toEqual([]);
      const status = (await s.outbox.list()).find((m) => m.id === id);
      expect(status).toEqual({ id, kind: 'username-reminder', to: 'retry@nhs.net', attempts: 2, sentAt: null, failedAt: T0 + 501, lastError: '550 no such user' });
      const sent = (await s.outbox.list()).filter((m) => m.sentAt !== null);
      expect(sent).toHaveLength(6);
    });
  });
});
