// What the composition root is given, and the small helpers its parts share for IPC answers.

import type { KioskErrorCode } from '../../shared/errors';
import type { ConfigProblem, IpcResult, Language } from '../../shared/ipc-contract';
import type { PasswordPolicyOptions } from '../../shared/password-rules';
import { CardError, PinIncorrectError, type CardService } from '../card/card-service';
import type { GatewayClient } from '../gateway/gateway-client';
import { GatewayError } from '../gateway/gateway-error';

export interface KioskSettings {
  readonly idleTimeoutSeconds: number;
  readonly idleWarningSeconds: number;
  readonly passwordPolicy: PasswordPolicyOptions;
  readonly language: Language;
  readonly supportContact: string;
  readonly managedSettings: readonly string[];
}

/** Structured, secret-free log lines (the caller's logger redacts and rotates). */
export interface KioskLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export type KioskTiming = 'insert-to-pin-entry' | 'pin-submit-to-signed-in' | 'card-removed-to-wiped';

export interface KioskCoreDeps {
  readonly version: string;
  readonly settings: KioskSettings;
  /** Set when the configuration failed validation: the kiosk shows what is wrong and stops there. */
  readonly configProblems?: readonly ConfigProblem[];
  readonly cards: CardService;
  readonly gateway: GatewayClient;
  /** The enrolled device's id, or null when this computer is not enrolled. */
  readonly deviceId: () => string | null;
  readonly log?: KioskLog;
  /** Milliseconds of each measured span (E2E and benchmarks report them). */
  readonly onTiming?: (name: KioskTiming, ms: number) => void;
}

type FailureDetails = Omit<Extract<IpcResult<never>, { ok: false }>['error'], 'code'>;

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });

export const fail = (code: KioskErrorCode, extra: FailureDetails = {}): IpcResult<never> => ({
  ok: false,
  error: { code, ...extra },
});

export function codeOf(error: unknown): KioskErrorCode {
  if (error instanceof GatewayError || error instanceof CardError) return error.code;
  return 'INTERNAL';
}

/** The IPC answer for a failure: its code and the details the screen shows, never its text. */
export function failFrom(error: unknown): IpcResult<never> {
  if (error instanceof GatewayError) {
    const extra: { failedRules?: NonNullable<GatewayError['failedRules']>; retryAfterSeconds?: number } = {};
    if (error.failedRules) extra.failedRules = error.failedRules;
    if (error.retryAfterSeconds !== undefined) extra.retryAfterSeconds = error.retryAfterSeconds;
    return fail(error.code, extra);
  }
  if (error instanceof PinIncorrectError) return fail('PIN_INCORRECT', { triesLeft: error.triesLeft });
  return fail(codeOf(error));
}
