// The SELECT column lists that give each record its shape (snake_case columns aliased to the
// record's camelCase fields). Plain SQL both SQLite and PostgreSQL accept, so both stores read
// rows straight into records through the same lists.

export const STAFF_COLUMNS = `id, display_name AS "displayName", username, email, date_of_birth AS "dateOfBirth", status,
  failed_login_count AS "failedLoginCount", locked_at AS "lockedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

export const DEVICE_COLUMNS = `id, public_key AS "publicKey", hostname, enrolled_at AS "enrolledAt", revoked_at AS "revokedAt",
  last_seen_at AS "lastSeenAt"`;

export const ENROLLMENT_TOKEN_COLUMNS = `id, token_hash AS "tokenHash", label, created_at AS "createdAt", expires_at AS "expiresAt",
  used_at AS "usedAt", used_by_device_id AS "usedByDeviceId"`;

export const CHALLENGE_COLUMNS = `id, device_id AS "deviceId", nonce, created_at AS "createdAt", expires_at AS "expiresAt",
  consumed_at AS "consumedAt"`;

export const SESSION_COLUMNS = `id, token_hash AS "tokenHash", staff_id AS "staffId", device_id AS "deviceId", method,
  certificate_fingerprint AS "certificateFingerprint", certificate_issuer AS "certificateIssuer",
  certificate_serial AS "certificateSerial", created_at AS "createdAt", last_used_at AS "lastUsedAt",
  absolute_expires_at AS "absoluteExpiresAt", revoked_at AS "revokedAt", revoked_reason AS "revokedReason"`;

export const OPEN_CARD_SESSION_COLUMNS = `id, staff_id AS "staffId", device_id AS "deviceId",
  certificate_fingerprint AS "certificateFingerprint", certificate_issuer AS "certificateIssuer",
  certificate_serial AS "certificateSerial"`;

export const RECOVERY_TOKEN_COLUMNS = `id, token_hash AS "tokenHash", staff_id AS "staffId", created_at AS "createdAt",
  expires_at AS "expiresAt", used_at AS "usedAt"`;

/** `details` is JSON text: parse it with auditDetails (record-values.ts). */
export const AUDIT_COLUMNS = `id, at, event, outcome, reason, staff_id AS "staffId", device_id AS "deviceId",
  source_address AS "sourceAddress", details`;

/** Bodies may be NULL (cleared once sent): read them as '' into an OutboxEntry. */
export const OUTBOX_ENTRY_COLUMNS = `id, kind, to_address AS "to", subject, text_body AS "text", html_body AS "html",
  message_id AS "messageId", attempts, discard_after AS "discardAfter"`;

export const OUTBOX_STATUS_COLUMNS = `id, kind, to_address AS "to", attempts, sent_at AS "sentAt", failed_at AS "failedAt",
  last_error AS "lastError"`;
