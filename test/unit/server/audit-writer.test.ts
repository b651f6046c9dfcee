// The audit writer keeps secrets out of audit rows and bounds free text; rows land in a real
// (in-memory) SQLite audit table that refuses to change them.

import { describe, expect, it } from 'vitest';
import { AuditWriter } from '../../../server/src/audit/writer';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';

describe('audit writer', () => {
  it('drops detail fields named like secrets and truncates long text', async () => {
    const storage = openSqliteStorage({ file: ':memory:' });
    try {
      const writer = new AuditWriter(storage, () => 1_800_000_000_000);
      await writer.record({
        event: 'card-login',
        outcome: 'failure',
        reason: 'X'.repeat(1000),
        details: { password: 'Ward7Blue', sessionToken: 'tok', DateOfBirth: '1985-04-12', pin: '1234', challengeId: 'c-1' },
      });
      const [row] = await storage.audit.list();
      expect(row).toMatchObject({ event: 'card-login', outcome: 'failure', at: 1_800_000_000_000, details: { challengeId: 'c-1' } });
      expect(Object.keys(row!.details ?? {})).toEqual(['challengeId']);
      expect(row!.reason!.length).toBeLessThanOrEqual(201);
    } finally {
      await storage.close();
    }
  });
});
