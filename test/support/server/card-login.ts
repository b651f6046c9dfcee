// Card login as the kiosk does it, with a test card certificate and its private key standing in
// for the card: challenge → sign SHA-256 of cardLoginSigningString → POST /v1/card-login.

import { sign, type KeyObject } from 'node:crypto';
import {
  cardLoginSigningString,
  ROUTES,
  type ChallengeResponse,
  type LoginResponse,
} from '../../../src-main/shared/gateway-api';
import type { GatewayTestClient, TestDevice, TestResponse } from './client';

export interface TestCard {
  readonly certificateDer: Uint8Array;
  readonly privateKey: KeyObject;
}

/** What the card returns for GENERAL AUTHENTICATE: PKCS#1 v1.5 (RSA) or DER ECDSA (P-256). */
export function cardSign(privateKey: KeyObject, text: string): Buffer {
  return sign('sha256', Buffer.from(text, 'utf8'), privateKey);
}

export async function getChallenge(client: GatewayTestClient): Promise<ChallengeResponse> {
  const res = await client.send<ChallengeResponse>({ path: ROUTES.challenge });
  if (res.status !== 200) throw new Error(`challenge failed: ${res.status} ${res.text}`);
  return res.body;
}

export function cardLoginBody(card: TestCard, challenge: ChallengeResponse, device: TestDevice) {
  return {
    challengeId: challenge.challengeId,
    certificate: Buffer.from(card.certificateDer).toString('base64url'),
    signature: cardSign(card.privateKey, cardLoginSigningString(challenge.challengeId, challenge.nonce, device.deviceId)).toString(
      'base64url',
    ),
  };
}

/** The whole login; returns the raw response so tests can assert refusals. */
export async function cardLogin(client: GatewayTestClient, card: TestCard): Promise<TestResponse<LoginResponse>> {
  const device = client.device;
  if (device === undefined) throw new Error('cardLogin needs a client with a device');
  const challenge = await getChallenge(client);
  return client.send<LoginResponse>({ path: ROUTES.cardLogin, body: cardLoginBody(card, challenge, device) });
}
