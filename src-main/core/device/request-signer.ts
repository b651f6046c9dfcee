// Signs every kiosk request with the device key (DESIGN.md section 5), so the gateway knows the
// request comes from an enrolled, trusted computer. The canonical text is built in shared.

import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { DEVICE_HEADERS, deviceSigningString } from '../../shared/gateway-api';

export interface DeviceIdentity {
  readonly deviceId: string;
  /** P-256 private key. */
  readonly privateKey: KeyObject;
}

export interface RequestToSign {
  readonly method: string;
  readonly pathWithQuery: string;
  /** The raw body bytes exactly as sent; undefined when there is none. */
  readonly body?: Uint8Array | string | undefined;
}

export interface SignOptions {
  /** Unix ms; tests pass a fixed clock. */
  readonly now?: number;
  /** Tests pass fixed bytes; otherwise 16 random bytes. */
  readonly nonce?: Uint8Array;
}

export function sha256Base64url(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('base64url');
}

/** The four X-Device-* headers for one request. */
export function signDeviceRequest(
  identity: DeviceIdentity,
  request: RequestToSign,
  options: SignOptions = {},
): Record<string, string> {
  const timestamp = String(options.now ?? Date.now());
  const nonce = Buffer.from(options.nonce ?? randomBytes(16)).toString('base64url');
  const text = deviceSigningString({
    method: request.method,
    pathWithQuery: request.pathWithQuery,
    timestamp,
    nonce,
    bodySha256: sha256Base64url(request.body ?? ''),
  });
  // ECDSA P-256 over SHA-256; Node returns DER by default, which is what the gateway expects.
  const signature = sign('sha256', Buffer.from(text, 'utf8'), identity.privateKey).toString('base64url');
  return {
    [DEVICE_HEADERS.id]: identity.deviceId,
    [DEVICE_HEADERS.timestamp]: timestamp,
    [DEVICE_HEADERS.nonce]: nonce,
    [DEVICE_HEADERS.signature]: signature,
  };
}
