// The gateway's enrol call for the configured gateway, made from a fresh unsigned client (the
// device has no identity yet; the one-time token is the credential). Shared by the IT commands
// and the kiosk's first start, so both enrol exactly the same way.

import type { LoadedConfig } from '../config/load-config';
import { createGatewayClient } from '../gateway/gateway-client';
import type { PostEnroll } from './enrollment';

export function postEnrollThrough(loaded: LoadedConfig): PostEnroll {
  return async (body) => {
    const client = createGatewayClient({
      baseUrl: loaded.config.gatewayUrl,
      ca: loaded.gatewayCaPem,
      timeoutMs: loaded.config.gatewayTimeoutSeconds * 1000,
      identity: () => null,
    });
    try {
      return await client.enroll(body);
    } finally {
      client.close();
    }
  };
}
