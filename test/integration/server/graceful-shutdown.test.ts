// Closing the gateway (what SIGTERM does) lets a request already in flight finish with its
// answer, while the server stops taking new connections; the SQLite file is closed cleanly.

import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { startTestGateway } from '../../support/server/gateway';

const SLOW = '/v1/test/slow';
const slow: FastifyPluginAsync = (app) => {
  app.get(SLOW, async () => {
    await new Promise((r) => setTimeout(r, 400));
    return { done: true };
  });
  return Promise.resolve();
};

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then refuses new ones', async () => {
    const gw = await startTestGateway({ plugins: [slow] });
    const client = gw.client();
    const inFlight = client.send<{ done: boolean }>({ method: 'GET', path: SLOW, device: null });
    await new Promise((r) => setTimeout(r, 100));
    const closing = gw.app.close();
    const late = client.send({ method: 'GET', path: ROUTES.health, device: null }).then(
      (res) => res.status,
      () => 'refused',
    );
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ done: true });
    expect(res.headers.connection).toBe('close');
    const closeStarted = Date.now();
    await closing;
    // Not held open by the client's pooled keep-alive socket (Fastify's keep-alive is 72 s).
    expect(Date.now() - closeStarted).toBeLessThan(2000);
    expect([503, 'refused']).toContain(await late);
    client.close();
    // Storage was closed by the app: using it now fails.
    await expect(gw.storage.staff.count()).rejects.toThrow();
  });
});
