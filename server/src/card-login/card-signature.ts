// The card's proof: a signature over SHA-256 of cardLoginSigningString (DESIGN.md 4.2), RSA
// PKCS#1 v1.5 (PIV alg 07) or ECDSA with a DER signature (PIV alg 11, P-256; P-384 accepted).

import { constants, type KeyObject } from 'node:crypto';
import { verifySignature } from '../pki/verify-signature';

export type CardKeyCheck = { ok: true } | { ok: false; reason: string };

export function checkCardKey(key: KeyObject): CardKeyCheck {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') {
    return (details?.modulusLength ?? 0) >= 2048 ? { ok: true } : { ok: false, reason: 'RSA key shorter than 2048 bits' };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve;
    return curve === 'prime256v1' || curve === 'secp384r1' ? { ok: true } : { ok: false, reason: 'unsupported curve' };
  }
  return { ok: false, reason: 'unsupported key type' };
}

/** Verified on the thread pool (see pki/verify-signature.ts); false for any malformed input. */
export function verifyCardSignature(key: KeyObject, signedText: string, signature: Buffer): Promise<boolean> {
  const data = Buffer.from(signedText, 'utf8');
  if (key.asymmetricKeyType === 'rsa') {
    return verifySignature('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  }
  return verifySignature('sha256', data, { key, dsaEncoding: 'der' }, signature);
}
