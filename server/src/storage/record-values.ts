// Record → column values, shared by the SQLite and PostgreSQL repositories. Each list is in the
// order of the column list of that table's INSERT in both stores (the SQL itself stays per
// dialect: `?` against `$n`), so what a field becomes in the database is decided once: emails
// lower-cased, absent optional audit fields stored as NULL, details as JSON text.

import type { AuditEvent, AuditRecord, NewSession, NewStaff } from './types';

export type ColumnValue = string | number | boolean | null;

/** `(id, display_name, username, email, date_of_birth, status)` */
export function staffValues(staff: NewStaff): ColumnValue[] {
  return [staff.id, staff.displayName, staff.username, staff.email.toLowerCase(), staff.dateOfBirth, staff.status];
}

/**
 * `(id, token_hash, staff_id, device_id, method, certificate_fingerprint, created_at,
 * last_used_at, absolute_expires_at, certificate_issuer, certificate_serial)`
 */
export function sessionValues(session: NewSession): ColumnValue[] {
  return [
    session.id,
    session.tokenHash,
    session.staffId,
    session.deviceId,
    session.method,
    session.certificateFingerprint,
    session.createdAt,
    session.lastUsedAt,
    session.absoluteExpiresAt,
    session.certificateIssuer ?? null,
    session.certificateSerial ?? null,
  ];
}

/** `(at, event, outcome, reason, staff_id, device_id, source_address, details)` */
export function auditValues(event: AuditEvent): ColumnValue[] {
  return [
    event.at,
    event.event,
    event.outcome,
    event.reason ?? null,
    event.staffId ?? null,
    event.deviceId ?? null,
    event.sourceAddress ?? null,
    event.details === undefined || event.details === null ? null : JSON.stringify(event.details),
  ];
}

/** The `details` column back into an object. */
export function auditDetails(text: string | null): AuditRecord['details'] {
  return text === null ? null : (JSON.parse(text) as AuditRecord['details']);
}
