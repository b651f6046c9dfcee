import { describe, expect, it } from 'vitest';
import { auditCsvHeader, auditCsvLine, auditJsonLine, csvCell, exportAudit } from '../../../server/src/audit/export';
import type { AuditQuery, AuditRecord, AuditRepository } from '../../../server/src/storage/types';

const record = (id: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  id,
  at: Date.UTC(2026, 10, 25, 22, 0, id),
  event: 'password-login',
  outcome: 'failure',
  reason: 'INVALID_CREDENTIALS',
  staffId: 'staff-1',
  deviceId: null,
  sourceAddress: '127.0.0.1',
  details: { failuresInWindow: 2 },
  ...extra,
});

/** A small in-memory audit list that pages like the SQLite one (afterId + limit). */
class ListAudit implements AuditRepository {
  calls = 0;
  constructor(private readonly records: AuditRecord[]) {}
  append(): Promise<number> {
    throw new Error('read-only');
  }
  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    this.calls++;
    return this.records.filter((r) => r.id > (query.afterId ?? 0)).slice(0, query.limit ?? 10_000);
  }
}

describe('audit export', () => {
  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
  });

  it('writes a CSV header and one line per record with ISO times and JSON details', () => {
    expect(auditCsvHeader()).toBe('id,at,event,outcome,reason,staffId,deviceId,sourceAddress,details\r\n');
    expect(auditCsvLine(record(1))).toBe('1,2026-11-25T22:00:01.000Z,password-login,failure,INVALID_CREDENTIALS,staff-1,,127.0.0.1,"{""failuresInWindow"":2}"\r\n');
    expect(JSON.parse(auditJsonLine(record(1)))).toMatchObject({ id: 1, at: '2026-11-25T22:00:01.000Z', details: { failuresInWindow: 2 } });
  });

  it('pages through every record', async () => {
    const repo = new ListAudit(Array.from({ length: 2500 }, (_, i) => record(i + 1)));
    const lines: string[] = [];
    const count = await exportAudit(repo, 'json', (l) => void lines.push(l));
    expect(count).toBe(2500);
    expect(lines).toHaveLength(2500);
    expect(repo.calls).toBe(3);
    expect(JSON.parse(lines.at(-1)!).id).toBe(2500);
  });
});
