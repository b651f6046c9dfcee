// The device key (DESIGN.md section 5): a P-256 key pair made on this computer at enrolment.
// The private key (PKCS#8 PEM) and the gateway's deviceId live only in the CredentialStore.

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CREDENTIAL_NAMES, type CredentialStore } from '../credentials/credential-store';
import type { DeviceIdentity } from './request-signer';

export interface DeviceKeyPair {
  readonly privateKey: KeyObject;
  /** SPKI DER, base64url: what /v1/devices/enroll takes. */
  readonly publicKeySpki: string;
}

export class DeviceIdentityError extends Error {
  constructor(
    readonly code: 'DEVICE_KEY_CORRUPT' | 'DEVICE_KEY_PARTIAL',
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'DeviceIdentityError';
  }
}

export function generateDeviceKeyPair(): DeviceKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url') };
}

export function publicKeySpkiOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64url');
}

/** Stores the key first, then the id: a device id without its key would be a broken identity. */
export async function saveDeviceIdentity(store: CredentialStore, identity: DeviceIdentity): Promise<void> {
  const pem = identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await store.set(CREDENTIAL_NAMES.devicePrivateKey, pem);
  await store.set(CREDENTIAL_NAMES.deviceId, identity.deviceId);
}

/** The enrolled identity, or null when this computer is not enrolled. */
export async function loadDeviceIdentity(store: CredentialStore): Promise<DeviceIdentity | null> {
  const [pem, deviceId] = await Promise.all([
    store.get(CREDENTIAL_NAMES.devicePrivateKey),
    store.get(CREDENTIAL_NAMES.deviceId),
  ]);
  if (pem === null && deviceId === null) return null;
  if (pem === null || deviceId === null || deviceId === '') {
    throw new DeviceIdentityError('DEVICE_KEY_PARTIAL', 'the credential store holds only part of the device identity; enrol again');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new DeviceIdentityError('DEVICE_KEY_CORRUPT', 'the stored device key cannot be read; enrol again', { cause });
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new DeviceIdentityError('DEVICE_KEY_CORRUPT', 'the stored device key is not a P-256 key; enrol again');
  }
  return { deviceId, privateKey };
}

/** Removes the identity; true when anything was there. */
export async function deleteDeviceIdentity(store: CredentialStore): Promise<boolean> {
  const id = await store.delete(CREDENTIAL_NAMES.deviceId);
  const key = await store.delete(CREDENTIAL_NAMES.devicePrivateKey);
  return id || key;
}
