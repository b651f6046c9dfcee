// `server audit`: reads the append-only audit table page by page and prints it as a table, CSV
// or JSON lines. CSV cells that a spreadsheet would run as a formula are prefixed with `'`.

import type { AuditQuery, AuditRecord, AuditRepository } from '../storage/types';

export type AuditFormat = 'table' | 'csv' | 'json';

export const AUDIT_COLUMNS = ['id', 'at', 'event', 'outcome', 'reason', 'staffId', 'deviceId', 'sourceAddress', 'details'] as const;

const PAGE = 1000;

/** Every record matching `query` (since/until), oldest first, fetched in pages. */
export async function* readAudit(repo: AuditRepository, query: Omit<AuditQuery, 'afterId' | 'limit'> = {}): AsyncGenerator<AuditRecord> {
  let afterId: number | undefined;
  for (;;) {
    const page = await repo.list({ ...query, ...(afterId === undefined ? {} : { afterId }), limit: PAGE });
    for (const record of page) yield record;
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return;
    afterId = last.id;
  }
}

function cellValue(record: AuditRecord, column: (typeof AUDIT_COLUMNS)[number]): string {
  switch (column) {
    case 'at':
      return new Date(record.at).toISOString();
    case 'details':
      return record.details === null ? '' : JSON.stringify(record.details);
    default: {
      const value = record[column];
      return value === null ? '' : String(value);
    }
  }
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

export function auditCsvHeader(): string {
  return `${AUDIT_COLUMNS.join(',')}\r\n`;
}

export function auditCsvLine(record: AuditRecord): string {
  return `${AUDIT_COLUMNS.map((c) => csvCell(cellValue(record, c))).join(',')}\r\n`;
}

export function auditJsonLine(record: AuditRecord): string {
  return `${JSON.stringify({ ...record, at: new Date(record.at).toISOString() })}\n`;
}

export function auditTableLine(record: AuditRecord): string {
  const who = record.staffId ?? '-';
  const device = record.deviceId ?? '-';
  const reason = record.reason === null ? '' : ` ${record.reason}`;
  return `${new Date(record.at).toISOString()}  #${record.id}  ${record.event} ${record.outcome}${reason}  staff=${who} device=${device} from=${record.sourceAddress ?? '-'}\n`;
}

/** Writes every matching record to `write` in `format`; returns how many. */
export async function exportAudit(
  repo: AuditRepository,
  format: AuditFormat,
  write: (chunk: string) => void | Promise<void>,
  query: Omit<AuditQuery, 'afterId' | 'limit'> = {},
): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(auditCsvHeader());
  for await (const record of readAudit(repo, query)) {
    count++;
    await write(format === 'csv' ? auditCsvLine(record) : format === 'json' ? auditJsonLine(record) : auditTableLine(record));
  }
  return count;
}
