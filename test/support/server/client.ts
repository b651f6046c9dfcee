// An HTTPS client for gateway tests: trusts the test gateway's CA, signs requests with a device
// key exactly as the kiosk does (src-main/core/device/request-signer.ts), and returns status,
// headers and parsed JSON. Lets a test send raw bodies and bad headers to play an attacker.

import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signDeviceRequest, type SignOptions } from '../../../src-main/core/device/request-signer';
import type { EnrollResponse, GatewayErrorBody } from '../../../src-main/shared/gateway-api';
import { ROUTES } from '../../../src-main/shared/gateway-api';

export interface TestDevice {
  readonly deviceId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface TestResponse<T = unknown> {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** Parsed JSON, or null. */
  readonly body: T;
}

export interface TestRequest {
  readonly method?: string;
  readonly path: string;
  /** Serialized with JSON.stringify unless `rawBody` is given. */
  readonly body?: unknown;
  readonly rawBody?: string | Buffer;
  readonly contentType?: string;
  /** Bearer session token. */
  readonly token?: string;
  /** Sign with this device (default: the client's device; `null` sends unsigned). */
  readonly device?: TestDevice | null;
  readonly signOptions?: SignOptions;
  /** Extra or overriding headers (applied after signing). */
  readonly headers?: Record<string, string>;
  /** Sign this body hash input instead of the body sent (to forge a mismatch). */
  readonly signBodyOverride?: string;
}

export class GatewayTestClient {
  private readonly agent: Agent;

  constructor(
    private readonly options: { port: number; caPem: string; device?: TestDevice | undefined; now: () => number },
  ) {
    this.agent = new Agent({ ca: options.caPem, keepAlive: true, maxSockets: 16 });
  }

  get device(): TestDevice | undefined {
    return this.options.device;
  }

  withDevice(device: TestDevice): GatewayTestClient {
    return new GatewayTestClient({ ...this.options, device });
  }

  async send<T = unknown>(req: TestRequest): Promise<TestResponse<T>> {
    const method = req.method ?? 'POST';
    const payload =
      req.rawBody !== undefined ? Buffer.from(req.rawBody) : req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string> = {};
    if (payload !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const device = req.device === undefined ? this.options.device : req.device;
    if (device !== null && device !== undefined) {
      Object.assign(
        headers,
        signDeviceRequest(
          device,
          { method, pathWithQuery: req.path, body: req.signBodyOverride ?? payload },
          { now: this.options.now(), ...req.signOptions },
        ),
      );
    }
    if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
    Object.assign(headers, req.headers);
    return new Promise<TestResponse<T>>((resolve, reject) => {
      const r = httpsRequest(
        { host: '127.0.0.1', servername: 'localhost', port: this.options.port, path: req.path, method, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = null;
            try {
              body = text === '' ? null : JSON.parse(text);
            } catch {
              body = null;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: body as T });
          });
          res.on('error', reject);
        },
      );
      r.on('error', reject);
      r.setTimeout(15_000, () => r.destroy(new Error('test request timed out')));
      if (payload !== undefined) r.write(payload);
      r.end();
    });
  }

  /** Enrolls a new P-256 key with `token`; returns the device for signing. */
  async enroll(token: string, hostname: string): Promise<TestDevice> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const res = await this.send<EnrollResponse>({
      path: ROUTES.enroll,
      device: null,
      body: { enrollmentToken: token, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'), hostname },
    });
    if (res.status !== 200) throw new Error(`enroll failed: ${res.status} ${res.text}`);
    return { deviceId: res.body.deviceId, privateKey, publicKey };
  }

  close(): void {
    this.agent.destroy();
  }
}

export function errorCode(res: TestResponse): string | undefined {
  return (res.body as GatewayErrorBody | null)?.error.code;
}
