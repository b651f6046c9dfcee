// Outside the demo sandbox: forwards loopback TCP ports to Unix sockets that the kiosk and the
// gateway listen on inside it (its private network namespace is unreachable otherwise).
//   node scripts/demo/forward.mjs 8080=.demo/kiosk.sock 8443=.demo/gateway.sock
/* global process, console */
import net from 'node:net';

for (const pair of process.argv.slice(2)) {
  const [port, socketPath] = pair.split('=');
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.on('error', (error) => {
    console.error(`demo: cannot listen on 127.0.0.1:${port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(Number(port), '127.0.0.1');
}
