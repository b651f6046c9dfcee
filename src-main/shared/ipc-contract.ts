// The one typed contract between the renderer and main (STYLE.md 3). Every channel the
// renderer may invoke, with its request and result types, and every event main pushes.
// Electron's ipcMain/ipcRenderer and the browser host's WebSocket both carry exactly this
// table; runtime schemas for every request live in ipc-schemas.ts (main validates them).
//
// The renderer never receives a session token, key or certificate (DESIGN.md section 1).

import type { KioskErrorCode } from './errors';
import type { InternetAccessStatus, Person } from './gateway-api';
import type { PasswordPolicyOptions, PasswordRuleId } from './password-rules';

export type Language = 'en' | 'cy';

/** Why the kiosk went back to the card prompt; the screen says so. */
export type EndReason =
  | 'card-removed'
  | 'idle-timeout'
  | 'signed-out'
  | 'session-expired'
  | 'password-changed';

export interface ConfigProblem {
  /** Setting name as in the schema, e.g. `gatewayUrl`. */
  readonly setting: string;
  /** Where the bad value came from. */
  readonly source: 'default' | 'file' | 'policy-machine' | 'policy-user';
  /** What is allowed, in words from the schema (English; it is for IT). */
  readonly allowed: string;
}

/** Steps shown as progress while main works. */
export type ProgressStep =
  | 'connecting-card'
  | 'reading-certificate'
  | 'checking-pin'
  | 'signing'
  | 'contacting-gateway'
  | 'loading-account'
  | 'saving-password';

/** What main says the kiosk is doing; the renderer draws a screen for each. */
export type SessionState =
  | { readonly name: 'starting' }
  | { readonly name: 'config-error'; readonly problems: readonly ConfigProblem[] }
  | { readonly name: 'not-enrolled' }
  | { readonly name: 'no-reader' }
  | {
      readonly name: 'waiting-for-card';
      readonly lastEnd?: EndReason;
      /**
       * A card is still in a reader (left there after a sign-out or timeout): the screen asks for
       * it to be taken out, or offers `card:use-again`, which asks for its PIN afresh.
       */
      readonly cardInReader?: boolean;
    }
  | { readonly name: 'reading-card'; readonly step: ProgressStep }
  | {
      readonly name: 'pin-entry';
      /** Tries left from the card's 63Cx, when known. */
      readonly triesLeft: number | null;
      /** Set after a failed attempt. */
      readonly lastError?: 'PIN_INCORRECT' | 'GATEWAY_UNREACHABLE' | 'GATEWAY_TIMEOUT' | KioskErrorCode;
      /** The reader has a PIN pad: the PIN is typed there, not on screen. */
      readonly pinPad: boolean;
    }
  | { readonly name: 'verifying'; readonly step: ProgressStep }
  | { readonly name: 'card-blocked' }
  | { readonly name: 'card-refused'; readonly code: KioskErrorCode }
  | { readonly name: 'signed-in'; readonly person: Person; readonly method: 'card' | 'password' }
  | {
      readonly name: 'manage-internet-access';
      readonly person: Person;
      readonly method: 'card' | 'password';
      readonly status: InternetAccessStatus;
      readonly passwordChangedAt: string | null;
    }
  | { readonly name: 'reset-password'; readonly person: Person; readonly method: 'card' | 'password' }
  | { readonly name: 'reset-done'; readonly person: Person; readonly method: 'card' | 'password' };

export type SessionStateName = SessionState['name'];

export type IpcResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: {
        readonly code: KioskErrorCode;
        readonly triesLeft?: number;
        readonly failedRules?: readonly PasswordRuleId[];
        readonly retryAfterSeconds?: number;
      };
    };

export interface KioskInfo {
  readonly version: string;
  readonly language: Language;
  readonly passwordPolicy: PasswordPolicyOptions;
  readonly idleTimeoutSeconds: number;
  /** Settings fixed by Windows policy, so the UI can say they are managed. */
  readonly managedSettings: readonly string[];
  /** Where staff get a blocked card unlocked (trust-configured words). */
  readonly supportContact: string;
}

