// Card login (DESIGN.md 4.1-4.3): issue a challenge bound to the device, then check the card's
// answer: challenge fresh, for this device, consumed atomically (one attempt per challenge);
// certificate chains to a trusted card CA, in date, fit for signing; signature valid;
// certificate names an active staff member. Every outcome is audited.

import { randomBytes, randomUUID } from 'node:crypto';
import type { GatewayErrorCode } from '../../../src-main/shared/errors';
import {
  cardLoginSigningString,
  type CardLoginRequest,
  type ChallengeResponse,
  type LoginResponse,
} from '../../../src-main/shared/gateway-api';
import type { GatewayContext } from '../app';
import { ApiError } from '../errors';
import type { AuthenticatedDevice } from '../device/request-verifier';
import { checkCardKey, verifyCardSignature } from './card-signature';
import { CertificateRejected, validateCardCertificate } from './certificate-validator';
import { normaliseSerial } from './revoked-sessions';
import { findStaffForCertificate } from './staff-mapping';

export async function issueChallenge(gateway: GatewayContext, device: AuthenticatedDevice, sourceAddress: string): Promise<ChallengeResponse> {
  const now = gateway.clock.now();
  const challenge = {
    id: randomUUID(),
    deviceId: device.id,
    nonce: randomBytes(32).toString('base64url'),
    createdAt: now,
    expiresAt: now + gateway.config.challengeTtlSeconds * 1000,
  };
  await gateway.storage.transaction(async (repos) => {
    await repos.challenges.insert(challenge);
    await gateway.audit.record(
      { event: 'card-challenge', outcome: 'success', deviceId: device.id, sourceAddress, details: { challengeId: challenge.id } },
      repos,
    );
  });
  return { challengeId: challenge.id, nonce: challenge.nonce, expiresAt: new Date(challenge.expiresAt).toISOString() };
}

const MESSAGES: Partial<Record<GatewayErrorCode, string>> = {
  CHALLENGE_UNKNOWN: 'The sign-in challenge is not known. Start again.',
  CHALLENGE_EXPIRED: 'The sign-in challenge has expired. Start again.',
  CHALLENGE_USED: 'The sign-in challenge was already used. Start again.',
  CHALLENGE_WRONG_DEVICE: 'The sign-in challenge was issued to another computer.',
  CARD_SIGNATURE_INVALID: "The card's signature is not valid.",
  CERTIFICATE_INVALID: "The card's certificate cannot be read.",
  CERTIFICATE_UNTRUSTED: "The card's certificate is not from a trusted card issuer.",
  CERTIFICATE_EXPIRED: "The card's certificate has expired.",
  CERTIFICATE_NOT_YET_VALID: "The card's certificate is not valid yet.",
  CERTIFICATE_REVOKED: "The card's certificate has been revoked.",
  CERTIFICATE_KEY_USAGE: "The card's certificate is not meant for signing in.",
  STAFF_NOT_FOUND: 'This card does not belong to a known member of staff.',
  STAFF_INACTIVE: 'This account is not active.',
};

interface Failure {
  readonly code: GatewayErrorCode;
  readonly detail?: string;
  readonly staffId?: string | null;
  readonly fingerprint?: string | null;
}

export interface CardLoginHooks {
  /** Runs once the card is known to name an active staff member; throw to refuse (rate limit). */
  readonly beforeSession?: (staffId: string) => Promise<void>;
}

export async function completeCardLogin(
  gateway: GatewayContext,
  device: AuthenticatedDevice,
  request: CardLoginRequest,
  sourceAddress: string,
  hooks: CardLoginHooks = {},
): Promise<LoginResponse> {
  const now = gateway.clock.now();
  const fail = async (failure: Failure): Promise<never> => {
    await gateway.audit.record({
      event: 'card-login',
      outcome: 'failure',
      reason: failure.code,
      staffId: failure.staffId ?? null,
      deviceId: device.id,
      sourceAddress,
      details: {
        challengeId: request.challengeId,
        certificateFingerprint: failure.fingerprint ?? null,
        detail: failure.detail ?? null,
      },
    });
    throw new ApiError(failure.code, MESSAGES[failure.code]);
  };

  const challenge = await gateway.storage.challenges.findById(request.challengeId);
  if (challenge === null) return fail({ code: 'CHALLENGE_UNKNOWN' });
  if (challenge.deviceId !== device.id) return fail({ code: 'CHALLENGE_WRONG_DEVICE' });
  if (challenge.consumedAt !== null) return fail({ code: 'CHALLENGE_USED' });
  if (now >= challenge.expiresAt) return fail({ code: 'CHALLENGE_EXPIRED' });
  // One attempt per challenge: consume before checking anything the client sent.
  if (!(await gateway.storage.challenges.consume(challenge.id, now))) return fail({ code: 'CHALLENGE_USED' });

  const trust = gateway.cardTrust; // one snapshot for the whole check (it may be reloaded)
  let validated;
  try {
    validated = await validateCardCertificate(Buffer.from(request.certificate, 'base64url'), trust, now);
  } catch (error) {
    if (error instanceof CertificateRejected) return fail({ code: error.code, detail: error.detail });
    throw error;
  }
  const fingerprint = validated.fingerprint;
  const key = validated.leaf.node.publicKey;
  const keyCheck = checkCardKey(key);
  if (!keyCheck.ok) return fail({ code: 'CERTIFICATE_INVALID', detail: keyCheck.reason, fingerprint });
  const signedText = cardLoginSigningString(challenge.id, challenge.nonce, device.id);
  if (!(await verifyCardSignature(key, signedText, Buffer.from(request.signature, 'base64url')))) {
    return fail({ code: 'CARD_SIGNATURE_INVALID', fingerprint });
  }

  const staff = await findStaffForCertificate(gateway.storage, validated.leaf.parsed, trust.staffMapping);
  if (staff === null) return fail({ code: 'STAFF_NOT_FOUND', fingerprint });
  if (staff.status !== 'active') return fail({ code: 'STAFF_INACTIVE', staffId: staff.id, fingerprint });
  try {
    await hooks.beforeSession?.(staff.id);
  } catch (error) {
    if (error instanceof ApiError) {
      await gateway.audit.record({
        event: 'card-login',
        outcome: 'failure',
        reason: error.code,
        staffId: staff.id,
        deviceId: device.id,
        sourceAddress,
        details: { challengeId: challenge.id, certificateFingerprint: fingerprint },
      });
    }
    throw error;
  }

  const issued = await gateway.storage.transaction(async (repos) => {
    const session = await gateway.sessions.issue(repos, {
      staffId: staff.id,
      deviceId: device.id,
      method: 'card',
      certificate: { fingerprint, issuer: validated.leaf.parsed.issuer, serial: normaliseSerial(validated.leaf.parsed.serialNumber) },
    });
    await gateway.audit.record(
      {
        event: 'card-login',
        outcome: 'success',
        staffId: staff.id,
        deviceId: device.id,
        sourceAddress,
        details: { challengeId: challenge.id, certificateFingerprint: fingerprint, sessionId: session.sessionId },
      },
      repos,
    );
    return session;
  });
  return {
    sessionToken: issued.token,
    person: { displayName: staff.displayName, username: staff.username },
    expiresAt: new Date(issued.expiresAt).toISOString(),
  };
}
