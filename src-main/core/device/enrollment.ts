// Enrolment: make the device key, register its public half with the gateway using a one-time
// token from IT, and only then store it. A failed enrolment leaves nothing behind; the token is
// never logged or put in an error message.

import type { EnrollRequest, EnrollResponse } from '../../shared/gateway-api';
import type { CredentialStore } from '../credentials/credential-store';
import { deleteDeviceIdentity, generateDeviceKeyPair, loadDeviceIdentity, saveDeviceIdentity } from './device-key';

export type PostEnroll = (body: EnrollRequest) => Promise<EnrollResponse>;

export class EnrollmentError extends Error {
  constructor(
    readonly code: 'ENROLLMENT_TOKEN_FORMAT' | 'ALREADY_ENROLLED' | 'ENROLLMENT_NOT_SAVED',
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'EnrollmentError';
  }
}

// Gateway tokens are base64url; allow any URL-safe printable token up to 512 characters.
const TOKEN_FORMAT = /^[A-Za-z0-9._~+/=-]{16,512}$/;

export interface EnrollOptions {
  readonly token: string;
  readonly store: CredentialStore;
  readonly hostname: string;
  readonly postEnroll: PostEnroll;
  /** Replace an existing enrolment (re-enrol). Default false: refuse. */
  readonly replace?: boolean;
}

export async function enrollDevice(options: EnrollOptions): Promise<{ deviceId: string }> {
  const token = options.token.trim();
  if (!TOKEN_FORMAT.test(token)) {
    throw new EnrollmentError('ENROLLMENT_TOKEN_FORMAT', 'the enrolment token is not in the expected format (16-512 URL-safe characters)');
  }
  if (!options.replace && (await isEnrolled(options.store))) {
    throw new EnrollmentError('ALREADY_ENROLLED', 'this computer is already enrolled; unenrol it first or pass replace');
  }
  const keyPair = generateDeviceKeyPair();
  // Errors from the gateway (e.g. ENROLLMENT_TOKEN_INVALID) pass through unchanged.
  const { deviceId } = await options.postEnroll({
    enrollmentToken: token,
    publicKey: keyPair.publicKeySpki,
    hostname: options.hostname,
  });
  try {
    await deleteDeviceIdentity(options.store);
    await saveDeviceIdentity(options.store, { deviceId, privateKey: keyPair.privateKey });
  } catch (cause) {
    await deleteDeviceIdentity(options.store).catch(() => undefined);
    throw new EnrollmentError(
      'ENROLLMENT_NOT_SAVED',
      `the gateway enrolled device ${deviceId} but its key could not be stored; retire it on the gateway and enrol again`,
      { cause },
    );
  }
  return { deviceId };
}

/** Removes the device key and id from this computer. The gateway keeps its record until IT retires it. */
export async function unenroll(store: CredentialStore): Promise<boolean> {
  return deleteDeviceIdentity(store);
}

export async function isEnrolled(store: CredentialStore): Promise<boolean> {
  try {
    return (await loadDeviceIdentity(store)) !== null;
  } catch {
    // A partial or corrupt identity cannot sign: the computer needs enrolling again.
    return false;
  }
}
