// The card half of a card login (DESIGN.md section 4, steps 1-3): what key the card holds, and
// the proof it signs for a gateway challenge. Pure apart from the card and gateway it is given.

import { createHash, X509Certificate } from 'node:crypto';
import { cardLoginSigningString, type LoginResponse } from '../../shared/gateway-api';
import { CardError, type CardKeyAlgorithm, type PivSession } from '../card/card-service';
import type { GatewayClient } from '../gateway/gateway-client';

/** The slot 9A key's algorithm, read from the certificate (RSA-2048 or P-256 only). */
export function cardKeyAlgorithm(certificateDer: Uint8Array): CardKeyAlgorithm {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificateDer);
  } catch (cause) {
    throw new CardError('CARD_ERROR', 'PIV Authentication certificate is not valid DER', { cause });
  }
  const details = cert.publicKey.asymmetricKeyDetails;
  if (cert.publicKey.asymmetricKeyType === 'rsa' && details?.modulusLength === 2048) return 'rsa2048';
  if (cert.publicKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'p256';
  throw new CardError('CARD_ERROR', 'PIV Authentication key is neither RSA-2048 nor P-256');
}

export type CardLoginStep = 'contacting-gateway' | 'signing';

/**
 * Challenge → card signs SHA-256 of the login string → card-login. The PIN must already be
 * verified on `piv`; nothing here sees it.
 */
export async function proveCardToGateway(input: {
  readonly piv: PivSession;
  readonly certificateDer: Uint8Array;
  readonly algorithm: CardKeyAlgorithm;
  readonly deviceId: string;
  readonly gateway: GatewayClient;
  readonly onStep: (step: CardLoginStep) => void;
}): Promise<LoginResponse> {
  input.onStep('contacting-gateway');
  const challenge = await input.gateway.challenge();
  input.onStep('signing');
  const digest = createHash('sha256')
    .update(cardLoginSigningString(challenge.challengeId, challenge.nonce, input.deviceId), 'utf8')
    .digest();
  const signature = await input.piv.signSha256Digest(new Uint8Array(digest), input.algorithm);
  input.onStep('contacting-gateway');
  return input.gateway.cardLogin({
    challengeId: challenge.challengeId,
    certificate: Buffer.from(input.certificateDer).toString('base64url'),
    signature: Buffer.from(signature).toString('base64url'),
  });
}
