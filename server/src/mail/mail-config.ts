// The `mail` section of the gateway config (owned by the accounts half): how to reach SMTP and
// how the outbox sender retries. Validated at start like the rest of the config.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config';

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
    /** Domain for Message-IDs. */
    messageIdDomain: z.string().min(1).default('esr-gateway.invalid'),
    /**
     * Password policy options over DEFAULT_PASSWORD_POLICY (DESIGN.md section 6). Kept here
     * because `mail` is the config section the accounts half owns; the kiosk must use the same.
     */
    passwordPolicy: z
      .object({
        minLength: z.number().int().min(4).max(64),
        maxLength: z.number().int().min(8).max(256),
        forbidAnyRepeatedCharacter: z.boolean(),
        sequenceLength: z.number().int().min(3).max(10),
        bannedWords: z.array(z.string().min(3).max(64)).max(10_000),
      })
      .partial()
      .strict()
      .default({}),
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
