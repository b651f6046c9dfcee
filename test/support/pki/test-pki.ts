// A test PKI made by the tests (issue 4, DESIGN.md section 3): a trusted CA, an untrusted CA,
// card certificates for RSA-2048 and P-256 keys with the staff UUID in the subject serialNumber,
// and expired / not-yet-valid certificates for the negative cases. Used by the card tests, the
// gateway's card-login tests, the virtual cards of the demo and the end-to-end tests.
//
// CA keys are ECDSA P-256 in WebCrypto (fast to make); card keys are node KeyObjects because the
// virtual card needs raw private-key operations. RSA key generation costs ~150 ms here, so card
// keys are cached per (algorithm, staffUuid) within a process unless `freshKey` is asked for.

import 'reflect-metadata';
import { generateKeyPairSync, type KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type TestKeyAlgorithm = 'rsa2048' | 'p256';

export interface TestCa {
  readonly commonName: string;
  readonly certificateDer: Uint8Array;
  readonly certificatePem: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly certificate: x509.X509Certificate;
}

export interface CreateTestCaOptions {
  readonly commonName: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

export type CardKeyUsage = 'digitalSignature' | 'keyEncipherment' | 'nonRepudiation' | 'keyAgreement';

export interface IssueCardCertificateOptions {
  readonly staffUuid: string;
  readonly commonName: string;
  readonly algorithm: TestKeyAlgorithm;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Defaults to ['digitalSignature']. Pass e.g. ['keyEncipherment'] for a key-usage negative case. */
  readonly keyUsage?: readonly CardKeyUsage[];
  /** Extended key usages (OIDs); defaults to clientAuth. Pass [] to leave the extension out. */
  readonly extendedKeyUsage?: readonly string[];
  /** Make a new key instead of the per-process cached one for this staff member and algorithm. */
  readonly freshKey?: boolean;
}

export interface TestCardCertificate {
  readonly certificateDer: Uint8Array;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly algorithm: TestKeyAlgorithm;
  readonly staffUuid: string;
  readonly certificate: x509.X509Certificate;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_SIGNING: EcKeyGenParams & EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

const KEY_USAGE_FLAGS: Readonly<Record<CardKeyUsage, x509.KeyUsageFlags>> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
};

/** Escape a value for an RFC 4514 string (the parser of @peculiar/x509 reads these). */
function dnValue(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1');
}

function randomSerialHex(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

export async function createTestCa(options: CreateTestCaOptions): Promise<TestCa> {
  const keys = await webcrypto.subtle.generateKey(CA_SIGNING, true, ['sign', 'verify']);
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = options.notAfter ?? new Date(Date.now() + 3650 * DAY_MS);
  const name = `CN=${dnValue(options.commonName)}, O=ESR Kiosk Test, C=GB`;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(),
    name,
    notBefore,
    notAfter,
    keys: keys,
    signingAlgorithm: CA_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    commonName: options.commonName,
    certificateDer: new Uint8Array(certificate.rawData),
    certificatePem: certificate.toString('pem'),
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    certificate,
  };
}

const keyCache = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

function cardKeyPair(algorithm: TestKeyAlgorithm, cacheKey: string | null): { privateKey: KeyObject; publicKey: KeyObject } {
  if (cacheKey !== null) {
    const cached = keyCache.get(`${algorithm}:${cacheKey}`);
    if (cached) return cached;
  }
  const pair =
    algorithm === 'rsa2048'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (cacheKey !== null) keyCache.set(`${algorithm}:${cacheKey}`, pair);
  return pair;
}

export async function issueCardCertificate(
  ca: TestCa,
  options: IssueCardCertificateOptions,
): Promise<TestCardCertificate> {
  const { privateKey, publicKey } = cardKeyPair(options.algorithm, options.freshKey ? null : options.staffUuid);
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const usages = options.keyUsage ?? ['digitalSignature'];
  const usageFlags = usages.reduce<number>((flags, u) => flags | KEY_USAGE_FLAGS[u], 0);
  const eku = options.extendedKeyUsage ?? [x509.ExtendedKeyUsage.clientAuth];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    // A flag set is an OR of enum members, which the enum type cannot express.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
    new x509.KeyUsagesExtension(usageFlags, true),
    await x509.AuthorityKeyIdentifierExtension.create(ca.publicKey),
    await x509.SubjectKeyIdentifierExtension.create(spki),
  ];
  if (eku.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension([...eku]));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    // `SN` would mean surname in this library: the subject serialNumber is OID 2.5.4.5.
    subject: `CN=${dnValue(options.commonName)}, 2.5.4.5=${dnValue(options.staffUuid)}, O=NHS Test Trust, C=GB`,
    issuer: ca.certificate.subjectName,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY_MS),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY_MS),
    publicKey: spki,
    signingKey: ca.privateKey,
    signingAlgorithm: CA_SIGNING,
    extensions,
  });
  return {
    certificateDer: new Uint8Array(certificate.rawData),
    certificatePem: certificate.toString('pem'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    publicKey,
    algorithm: options.algorithm,
    staffUuid: options.staffUuid,
    certificate,
  };
}

/** A CA nobody configured as a trust anchor (same shape as the real one, different key). */
export function createUntrustedCa(commonName = 'ESR Kiosk Untrusted Test CA'): Promise<TestCa> {
  return createTestCa({ commonName });
}

type CardCertificateBase = Omit<IssueCardCertificateOptions, 'notBefore' | 'notAfter'>;

/** In date until yesterday: valid for a year that ended a day ago. */
export function issueExpiredCardCertificate(ca: TestCa, options: CardCertificateBase): Promise<TestCardCertificate> {
  return issueCardCertificate(ca, {
    ...options,
    notBefore: new Date(Date.now() - 366 * DAY_MS),
    notAfter: new Date(Date.now() - DAY_MS),
  });
}

/** Valid only from tomorrow. */
export function issueNotYetValidCardCertificate(ca: TestCa, options: CardCertificateBase): Promise<TestCardCertificate> {
  return issueCardCertificate(ca, {
    ...options,
    notBefore: new Date(Date.now() + DAY_MS),
    notAfter: new Date(Date.now() + 366 * DAY_MS),
  });
}

/** The staff UUID from a certificate's subject serialNumber (OID 2.5.4.5), or null. */
export function subjectSerialNumber(certificateDer: Uint8Array): string | null {
  const cert = new x509.X509Certificate(Buffer.from(certificateDer));
  const values = cert.subjectName.getField('2.5.4.5');
  return values[0] ?? null;
}

/** Check a certificate chains to `ca` (used by tests to prove the PKI itself is sound). */
export async function verifyIssuedBy(certificateDer: Uint8Array, ca: TestCa): Promise<boolean> {
  const cert = new x509.X509Certificate(Buffer.from(certificateDer));
  return cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
}
