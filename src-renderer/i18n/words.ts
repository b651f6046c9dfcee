// The shape every language must fill: the same keys as English, each a string.

import type { KioskErrorCode } from '../../src-main/shared/errors';
import type { InternetAccessStatus } from '../../src-main/shared/gateway-api';
import type { ConfigProblem, EndReason, ProgressStep } from '../../src-main/shared/ipc-contract';
import type { PasswordRuleId } from '../../src-main/shared/password-rules';

export type Words<T> = { readonly [K in keyof T]: T[K] extends string ? string : Words<T[K]> };

/** Words the contract forces on English (and so, through Words<typeof en>, on Welsh). */
export interface ContractWords {
  readonly error: Readonly<Record<KioskErrorCode, string>>;
  readonly rule: Readonly<Record<PasswordRuleId, string>>;
  readonly ruleError: Readonly<Record<PasswordRuleId, string>>;
  readonly step: Readonly<Record<ProgressStep, string>>;
  readonly endReason: Readonly<Record<EndReason, string>>;
  readonly accessStatus: Readonly<Record<InternetAccessStatus, string>>;
  readonly configSource: Readonly<Record<ConfigProblem['source'], string>>;
}
