// The demo as `npm run demo` runs it (scripts/demo.sh minus its package checks and build):
// the outer port forwarder and scripts/demo/run-demo.ts with its terminal menu, driven through
// stdin and the forwarded loopback port like a person with a browser would. A card inserted
// from the menu and its PIN reach the username screen.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SessionState } from '../../../src-main/shared/ipc-contract';
import type { WsServerMessage } from '../../../src-main/shared/ws-protocol';
import { REPO_ROOT } from '../../support/kiosk/kiosk-stack';

const children: ChildProcess[] = [];
const stateDir = mkdtempSync(path.join(tmpdir(), 'esr-demo-'));

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(stateDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('npm run demo: the menu inserts a card and a card login reaches the username screen', async () => {
  const kioskPort = await freePort();
  const gatewayPort = await freePort();
  const forwarder = spawn(
    process.execPath,
    ['scripts/demo/forward.mjs', `${kioskPort}=${stateDir}/kiosk.sock`, `${gatewayPort}=${stateDir}/gateway.sock`],
    { cwd: REPO_ROOT, stdio: 'ignore' },
  );
  children.push(forwarder);
  const demo = spawn(
    'npx',
    ['tsx', 'scripts/demo/run-demo.ts', '--state', stateDir, '--kiosk-port', String(kioskPort), '--gateway-port', String(gatewayPort)],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  children.push(demo);
  let output = '';
  demo.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  demo.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const until = async (test: () => boolean, what: string, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`demo: ${what} did not happen; output:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await until(() => output.includes(`http://127.0.0.1:${kioskPort}/`), 'start-up');
  expect(output).toContain('PIN 123456');

  const origin = `http://127.0.0.1:${kioskPort}`;
  const page = await fetch(`${origin}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');

  const ws = new WebSocket(`ws://127.0.0.1:${kioskPort}/ipc`, { origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const states: SessionState[] = [];
  const results = new Map<number, unknown>();
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as WsServerMessage;
    if (m.type === 'event' && m.channel === 'session:state') states.push(m.payload as SessionState);
    if (m.type === 'result') results.set(m.id, m.result);
  });
  let nextId = 1;
  const invoke = async (channel: string, request: unknown) => {
    const id = nextId++;
    ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
    await until(() => results.has(id), `answer to ${channel}`, 15_000);
    return results.get(id);
  };
  expect(await invoke('session:get-state', null)).toEqual({ ok: true, value: { name: 'waiting-for-card' } });

  demo.stdin.write('1\n');
  await until(() => states.some((s) => s.name === 'pin-entry'), 'PIN screen after inserting card 1', 15_000);
  expect(await invoke('card:verify-pin', { pin: '123456' })).toEqual({ ok: true, value: null });
  expect(await invoke('internet-access:open', null)).toEqual({ ok: true, value: null });
  expect(states.at(-1)).toMatchObject({ name: 'manage-internet-access', person: { username: '23412345' } });
  ws.close();

  demo.stdin.write('q\n');
  const code = await new Promise<number | null>((resolve) => demo.once('exit', resolve));
  expect(code).toBe(0);
});
