// Small X.509 issuing helpers over @peculiar/x509 and Node's webcrypto: enough for `server init`
// (a development CA and the gateway's TLS certificate). Production deployments bring their own.

import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

export type KeyAlgorithm = 'p256' | 'rsa2048';

const ALGORITHMS = {
  p256: { generate: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  rsa2048: {
    generate: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  },
} as const;

export interface IssuedKeyPair {
  readonly algorithm: KeyAlgorithm;
  readonly keys: webcrypto.CryptoKeyPair;
}

export interface IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  readonly certPem: string;
  readonly keyPem: string;
  readonly key: IssuedKeyPair;
}

export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<IssuedKeyPair> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHMS[algorithm].generate, true, ['sign', 'verify']));
  return { algorithm, keys };
}

export async function privateKeyPem(pair: IssuedKeyPair): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', pair.keys.privateKey);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

export async function importPrivateKeyPem(pem: string, certificate: x509.X509Certificate): Promise<IssuedKeyPair> {
  const algorithm: KeyAlgorithm = certificate.publicKey.algorithm.name === 'ECDSA' ? 'p256' : 'rsa2048';
  const der = x509.PemConverter.decodeFirst(pem);
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHMS[algorithm].generate, true, ['sign']);
  const publicKey = await certificate.publicKey.export(ALGORITHMS[algorithm].generate, ['verify']);
  return { algorithm, keys: { privateKey, publicKey } };
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return bytes.toString('hex');
}

export interface CertificateRequest {
  /** e.g. `CN=ESR Gateway Dev CA, O=ESR Kiosk`; `2.5.4.5=<uuid>` for a subject serialNumber. */
  readonly subject: string;
  readonly key: IssuedKeyPair;
  /** Omitted: self-signed. */
  readonly issuer?: { readonly certificate: x509.X509Certificate; readonly key: IssuedKeyPair };
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly ca?: boolean;
  /** For a CA: how many intermediate CAs may follow it. */
  readonly pathLength?: number;
  /** An OR of x509.KeyUsageFlags. */
  readonly keyUsages: number;
  readonly extendedKeyUsages?: readonly string[];
  readonly subjectAltNames?: readonly x509.JsonGeneralName[];
}

export async function issueCertificate(request: CertificateRequest): Promise<IssuedCertificate> {
  const signer = request.issuer?.key ?? request.key;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(request.ca === true, request.pathLength, true),
    // A flag set is an OR of enum members, which the enum type cannot express.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
    new x509.KeyUsagesExtension(request.keyUsages, true),
    await x509.SubjectKeyIdentifierExtension.create(request.key.keys.publicKey),
  ];
  if (request.issuer !== undefined) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(request.issuer.certificate));
  }
  if (request.extendedKeyUsages !== undefined) {
    extensions.push(new x509.ExtendedKeyUsageExtension([...request.extendedKeyUsages]));
  }
  if (request.subjectAltNames !== undefined) {
    extensions.push(new x509.SubjectAlternativeNameExtension([...request.subjectAltNames]));
  }
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: request.subject,
    issuer: request.issuer?.certificate.subject ?? request.subject,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    signingAlgorithm: ALGORITHMS[signer.algorithm].sign,
    publicKey: request.key.keys.publicKey,
    signingKey: signer.keys.privateKey,
    extensions,
  });
  return { certificate, certPem: certificate.toString('pem'), keyPem: await privateKeyPem(request.key), key: request.key };
}

const DAY = 24 * 3600 * 1000;

/** A development CA (P-256) for the gateway's TLS, valid for `days`. */
export async function createDevCa(options: { commonName: string; now: Date; days: number }): Promise<IssuedCertificate> {
  return issueCertificate({
    subject: `CN=${options.commonName}, O=ESR Kiosk development`,
    key: await generateKeyPair('p256'),
    notBefore: new Date(options.now.getTime() - 60_000),
    notAfter: new Date(options.now.getTime() + options.days * DAY),
    ca: true,
    keyUsages: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
  });
}

/** The gateway's TLS certificate for the given host names and IP addresses, issued by `ca`. */
export async function issueServerCertificate(
  ca: IssuedCertificate,
  options: { hostnames: readonly string[]; ips: readonly string[]; now: Date; days: number },
): Promise<IssuedCertificate> {
  return issueCertificate({
    subject: `CN=${options.hostnames[0] ?? 'localhost'}, O=ESR Kiosk development`,
    key: await generateKeyPair('p256'),
    issuer: { certificate: ca.certificate, key: ca.key },
    notBefore: new Date(options.now.getTime() - 60_000),
    notAfter: new Date(options.now.getTime() + options.days * DAY),
    keyUsages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
    extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth],
    subjectAltNames: [
      ...options.hostnames.map((value) => ({ type: 'dns' as const, value })),
      ...options.ips.map((value) => ({ type: 'ip' as const, value })),
    ],
  });
}
