// A loopback TCP forwarder with an off switch, between the kiosk and the gateway: `down()`
// stops listening and cuts open connections (the kiosk sees ECONNREFUSED / ECONNRESET, as when
// the gateway or the network is down), `up()` listens again on the same port.
import net from 'node:net';

export class TcpSwitch {
  private server: net.Server | null = null;
  private stalled = false;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  /** Accept connections but never answer them, until up() or down(). */
  async stall(): Promise<void> {
    await this.down();
    this.stalled = true;
    await this.listen();
  }

  async up(): Promise<void> {
    if (this.stalled) await this.down();
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      if (this.stalled) {
        this.sockets.add(client);
        client.on('error', () => client.destroy());
        client.on('close', () => this.sockets.delete(client));
        return;
      }
      const upstream = net.connect(this.targetPort, this.targetHost);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const drop = () => {
        this.sockets.delete(client);
        this.sockets.delete(upstream);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address === 'object' && address !== null) this.port = address.port;
    this.server = server;
  }

  async down(): Promise<void> {
    this.stalled = false;
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
