// The `Authorization: Bearer <token>` check for routes marked `config: { sessionAuth: true }`
// (they are device-authenticated too: a token only works from the device it was issued to).

import type { FastifyRequest } from 'fastify';
import type { AuditWriter } from '../audit/writer';
import { ApiError } from '../errors';
import type { Storage } from '../storage/storage';
import type { AuthenticatedSession, SessionService } from './session-service';

export async function authenticateSession(
  request: FastifyRequest,
  storage: Storage,
  sessions: SessionService,
  audit: AuditWriter,
): Promise<AuthenticatedSession> {
  const device = request.device;
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/u.exec(header) : null;
  if (device === null || match?.[1] === undefined) {
    throw new ApiError('SESSION_INVALID', 'Sign in again.');
  }
  const check = await sessions.authenticate(storage, match[1], device.id);
  if (!check.ok) {
    // Unknown or malformed tokens are noise; a real session used wrongly is a security event.
    if (check.sessionId !== undefined) {
      await audit.recordFor(request, {
        event: 'session-use',
        outcome: 'failure',
        reason: `SESSION_INVALID:${check.reason}`,
        staffId: check.staffId ?? null,
        details: { sessionId: check.sessionId },
      });
    }
    throw new ApiError('SESSION_INVALID', 'Your session has ended. Sign in again.');
  }
  return check.session;
}

/** For handlers on session routes: the session the hook established. */
export function requireSession(request: FastifyRequest): AuthenticatedSession {
  if (request.staffSession === null) throw new ApiError('SESSION_INVALID', 'Sign in again.');
  return request.staffSession;
}
