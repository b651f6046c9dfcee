// Writes security events to the append-only audit table: who, which device, what, outcome,
// why, when, from where. Secrets never get in: detail fields named like a secret are dropped
// and free text is bounded. A failure to audit fails the request (fail closed).

import type { FastifyRequest } from 'fastify';
import { SECRET_FIELDS } from '../logging';
import type { Repositories } from '../storage/storage';
import type { AuditEvent } from '../storage/types';

/** An audit event before the writer stamps its time. */
export type AuditEntry = Omit<AuditEvent, 'at'>;

const SECRET_KEYS = new Set<string>(SECRET_FIELDS.map((f) => f.toLowerCase()));
const MAX_TEXT = 200;

function bounded(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
}

function cleanDetails(details: AuditEntry['details']): AuditEvent['details'] {
  if (details === undefined || details === null) return null;
  const clean: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEYS.has(key.toLowerCase())) continue;
    clean[key] = typeof value === 'string' ? bounded(value) : value;
  }
  return clean;
}

export class AuditWriter {
  constructor(
    private readonly repos: Pick<Repositories, 'audit'>,
    private readonly now: () => number,
  ) {}

  /** Appends one event; pass `repos` to write inside an open transaction. */
  async record(entry: AuditEntry, repos: Pick<Repositories, 'audit'> = this.repos): Promise<void> {
    await repos.audit.append({
      event: entry.event,
      outcome: entry.outcome,
      reason: bounded(entry.reason),
      staffId: bounded(entry.staffId),
      deviceId: bounded(entry.deviceId),
      sourceAddress: bounded(entry.sourceAddress),
      details: cleanDetails(entry.details),
      at: this.now(),
    });
  }

  /** The same, filling device and source address from an authenticated request. */
  async recordFor(
    request: FastifyRequest,
    entry: Omit<AuditEntry, 'deviceId' | 'sourceAddress'> & { deviceId?: string | null },
    repos?: Pick<Repositories, 'audit'>,
  ): Promise<void> {
    await this.record(
      {
        ...entry,
        deviceId: entry.deviceId ?? request.device?.id ?? null,
        staffId: entry.staffId ?? request.staffSession?.staffId ?? null,
        sourceAddress: request.ip,
      },
      repos,
    );
  }
}
