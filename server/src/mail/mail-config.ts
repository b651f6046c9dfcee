// The `mail` section of the gateway config (owned by the accounts half): how to reach SMTP and
// how the outbox sender retries. Validated at start like the rest of the config.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config';
import { DEFAULT_MESSAGE_ID_DOMAIN } from './outbox';

export const MailConfigSchema = z
  .object({
    /** `smtp://host:port` (STARTTLS when offered) or `smtps://host:465`; absent: mail stays queued. */
    smtpUrl: z.string().regex(/^smtps?:\/\//u, 'must start with smtp:// or smtps://').optional(),
    from: z.string().min(3).default('ESR internet access <no-reply@esr-gateway.invalid>'),
    /** PEM file of a private CA the SMTP server's certificate chains to. */
    caFile: z.string().min(1).optional(),
    pollSeconds: z.number().positive().max(3600).default(2),
    baseBackoffSeconds: z.number().positive().max(3600).default(2),
    maxBackoffSeconds: z.number().positive().max(86_400).default(900),
    maxAttempts: z.number().int().min(1).max(1000).default(40),
    /** Domain of the Message-ID of every mail (e.g. the gateway's own host name). */
    messageIdDomain: z
      .string()
      .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/u, 'a domain name, e.g. gateway.trust.nhs.uk')
      .max(253)
      .default(DEFAULT_MESSAGE_ID_DOMAIN),
    // The password policy moved to the top-level `passwordPolicy` key (config.ts still reads it here, with a warning).
  })
  .strict();

export type MailConfig = z.infer<typeof MailConfigSchema>;

export function parseMailConfig(raw: unknown): MailConfig & { caPem?: string } {
  const result = MailConfigSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(`gateway config "mail" is invalid:\n${z.prettifyError(result.error)}`);
  const config = result.data;
  if (config.caFile === undefined) return config;
  try {
    return { ...config, caPem: readFileSync(config.caFile, 'utf8') };
  } catch (error) {
    throw new ConfigError(`cannot read mail.caFile ${config.caFile}: ${(error as Error).message}`);
  }
}
