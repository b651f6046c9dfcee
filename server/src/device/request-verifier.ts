// Verifies that a request comes from an enrolled device (DESIGN.md section 5). Two steps:
// on arrival (before the body is read) the headers, the clock skew and the device record;
// after the body is read, the ECDSA P-256 signature over deviceSigningString and then the nonce
// (remembered only once the signature is good, so nobody can burn a device's nonces).

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { GatewayErrorCode } from '../../../src-main/shared/errors';
import { DEVICE_HEADERS, DEVICE_MAX_SKEW_MS, deviceSigningString } from '../../../src-main/shared/gateway-api';
import type { AuditWriter } from '../audit/writer';
import { verifySignature } from '../pki/verify-signature';
import { ApiError } from '../errors';
import type { Storage } from '../storage/storage';
import type { DeviceRecord } from '../storage/types';

export interface AuthenticatedDevice {
  readonly id: string;
  readonly hostname: string;
}

interface PendingDevice {
  readonly record: DeviceRecord;
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/u;
const DEVICE_ID = /^[A-Za-z0-9-]{1,64}$/u;
const pending = new WeakMap<FastifyRequest, PendingDevice>();

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export class DeviceRequestVerifier {
  /**
   * Parsed device keys by device id, each with the stored text it was parsed from: a key is used
   * only while the device record (read on every request) still holds exactly that text and is
   * not revoked, so a revoked or re-keyed device never verifies with a cached key.
   */
  private readonly keys = new Map<string, { readonly text: string; readonly key: KeyObject }>();

  constructor(
    private readonly storage: Storage,
    private readonly audit: AuditWriter,
    private readonly now: () => number,
  ) {}

  private async refuse(request: FastifyRequest, code: GatewayErrorCode, deviceId: string | null): Promise<never> {
    await this.audit.record({ event: 'device-auth', outcome: 'failure', reason: code, deviceId, sourceAddress: request.ip });
    throw new ApiError(code, MESSAGES[code]);
  }

  /** onRequest: headers, skew, enrolled and not revoked. */
  async checkHeaders(request: FastifyRequest): Promise<void> {
    const id = header(request, DEVICE_HEADERS.id);
    const timestamp = header(request, DEVICE_HEADERS.timestamp);
    const nonce = header(request, DEVICE_HEADERS.nonce);
    const signature = header(request, DEVICE_HEADERS.signature);
    if (id === undefined || !DEVICE_ID.test(id)) return this.refuse(request, 'DEVICE_NOT_ENROLLED', null);
    if (
      timestamp === undefined || !/^\d{1,16}$/u.test(timestamp) ||
      nonce === undefined || !BASE64URL.test(nonce) || nonce.length < 22 || nonce.length > 128 ||
      signature === undefined || !BASE64URL.test(signature) || signature.length > 200
    ) {
      return this.refuse(request, 'DEVICE_SIGNATURE_INVALID', null);
    }
    if (Math.abs(this.now() - Number(timestamp)) > DEVICE_MAX_SKEW_MS) {
      return this.refuse(request, 'DEVICE_CLOCK_SKEW', null);
    }
    const record = await this.storage.devices.findById(id);
    if (record === null || record.revokedAt !== null) {
      this.keys.delete(id);
      return this.refuse(request, 'DEVICE_NOT_ENROLLED', null);
    }
    pending.set(request, { record, timestamp, nonce, signature: Buffer.from(signature, 'base64url') });
  }

  /** preValidation: signature over the exact bytes received, then the nonce. */
  async checkSignature(request: FastifyRequest): Promise<AuthenticatedDevice> {
    const p = pending.get(request);
    if (p === undefined) return this.refuse(request, 'DEVICE_NOT_ENROLLED', null);
    const text = deviceSigningString({
      method: request.method,
      pathWithQuery: request.url,
      timestamp: p.timestamp,
      nonce: p.nonce,
      bodySha256: createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('base64url'),
    });
    let valid = false;
    try {
      // On the thread pool (pki/verify-signature.ts): the event loop serves other requests meanwhile.
      valid = await verifySignature('sha256', Buffer.from(text, 'utf8'), { key: this.publicKey(p.record), dsaEncoding: 'der' }, p.signature);
    } catch {
      valid = false; // a stored key that does not parse
    }
    if (!valid) return this.refuse(request, 'DEVICE_SIGNATURE_INVALID', p.record.id);
    const fresh = await this.storage.deviceNonces.remember(p.record.id, p.nonce, Number(p.timestamp) + DEVICE_MAX_SKEW_MS);
    if (!fresh) return this.refuse(request, 'DEVICE_NONCE_REPLAYED', p.record.id);
    await this.storage.devices.touch(p.record.id, this.now());
    return { id: p.record.id, hostname: p.record.hostname };
  }

  private publicKey(record: DeviceRecord): KeyObject {
    const cached = this.keys.get(record.id);
    if (cached?.text === record.publicKey) return cached.key;
    const key = createPublicKey({ key: Buffer.from(record.publicKey, 'base64url'), format: 'der', type: 'spki' });
    if (this.keys.size > 10_000) this.keys.clear();
    this.keys.set(record.id, { text: record.publicKey, key });
    return key;
  }

  /** How many parsed device keys are held (tests). */
  cachedKeyCount(): number {
    return this.keys.size;
  }
}

const MESSAGES: Partial<Record<GatewayErrorCode, string>> = {
  DEVICE_NOT_ENROLLED: 'This computer is not enrolled with the gateway.',
  DEVICE_SIGNATURE_INVALID: 'The device signature on this request is not valid.',
  DEVICE_CLOCK_SKEW: "This computer's clock differs from the gateway's by more than 5 minutes.",
  DEVICE_NONCE_REPLAYED: 'This request was already received once.',
};
