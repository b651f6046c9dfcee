// Runtime schemas for every request the renderer may send (STYLE.md 3: a typed channel still
// receives untyped bytes). Main parses each payload here before any handler sees it, over
// Electron IPC and over the browser host's WebSocket alike. Objects are strict: an unknown key
// is refused, not dropped, so a renderer bug shows up instead of being papered over.

import { z } from 'zod';
import {
  INPUT_LIMITS,
  IPC_REQUEST_CHANNELS,
  type IpcRequestChannel,
  type IpcRequestOf,
} from './ipc-contract';

const NO_PAYLOAD = z.null();

/** 4 to 8 digits (the PIV application PIN, SP 800-73-4 Part 2, 3.2.1). */
export const pinSchema = z
  .string()
  .regex(new RegExp(`^[0-9]{${String(INPUT_LIMITS.pinMin)},${String(INPUT_LIMITS.pinMax)}}$`));

/** Printable ASCII without spaces: ESR usernames (`234…`) and the odd legacy login name. */
export const usernameSchema = z
  .string()
  .min(1)
  .max(INPUT_LIMITS.usernameMax)
  .regex(/^[\x21-\x7e]+$/);

/** Any text up to the limit: the password policy, not the schema, judges its content. */
const passwordSchema = z.string().min(1).max(INPUT_LIMITS.passwordMax);

export const emailSchema = z.email().max(INPUT_LIMITS.emailMax);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EARLIEST_BIRTH_YEAR = 1900;

/** True for a real calendar date written YYYY-MM-DD, from 1900 up to `today` (UTC). */
export function isPlausibleDateOfBirth(value: string, today: Date = new Date()): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return real && year >= EARLIEST_BIRTH_YEAR && date.getTime() <= todayUtc;
}

export const dateOfBirthSchema = z.string().refine((v) => isPlausibleDateOfBirth(v));

const recoveryRequest = z.strictObject({ email: emailSchema, dateOfBirth: dateOfBirthSchema });

type RequestSchemaTable = { readonly [C in IpcRequestChannel]: z.ZodType<IpcRequestOf<C>> };

/** One schema per request channel; `satisfies` makes a missing or extra channel a type error. */
export const IPC_REQUEST_SCHEMAS = {
  'kiosk:get-info': NO_PAYLOAD,
  'session:get-state': NO_PAYLOAD,
  'card:verify-pin': z.strictObject({ pin: pinSchema }),
  'card:cancel': NO_PAYLOAD,
  'session:sign-out': NO_PAYLOAD,
  'session:activity': NO_PAYLOAD,
  'internet-access:open': NO_PAYLOAD,
  'internet-access:start-reset': NO_PAYLOAD,
  'internet-access:back': NO_PAYLOAD,
  'internet-access:submit-password': z.strictObject({
    newPassword: passwordSchema,
    confirmPassword: passwordSchema,
  }),
  'password-login:submit': z.strictObject({ username: usernameSchema, password: passwordSchema }),
  'recovery:username': recoveryRequest,
  'recovery:password': recoveryRequest,
  'gateway:retry': NO_PAYLOAD,
  'kiosk:set-language': z.strictObject({ language: z.enum(['en', 'cy']) }),
  'card:use-again': NO_PAYLOAD,
} as const satisfies RequestSchemaTable;

// Type-level checks: the table's keys are exactly IPC_REQUEST_CHANNELS, and each schema's
// output is exactly the request type (not merely assignable to it).
// The standard exact-equality trick: the type parameters exist only to defer the comparison.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type SchemaTableCoversChannels = Assert<
  Equal<keyof typeof IPC_REQUEST_SCHEMAS, (typeof IPC_REQUEST_CHANNELS)[number]>
>;
export type ChannelsCoverContract = Assert<Equal<(typeof IPC_REQUEST_CHANNELS)[number], IpcRequestChannel>>;
export type SchemaOutputsMatchContract = Assert<
  Equal<
    { [C in IpcRequestChannel]: z.output<(typeof IPC_REQUEST_SCHEMAS)[C]> },
    { [C in IpcRequestChannel]: IpcRequestOf<C> }
  >
>;

export function isIpcRequestChannel(channel: unknown): channel is IpcRequestChannel {
  return typeof channel === 'string' && Object.hasOwn(IPC_REQUEST_SCHEMAS, channel);
}

export type ParsedIpcRequest =
  | { readonly ok: true; readonly channel: IpcRequestChannel; readonly request: unknown }
  | { readonly ok: false };

/**
 * Checks an incoming (channel, payload) pair. The failure carries nothing from the payload: it
 * may hold a PIN or a password, so neither zod's issues nor the input go anywhere.
 */
export function parseIpcRequest(channel: unknown, payload: unknown): ParsedIpcRequest {
  if (!isIpcRequestChannel(channel)) return { ok: false };
  const parsed = IPC_REQUEST_SCHEMAS[channel].safeParse(payload);
  return parsed.success ? { ok: true, channel, request: parsed.data } : { ok: false };
}
