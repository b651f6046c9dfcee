// What the session state machine hears and what it asks the composition root to do. Events from
// asynchronous work (reading a card, verifying a PIN, calling the gateway) carry the epoch they
// started in: any wipe starts a new epoch, so a late answer from an ended session is ignored.

import type { KioskErrorCode } from '../../shared/errors';
import type { InternetAccessStatus, Person } from '../../shared/gateway-api';
import type { ConfigProblem, EndReason, ProgressStep } from '../../shared/ipc-contract';
import type { ReaderInfo } from '../card/card-service';

export type SignInMethod = 'card' | 'password';

export type SessionEvent =
  // start-up and environment
  | {
      readonly type: 'boot';
      readonly enrolled: boolean;
      readonly serviceUp: boolean;
      readonly readers: readonly ReaderInfo[];
    }
  | { readonly type: 'config-invalid'; readonly problems: readonly ConfigProblem[] }
  | { readonly type: 'reader-added'; readonly reader: string }
  | { readonly type: 'reader-removed'; readonly reader: string }
  | { readonly type: 'card-inserted'; readonly reader: string }
  | { readonly type: 'card-removed'; readonly reader: string }
  | { readonly type: 'service-unavailable' }
  | { readonly type: 'service-restored'; readonly readers: readonly ReaderInfo[] }
  | { readonly type: 'idle-timeout' }
  // results of work the root started (epoch-tagged)
  | { readonly type: 'card-progress'; readonly epoch: number; readonly step: ProgressStep }
  | { readonly type: 'card-ready'; readonly epoch: number; readonly pinPad: boolean; readonly triesLeft: number | null }
  | { readonly type: 'card-failed'; readonly epoch: number; readonly code: KioskErrorCode }
  | { readonly type: 'verify-progress'; readonly epoch: number; readonly step: ProgressStep }
  | { readonly type: 'pin-incorrect'; readonly epoch: number; readonly triesLeft: number }
  /** A retry found the card no longer verified: ask for the PIN again (never resend it). */
  | { readonly type: 'pin-needed'; readonly epoch: number; readonly triesLeft: number | null }
  | { readonly type: 'login-failed'; readonly epoch: number; readonly code: KioskErrorCode }
  | { readonly type: 'signed-in'; readonly epoch: number; readonly person: Person; readonly method: SignInMethod }
  | {
      readonly type: 'internet-access-loaded';
      readonly epoch: number;
      readonly status: InternetAccessStatus;
      readonly passwordChangedAt: string | null;
    }
  | { readonly type: 'password-changed'; readonly epoch: number }
  | { readonly type: 'session-invalid'; readonly epoch: number }
  // what the person asked for (IPC)
  | { readonly type: 'pin-submitted' }
  | { readonly type: 'gateway-retry' }
  | { readonly type: 'cancel' }
  | { readonly type: 'sign-out' }
  | { readonly type: 'activity' }
  | { readonly type: 'password-login-requested' }
  | { readonly type: 'internet-access-requested' }
  | { readonly type: 'reset-started' }
  | { readonly type: 'back' }
  | { readonly type: 'password-submitted' };

export type SessionEventType = SessionEvent['type'];

export type SessionEffect =
  /** Open a PIV session on the reader's card, read what login needs, report with the epoch. */
  | { readonly type: 'read-card'; readonly reader: string; readonly epoch: number }
  /**
   * Wipe everything the session held, at once: drop the token (revoking it at the gateway in
   * the background), close the card, tell the renderer to clear typed input.
   */
  | { readonly type: 'end-session'; readonly reason: EndReason }
  | { readonly type: 'idle-timer'; readonly action: 'restart' | 'stop' };
