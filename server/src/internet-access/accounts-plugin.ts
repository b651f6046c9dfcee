// The accounts half of the gateway as one Fastify plugin: builds the password, login and
// recovery services on top of `app.gateway`, runs the outbox sender for the app's lifetime, and
// registers the routes (password login, /v1/me/internet-access, recovery, the reset page).

import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicyOptions } from '../../../src-main/shared/password-rules';
import { parseMailConfig } from '../mail/mail-config';
import { OutboxSender, smtpDelivery, type MailDelivery } from '../mail/sender';
import type { AccountsStorage } from '../passwords/accounts-storage';
import { PasswordService } from '../passwords/password-service';
import { RecoveryService } from '../recovery/recovery-service';
import { internetAccessRoutes } from '../routes/internet-access';
import { passwordLoginRoutes } from '../routes/password-login';
import { recoveryRoutes } from '../routes/recovery';
import { resetPageRoutes } from '../routes/reset-page';
import { PasswordLogin } from './password-login';

export interface AccountsContext {
  readonly storage: AccountsStorage;
  readonly policy: PasswordPolicyOptions;
  readonly passwords: PasswordService;
  readonly login: PasswordLogin;
  readonly recovery: RecoveryService;
  /** Null when no SMTP server is configured: mail then waits in the outbox. */
  readonly sender: OutboxSender | null;
}

export interface AccountsRouteOptions {
  readonly accounts: AccountsContext;
}

export function createAccountsContext(app: FastifyInstance): AccountsContext {
  const { gateway } = app;
  const mail = parseMailConfig(gateway.config.mail);
  const storage: AccountsStorage = gateway.storage;
  const now = (): number => gateway.clock.now();
  let delivery: MailDelivery | null = null;
  if (mail.smtpUrl !== undefined) {
    delivery = smtpDelivery({ url: mail.smtpUrl, from: mail.from, ...(mail.caPem === undefined ? {} : { caPem: mail.caPem }) });
  } else if (gateway.mailer !== null) {
    const hook = gateway.mailer;
    delivery = { send: (m) => hook.send(m), close: () => undefined };
  }
  const sender =
    delivery === null
      ? null
      : new OutboxSender({
          store: storage.outbox,
          delivery,
          from: mail.from,
          logger: gateway.logger.child({ part: 'outbox' }),
          pollMs: mail.pollSeconds * 1000,
          baseBackoffMs: mail.baseBackoffSeconds * 1000,
          maxBackoffMs: mail.maxBackoffSeconds * 1000,
          maxAttempts: mail.maxAttempts,
          now,
        });
  const mailQueued = (): void => sender?.notify();
  const policy: PasswordPolicyOptions = { ...DEFAULT_PASSWORD_POLICY, ...gateway.config.passwordPolicy };
  const { messageIdDomain } = mail;
  const passwords = new PasswordService({ storage, audit: gateway.audit, policy, now, mailQueued, messageIdDomain });
  return {
    storage,
    policy,
    passwords,
    login: new PasswordLogin({ storage, audit: gateway.audit, now }),
    recovery: new RecoveryService({
      storage,
      audit: gateway.audit,
      passwords,
      publicBaseUrl: gateway.config.publicBaseUrl,
      now,
      mailQueued,
      messageIdDomain,
    }),
    sender,
  };
}

export const accountsRoutes: FastifyPluginAsync = async (app) => {
  const accounts = createAccountsContext(app);
  if (accounts.sender === null) app.gateway.logger.warn('no mail.smtpUrl configured: mail stays in the outbox until one is');
  app.addHook('onReady', (done) => {
    accounts.sender?.start();
    done();
  });
  // preClose runs before the app's onClose closes storage.
  app.addHook('preClose', async () => {
    await accounts.sender?.stop();
  });
  const options: AccountsRouteOptions = { accounts };
  await app.register(passwordLoginRoutes, options);
  await app.register(internetAccessRoutes, options);
  await app.register(recoveryRoutes, options);
  await app.register(resetPageRoutes, options);
};
