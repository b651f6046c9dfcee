// PIV constants, each with its place in NIST SP 800-73-4 (Part 1: data model, Part 2: card
// command interface) or SP 800-78-4 (algorithm identifiers).

/** PIV application AID, right-truncated (Part 1, Section 2.2: A0 00 00 03 08 00 00 10 00 01 00; SELECT may use the truncated form, Part 2, 3.1.1). */
export const PIV_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00);
/** Full AID with version (Part 1, Section 2.2), as the Discovery object and APT carry it. */
export const PIV_AID_FULL = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00);

/** Instruction bytes (Part 2, Section 3, Table 1 "PIV Card Application Card Commands"). */
export const INS = {
  SELECT: 0xa4, // 3.1.1
  GET_DATA: 0xcb, // 3.1.2
  VERIFY: 0x20, // 3.2.1
  CHANGE_REFERENCE_DATA: 0x24, // 3.2.2
  RESET_RETRY_COUNTER: 0x2c, // 3.2.3
  GENERAL_AUTHENTICATE: 0x87, // 3.2.4
  GET_RESPONSE: 0xc0, // ISO 7816-4 7.6.1 (Part 2, 3.1.1 footnote on 61xx)
} as const;

/**
 * VERIFY with P1 = FF and no data resets the security status of the key reference (Part 2,
 * 3.2.1: "If P1 = 'FF' ... the security status of the key reference specified in P2 shall be
 * reset"); new in 800-73-4, so older cards may refuse it.
 */
export const VERIFY_P1_RESET = 0xff;
/** SELECT by AID: P1 = 04, P2 = 00 (Part 2, 3.1.1). */
export const SELECT_P1_BY_NAME = 0x04;
/** GET DATA: P1 P2 = 3F FF (Part 2, 3.1.2). */
export const GET_DATA_P1 = 0x3f;
export const GET_DATA_P2 = 0xff;
/** Tag list for GET DATA: 5C <tag> (Part 2, 3.1.2 Table 7). */
export const TAG_LIST = 0x5c;
/** Data object wrapper in GET DATA responses (Part 2, 3.1.2: "53 L value"). */
export const TAG_DATA = 0x53;

/** Key references (Part 1, Section 5.1, Table 4b / 4a). */
export const KEY_REF = {
  /** PIV Card Application PIN (Part 1, Table 4a). */
  PIV_PIN: 0x80,
  /** Global PIN (Part 1, Table 4a). */
  GLOBAL_PIN: 0x00,
  /** PIV Authentication key, slot 9A (Part 1, Table 4b). */
  PIV_AUTHENTICATION: 0x9a,
  CARD_AUTHENTICATION: 0x9e,
  DIGITAL_SIGNATURE: 0x9c,
  KEY_MANAGEMENT: 0x9d,
} as const;

/** Data object identifiers, BER-TLV tags (Part 1, Section 3, Table 3). */
export const OBJECT = {
  CARD_CAPABILITY_CONTAINER: 0x5fc107,
  CHUID: 0x5fc102,
  PIV_AUTHENTICATION_CERTIFICATE: 0x5fc105,
  CARD_AUTHENTICATION_CERTIFICATE: 0x5fc101,
  DIGITAL_SIGNATURE_CERTIFICATE: 0x5fc10a,
  KEY_MANAGEMENT_CERTIFICATE: 0x5fc10b,
  PRINTED_INFORMATION: 0x5fc109,
  SECURITY_OBJECT: 0x5fc106,
  /** Discovery object, a 1-byte tag (Part 1, Table 3 and Section 3.3.2). */
  DISCOVERY: 0x7e,
} as const;

/** Certificate container tags (Part 1, Appendix A, Table 10 "X.509 Certificate for PIV Authentication"). */
export const CERT_TAG = {
  CERTIFICATE: 0x70,
  CERT_INFO: 0x71,
  MSCUID: 0x72,
  ERROR_DETECTION_CODE: 0xfe,
} as const;
/** CertInfo bit 0 (CompressionTag): 1 = certificate is gzip-compressed (Part 1, Appendix A, Table 10 note 1). */
export const CERT_INFO_GZIP = 0x01;

/** CHUID tags (Part 1, Appendix A, Table 9). */
export const CHUID_TAG = {
  BUFFER_LENGTH: 0xee,
  FASCN: 0x30,
  ORGANIZATION_ID: 0x32,
  DUNS: 0x33,
  GUID: 0x34,
  EXPIRATION_DATE: 0x35,
  CARDHOLDER_UUID: 0x36,
  ISSUER_SIGNATURE: 0x3e,
  ERROR_DETECTION_CODE: 0xfe,
} as const;

/** Discovery object tags (Part 1, Section 3.3.2, Table 18). */
export const DISCOVERY_TAG = { AID: 0x4f, PIN_USAGE_POLICY: 0x5f2f } as const;

/** Dynamic Authentication Template and its members (Part 2, 3.2.4, Table 7). */
export const DYN_AUTH = {
  TEMPLATE: 0x7c,
  WITNESS: 0x80,
  CHALLENGE: 0x81,
  RESPONSE: 0x82,
  EXPONENTIATION: 0x85,
} as const;

/** Cryptographic mechanism identifiers (SP 800-78-4, Table 6-2; SP 800-73-4 Part 1, Table 5). */
export const ALG = {
  RSA_2048: 0x07,
  ECC_P256: 0x11,
  ECC_P384: 0x14,
} as const;

/** Application Property Template returned by SELECT (Part 2, 3.1.1, Table 3). */
export const APT_TAG = 0x61;

/** The PIN is 8 bytes, ASCII digits padded with FF (Part 2, 3.2.1; Part 1, Section 2.4.3). */
export const PIN_BLOCK_LENGTH = 8;
export const PIN_PAD_BYTE = 0xff;
