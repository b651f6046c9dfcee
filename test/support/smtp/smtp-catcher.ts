// A real SMTP server (smtp-server) on a random loopback port that keeps every message it is
// given, for tests that need mail to arrive. It can be stopped and started again on the same
// port to play a mail server outage, and told to refuse mail with a 4xx for a while.

import { SMTPServer } from 'smtp-server';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface CaughtMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly subject: string;
  readonly messageId: string;
  /** The text/plain part, transfer-decoded. */
  readonly text: string;
  /** The text/html part, transfer-decoded ('' when there is none). */
  readonly html: string;
}

export class SmtpCatcher {
  readonly messages: CaughtMail[] = [];
  private server: SMTPServer | undefined;
  private waiters: (() => void)[] = [];
  /** While set, every message is refused with this temporary failure. */
  refuseWith: string | undefined;
  port = 0;

  static async start(): Promise<SmtpCatcher> {
    const catcher = new SmtpCatcher();
    await catcher.listen(0);
    return catcher;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen(port: number): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.refuseWith !== undefined) {
            const err = Object.assign(new Error(this.refuseWith), { responseCode: 451 });
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          this.messages.push(parseMail(raw, from, session.envelope.rcptTo.map((r) => r.address)));
          for (const w of this.waiters.splice(0)) w();
          callback();
        });
      },
    });
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops accepting connections (a mail server outage); `listen(this.port)` brings it back. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` messages matching `filter` have arrived; rejects after `timeoutMs`. */
  async waitFor(filter: (m: CaughtMail) => boolean, count = 1, timeoutMs = 10_000): Promise<CaughtMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(filter);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SMTP catcher: ${found.length} of ${count} expected messages after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

function decodeBody(body: string, encoding: string, charsetUtf8: boolean): string {
  const enc = encoding.toLowerCase();
  let bytes: Buffer;
  if (enc === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    bytes = Buffer.from(soft.replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  } else bytes = Buffer.from(body, 'utf8');
  return charsetUtf8 || enc !== 'quoted-printable' ? bytes.toString('utf8') : bytes.toString('latin1');
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const idx = raw.search(/\r?\n\r?\n/);
  const head = idx < 0 ? raw : raw.slice(0, idx);
  const body = idx < 0 ? '' : raw.slice(idx).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  return { headers, body };
}

function leafParts(part: Part): Part[] {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith('multipart/') || boundary === undefined) return [part];
  const pieces = part.body.split(`--${boundary}`).slice(1);
  return pieces.filter((p) => !p.startsWith('--')).flatMap((p) => leafParts(splitPart(p.replace(/^\r?\n/, ''))));
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeBody(text.replace(/_/g, ' '), 'quoted-printable', true),
  );
}

export function parseMail(raw: string, from: string, to: string[]): CaughtMail {
  const top = splitPart(raw);
  let text = '';
  let html = '';
  for (const leaf of leafParts(top)) {
    const type = (leaf.headers.get('content-type') ?? 'text/plain').toLowerCase();
    const decoded = decodeBody(leaf.body, leaf.headers.get('content-transfer-encoding') ?? '7bit', /charset="?utf-8/i.test(type));
    if (type.startsWith('text/html')) html += decoded;
    else if (type.startsWith('text/plain')) text += decoded;
  }
  return {
    from,
    to,
    raw,
    subject: decodeHeader(top.headers.get('subject') ?? ''),
    messageId: top.headers.get('message-id') ?? '',
    text,
    html,
  };
}