/** Request channels: the renderer invokes, main answers with IpcResult<result>. */
export interface IpcRequests {
  'kiosk:get-info': { request: null; result: KioskInfo };
  'session:get-state': { request: null; result: SessionState };
  /** The PIN goes to main once, and from there only to the card. */
  'card:verify-pin': { request: { pin: string }; result: null };
  'card:cancel': { request: null; result: null };
  /** Read the card still in the reader again, as if just inserted: its PIN is asked afresh. */
  'card:use-again': { request: null; result: null };
  'session:sign-out': { request: null; result: null };
  /** The person is still there (key press, click): restarts the idle timer. */
  'session:activity': { request: null; result: null };
  'internet-access:open': { request: null; result: null };
  'internet-access:start-reset': { request: null; result: null };
  'internet-access:back': { request: null; result: null };
  'internet-access:submit-password': {
    request: { newPassword: string; confirmPassword: string };
    result: null;
  };
  'password-login:submit': { request: { username: string; password: string }; result: null };
  'recovery:username': { request: { email: string; dateOfBirth: string }; result: null };
  'recovery:password': { request: { email: string; dateOfBirth: string }; result: null };
  'gateway:retry': { request: null; result: null };
  'kiosk:set-language': { request: { language: Language }; result: null };
}

export type IpcRequestChannel = keyof IpcRequests;
export type IpcRequestOf<C extends IpcRequestChannel> = IpcRequests[C]['request'];
export type IpcResultOf<C extends IpcRequestChannel> = IpcRequests[C]['result'];

/** Event channels: main pushes, the renderer listens. */
export interface IpcEvents {
  'session:state': SessionState;
  /** Seconds before the idle timeout ends the session; null when the warning is over. */
  'session:idle-warning': { secondsLeft: number } | null;
  /** Main wiped the session: the renderer clears every typed field at once. */
  'session:ended': { reason: EndReason };
  'kiosk:language': { language: Language };
}

export type IpcEventChannel = keyof IpcEvents;

export const IPC_REQUEST_CHANNELS = [
  'kiosk:get-info',
  'session:get-state',
  'card:verify-pin',
  'card:cancel',
  'session:sign-out',
  'session:activity',
  'internet-access:open',
  'internet-access:start-reset',
  'internet-access:back',
  'internet-access:submit-password',
  'password-login:submit',
  'recovery:username',
  'recovery:password',
  'gateway:retry',
  'kiosk:set-language',
  'card:use-again',
] as const satisfies readonly IpcRequestChannel[];

export const IPC_EVENT_CHANNELS = [
  'session:state',
  'session:idle-warning',
  'session:ended',
  'kiosk:language',
] as const satisfies readonly IpcEventChannel[];

/**
 * What the preload exposes as `window.esrKiosk` (and the browser host's client mirrors):
 * named functions only, each bound to one channel; never a generic send (STYLE.md 4).
 */
export const KIOSK_API_METHODS = {
  getInfo: 'kiosk:get-info',
  getState: 'session:get-state',
  verifyPin: 'card:verify-pin',
  cancelCard: 'card:cancel',
  signOut: 'session:sign-out',
  reportActivity: 'session:activity',
  openInternetAccess: 'internet-access:open',
  startPasswordReset: 'internet-access:start-reset',
  backToInternetAccess: 'internet-access:back',
  submitNewPassword: 'internet-access:submit-password',
  passwordLogin: 'password-login:submit',
  recoverUsername: 'recovery:username',
  recoverPassword: 'recovery:password',
  retryGateway: 'gateway:retry',
  setLanguage: 'kiosk:set-language',
  useCardAgain: 'card:use-again',
} as const satisfies Record<string, IpcRequestChannel>;

export const KIOSK_API_EVENTS = {
  onSessionState: 'session:state',
  onIdleWarning: 'session:idle-warning',
  onSessionEnded: 'session:ended',
  onLanguage: 'kiosk:language',
} as const satisfies Record<string, IpcEventChannel>;

type MethodsTable = typeof KIOSK_API_METHODS;
type EventsTable = typeof KIOSK_API_EVENTS;

export type KioskApi = {
  readonly [M in keyof MethodsTable]: IpcRequestOf<MethodsTable[M]> extends null
    ? () => Promise<IpcResult<IpcResultOf<MethodsTable[M]>>>
    : (request: IpcRequestOf<MethodsTable[M]>) => Promise<IpcResult<IpcResultOf<MethodsTable[M]>>>;
} & {
  /** Each returns a function that removes the listener. */
  readonly [E in keyof EventsTable]: (listener: (payload: IpcEvents[EventsTable[E]]) => void) => () => void;
};

/** Limits main enforces on typed input before it goes anywhere. */
export const INPUT_LIMITS = {
  pinMin: 4,
  pinMax: 8,
  usernameMax: 32,
  passwordMax: 128,
  emailMax: 254,
} as const;
