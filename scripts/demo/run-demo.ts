// Inside the demo sandbox (scripts/demo.sh): the gateway on SQLite with the demo staff and a
// local mail catcher, a private pcscd with a virtual reader, the demo staff's virtual cards, and
// the kiosk (browser host) — the same stack the E2E tests use — plus a small terminal menu that
// inserts and removes cards and shows the mail the gateway sends.
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { startKioskStack } from '../../test/support/kiosk/kiosk-stack';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const stateDir = path.resolve(args.get('--state') ?? '.demo');
const kioskPort = args.get('--kiosk-port') ?? '8080';
const gatewayPort = args.get('--gateway-port') ?? '8443';
const kioskSocket = path.join(stateDir, 'kiosk.sock');
const gatewaySocket = path.join(stateDir, 'gateway.sock');
for (const s of [kioskSocket, gatewaySocket]) if (existsSync(s)) rmSync(s);

const bold = (s: string) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[0m` : s);

console.log('Starting the demo: gateway, card reader, virtual cards, kiosk…');
const stack = await startKioskStack({
  browserHost: { socketPath: kioskSocket, publicOrigins: [`http://127.0.0.1:${kioskPort}`, `http://localhost:${kioskPort}`] },
  gatewayPublicBaseUrl: `https://localhost:${gatewayPort}`,
});

// The gateway's own pages (password links in emails) are reached through a socket too.
const gatewayBridge = net.createServer((client) => {
  const upstream = net.connect(stack.gateway.port, '127.0.0.1');
  const drop = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', drop).on('close', drop);
  upstream.on('error', drop).on('close', drop);
  client.pipe(upstream);
  upstream.pipe(client);
});
await new Promise<void>((resolve) => gatewayBridge.listen(gatewaySocket, resolve));

const cards = [...stack.cards.values()];
let shownMail = 0;
function showMail(): void {
  const fresh = stack.smtp.messages.slice(shownMail);
  shownMail = stack.smtp.messages.length;
  if (fresh.length === 0) {
    console.log('No new mail.');
    return;
  }
  for (const m of fresh) {
    console.log(`\n--- mail to ${m.to.join(', ')}: ${m.subject}`);
    console.log(m.text.trim());
  }
}

function menu(): void {
  console.log(`
${bold('ESR Kiosk demo')} — open ${bold(`http://127.0.0.1:${kioskPort}/`)} in a browser.
Password links in emails open https://localhost:${gatewayPort}/ (a demo certificate: accept the warning).

Cards (press the number to insert it, r to remove it):`);
  cards.forEach((c, i) => {
    console.log(`  ${i + 1}  ${c.staff.displayName.padEnd(12)} ${c.staff.username}  PIN ${c.staff.card?.pin ?? ''}  ${c.staff.card?.algorithm ?? ''}${c.staff.status === 'active' ? '' : '  (inactive: refused)'}`);
  });
  console.log('  r  remove the card      m  show mail      h  this help      q  quit\n');
}

async function handle(key: string): Promise<boolean> {
  const n = Number(key);
  const card = Number.isInteger(n) ? cards[n - 1] : undefined;
  if (card) {
    if (stack.pcsc.card(0) !== null) await stack.remove(0);
    await stack.insert(card.staff.username);
    console.log(`Inserted ${card.staff.displayName}'s card. PIN ${card.staff.card?.pin ?? ''}.`);
  } else if (key === 'r') {
    if (stack.pcsc.card(0) === null) console.log('No card in the reader.');
    else {
      await stack.remove(0);
      console.log('Card removed.');
    }
  } else if (key === 'm') showMail();
  else if (key === 'h' || key === '') menu();
  else if (key === 'q') return false;
  else console.log(`Unknown key "${key}"; h for help.`);
  return true;
}

async function shutdown(): Promise<void> {
  console.log('Stopping the demo…');
  gatewayBridge.close();
  await stack.close();
  process.exit(0);
}

menu();
let announced = 0;
const mailWatch = setInterval(() => {
  if (stack.smtp.messages.length > announced) {
    announced = stack.smtp.messages.length;
    console.log('(new mail: press m to read it)');
  }
}, 1000);
mailWatch.unref();
const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: false });
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
for await (const line of rl) {
  if (!(await handle(line.trim().toLowerCase()))) break;
}
await shutdown();
