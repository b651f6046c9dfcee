// One HTTPS exchange with the gateway: trusts only the configured CA, signs the exact bytes it
// sends with the device key, bounds time and response size, and turns every failure into a
// GatewayError. Retries live one level up, in the client, where idempotency is known.

import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { signDeviceRequest, type DeviceIdentity } from '../device/request-signer';
import { GatewayError, transportErrorCode } from './gateway-error';

export interface HttpsTransportOptions {
  /** e.g. `https://gateway.trust.nhs.uk:8443` (any path on it is ignored). */
  readonly baseUrl: string;
  /**
   * PEM of the CA(s) that issued the gateway's TLS certificate; then nothing else is trusted.
   * Null or absent: the system's roots (a gateway with a publicly trusted certificate).
   */
  readonly ca?: string | readonly string[] | null;
  /** Whole exchange, connect to last byte. Default 10 s. */
  readonly timeoutMs?: number;
  /** Largest response body accepted. Default 256 KiB. */
  readonly maxResponseBytes?: number;
}

export interface RawRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly bearer?: string | undefined;
  /** Null only for enrollment, before the device has an identity. */
  readonly identity: DeviceIdentity | null;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export class HttpsTransport {
  private readonly agent: https.Agent;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: HttpsTransportOptions) {
    this.base = new URL(options.baseUrl);
    if (this.base.protocol !== 'https:') throw new Error('gateway URL must be https');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 256 * 1024;
    this.agent = new https.Agent({
      ...(options.ca == null ? {} : { ca: typeof options.ca === 'string' ? options.ca : [...options.ca] }),
      keepAlive: true,
      maxSockets: 4,
      minVersion: 'TLSv1.2',
    });
  }

  close(): void {
    this.agent.destroy();
  }

  send(request: RawRequest): Promise<RawResponse> {
    const bodyText = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (bodyText !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(bodyText));
    }
    if (request.identity) {
      Object.assign(headers, signDeviceRequest(request.identity, { method: request.method, pathWithQuery: request.path, body: bodyText }));
    }
    if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;

    const label = `${request.method} ${request.path}`;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const fail = (error: GatewayError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const req = https.request(
        {
          protocol: 'https:',
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port === '' ? 443 : Number(this.base.port),
          method: request.method,
          path: request.path,
          headers,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes) {
              fail(new GatewayError('GATEWAY_PROTOCOL', `${label}: response larger than ${this.maxResponseBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (error) => {
            fail(new GatewayError(transportErrorCode(error), `${label}: response failed`, { cause: error }));
          });
        },
      );
      const timer = setTimeout(() => {
        fail(new GatewayError('GATEWAY_TIMEOUT', `${label}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      req.on('error', (error) => {
        fail(new GatewayError(transportErrorCode(error), `${label}: ${errorCodeOf(error)}`, { cause: error }));
      });
      req.end(bodyText);
    });
  }
}

function errorCodeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'connection failed';
}
