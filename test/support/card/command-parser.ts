// Parse a command APDU the way a card does (ISO 7816-4 5.1, cases 1-4, short and extended).

export interface ParsedCommand {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** Expected length (00 = 256 short, 0000 = 65536 extended), or null when absent. */
  readonly le: number | null;
  readonly extended: boolean;
}

/** The parsed command, or null when the bytes are no valid APDU (the card answers 6700). */
export function parseCommand(apdu: Uint8Array): ParsedCommand | null {
  if (apdu.length < 4) return null;
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
  const head = { cla, ins, p1, p2 };
  const empty = new Uint8Array(0);
  if (apdu.length === 4) return { ...head, data: empty, le: null, extended: false };
  const b4 = apdu[4] ?? 0;
  if (apdu.length === 5) return { ...head, data: empty, le: b4 === 0 ? 256 : b4, extended: false };
  if (b4 !== 0) {
    const lc = b4;
    if (apdu.length === 5 + lc) return { ...head, data: apdu.slice(5), le: null, extended: false };
    if (apdu.length === 6 + lc) {
      const le = apdu[5 + lc] ?? 0;
      return { ...head, data: apdu.slice(5, 5 + lc), le: le === 0 ? 256 : le, extended: false };
    }
    return null;
  }
  // Extended length: 00 then two bytes.
  if (apdu.length < 7) return null;
  const n = ((apdu[5] ?? 0) << 8) | (apdu[6] ?? 0);
  if (apdu.length === 7) return { ...head, data: empty, le: n === 0 ? 65536 : n, extended: true };
  if (n === 0) return null;
  if (apdu.length === 7 + n) return { ...head, data: apdu.slice(7, 7 + n), le: null, extended: true };
  if (apdu.length === 9 + n) {
    const le = ((apdu[7 + n] ?? 0) << 8) | (apdu[8 + n] ?? 0);
    return { ...head, data: apdu.slice(7, 7 + n), le: le === 0 ? 65536 : le, extended: true };
  }
  return null;
}
