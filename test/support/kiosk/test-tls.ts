// A TLS server certificate for 127.0.0.1 issued by a test CA, for tests that start their own
// HTTPS server (the gateway client's error mapping). P-256 keys: quick to make.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createTestCa, type TestCa } from '../pki/test-pki';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG: EcKeyGenParams & EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface TestTls {
  readonly ca: TestCa;
  readonly certPem: string;
  readonly keyPem: string;
}

export async function createTestTls(options: { caName?: string; host?: string; notAfter?: Date } = {}): Promise<TestTls> {
  const ca = await createTestCa({ commonName: options.caName ?? 'ESR Kiosk Test TLS CA' });
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const host = options.host ?? '127.0.0.1';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '01' + Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
    subject: `CN=${host}`,
    issuer: ca.certificate.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: options.notAfter ?? new Date(Date.now() + 24 * 3600_000),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ip' : 'dns', value: host }]),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  return { ca, certPem: cert.toString('pem'), keyPem };
}
