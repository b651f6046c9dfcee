// PC/SC return codes and constants we key on (numeric, never the localized text). Values from
// pcsc-lite's pcsclite.h / reader.h and Microsoft's WinError.h (SCARD_* facility 0x10).

export const SCARD = {
  S_SUCCESS: 0x00000000,
  E_CANCELLED: 0x80100002,
  E_INVALID_HANDLE: 0x80100003,
  E_TIMEOUT: 0x8010000a,
  E_SHARING_VIOLATION: 0x8010000b,
  E_NO_SMARTCARD: 0x8010000c,
  E_UNKNOWN_READER: 0x80100009,
  E_PROTO_MISMATCH: 0x8010000f,
  E_NOT_READY: 0x80100010,
  E_SYSTEM_CANCELLED: 0x80100012,
  E_NOT_TRANSACTED: 0x80100016,
  E_READER_UNAVAILABLE: 0x80100017,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_UNSUPPORTED_FEATURE: 0x8010001f,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  W_RESET_CARD: 0x80100068,
  W_REMOVED_CARD: 0x80100069,
} as const;

/** The service is gone: the supervisor re-creates the context (DESIGN.md 3). */
export function isServiceGone(code: number): boolean {
  return code === SCARD.E_NO_SERVICE || code === SCARD.E_SERVICE_STOPPED || code === SCARD.E_INVALID_HANDLE;
}

/** The card left the reader, or the reader went with it. */
export function isCardGone(code: number): boolean {
  return (
    code === SCARD.W_REMOVED_CARD ||
    code === SCARD.E_NO_SMARTCARD ||
    code === SCARD.W_UNPOWERED_CARD ||
    code === SCARD.E_READER_UNAVAILABLE ||
    code === SCARD.E_UNKNOWN_READER
  );
}

/** SCardControl codes are built differently on Windows and on pcsc-lite (reader.h SCARD_CTL_CODE). */
export function scardCtlCode(code: number, platform: string): number {
  return platform === 'win32' ? ((0x31 << 16) | (code << 2)) >>> 0 : (0x42000000 + code) >>> 0;
}

/** CM_IOCTL_GET_FEATURE_REQUEST = SCARD_CTL_CODE(3400) (PC/SC Part 10 v2.02.09, Section 2.2). */
export const CM_IOCTL_GET_FEATURE_REQUEST = 3400;

/** Feature tags in the GET_FEATURE_REQUEST answer (PC/SC Part 10, Section 2.3, Table 2-1). */
export const FEATURE = {
  VERIFY_PIN_START: 0x01,
  VERIFY_PIN_FINISH: 0x02,
  VERIFY_PIN_DIRECT: 0x06,
  MODIFY_PIN_DIRECT: 0x07,
  IFD_PIN_PROPERTIES: 0x0a,
  GET_TLV_PROPERTIES: 0x12,
} as const;
