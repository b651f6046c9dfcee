// Recovery (DESIGN.md 4.8):
//   POST /v1/recovery/username and /v1/recovery/password { email, dateOfBirth } → 202
//     { status: 'accepted' } whatever happened (device-signed: asked at a kiosk).
//   POST /v1/recovery/password/complete { token, newPassword } → 204 (JSON), or from the reset
//     page's plain form POST (urlencoded, with confirmPassword) → an HTML page. Not
//     device-signed: the link is opened in any browser. Rate-limited per source address.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES, type RecoveryAcceptedResponse, type RecoveryRequest } from '../../../src-main/shared/gateway-api';
import { ApiError } from '../errors';
import type { AccountsRouteOptions } from '../internet-access/accounts-plugin';
import { perAccountLimit, perDeviceLimit } from '../rate-limits';
import { sendHtml } from '../recovery/html-reply';
import { normaliseEmail } from '../recovery/recovery-service';
import { resetDonePage, resetErrorPage, resetFormPage, resetLinkInvalidPage } from '../recovery/reset-page-html';

const askSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'dateOfBirth'],
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' },
    dateOfBirth: { type: 'string', minLength: 10, maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
} as const;

const completeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'newPassword'],
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 128 },
    newPassword: { type: 'string', maxLength: 256 },
    // Only the HTML form sends it: the page checks the two entries match.
    confirmPassword: { type: 'string', maxLength: 256 },
  },
} as const;

interface CompleteBody {
  readonly token: string;
  readonly newPassword: string;
  readonly confirmPassword?: string;
}

const ACCEPTED: RecoveryAcceptedResponse = { status: 'accepted' };

/** A real calendar date, not in the future, after 1900. */
function isPlausibleDateOfBirth(value: string, now: number): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getTime() <= now && value >= '1900-01-01';
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

function isFormPost(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM_TYPE);
}

export const recoveryRoutes: FastifyPluginAsync<AccountsRouteOptions> = (app, { accounts }) => {
  // The reset page's form posts urlencoded; only this plugin's routes accept it.
  app.addContentTypeParser(FORM_TYPE, { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    const params = new URLSearchParams(body as string);
    const fields: Record<string, string> = {};
    for (const [key, value] of params) {
      if (Object.hasOwn(fields, key)) {
        done(new ApiError('VALIDATION_FAILED', 'A field was sent twice.'), undefined);
        return;
      }
      fields[key] = value;
    }
    done(null, fields);
  });

  const perEmail = perAccountLimit(
    app,
    (request) => `recovery:${normaliseEmail((request.body as RecoveryRequest).email)}`,
    app.gateway.config.rateLimits.perEmailRecovery,
  );
  const ask = (route: string, run: (body: RecoveryRequest, origin: { deviceId: string | null; sourceAddress: string }) => Promise<void>): void => {
    app.post<{ Body: RecoveryRequest; Reply: RecoveryAcceptedResponse }>(
      route,
      { schema: { body: askSchema }, config: { deviceAuth: true }, preHandler: [perDeviceLimit(app), perEmail] },
      async (request, reply) => {
        if (!isPlausibleDateOfBirth(request.body.dateOfBirth, app.gateway.clock.now())) {
          throw new ApiError('VALIDATION_FAILED', 'The date of birth is not a real date (use YYYY-MM-DD).');
        }
        await run(request.body, { deviceId: request.device?.id ?? null, sourceAddress: request.ip });
        return reply.status(202).send(ACCEPTED);
      },
    );
  };
  ask(ROUTES.recoveryUsername, (body, origin) => accounts.recovery.requestUsername(body, origin));
  ask(ROUTES.recoveryPassword, (body, origin) => accounts.recovery.requestPasswordReset(body, origin));

  // Not device-signed, so limited per source address (tighter than the global limit).
  const perAddress = perAccountLimit(app, (request) => `recovery-complete:${request.ip}`, app.gateway.config.rateLimits.recoveryCompletePerAddress);

  app.post<{ Body: CompleteBody }>(
    ROUTES.recoveryPasswordComplete,
    {
      schema: { body: completeSchema },
      preHandler: perAddress,
      // The HTML form gets its refusals as pages, not JSON.
      errorHandler: (error, request, reply) => {
        if (!isFormPost(request)) throw error;
        void formError(reply, error);
      },
    },
    async (request, reply) => {
      const { token, newPassword, confirmPassword } = request.body;
      const origin = { deviceId: null, sourceAddress: request.ip };
      const form = isFormPost(request);
      if (form) {
        const staff = await accounts.recovery.inspectToken(token);
        if (staff === null) return sendHtml(reply, 400, resetLinkInvalidPage());
        const view = { token, username: staff.username, policy: accounts.policy };
        if (confirmPassword !== newPassword) return sendHtml(reply, 422, resetFormPage({ ...view, error: 'The two passwords do not match.' }));
        if (newPassword === '') return sendHtml(reply, 422, resetFormPage({ ...view, error: 'Enter a new password.' }));
        try {
          await accounts.recovery.completePasswordReset(token, newPassword, origin);
        } catch (error) {
          if (error instanceof ApiError && (error.code === 'PASSWORD_POLICY' || error.code === 'PASSWORD_REUSED')) {
            return sendHtml(reply, 422, resetFormPage({ ...view, failedRules: error.extras.failedRules ?? [] }));
          }
          throw error;
        }
        return sendHtml(reply, 200, resetDonePage(staff.username));
      }
      await accounts.recovery.completePasswordReset(token, newPassword, origin);
      return reply.status(204).send();
    },
  );
  return Promise.resolve();
};

function formError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof ApiError) {
    if (error.code === 'RECOVERY_TOKEN_INVALID') return sendHtml(reply, 400, resetLinkInvalidPage());
    if (error.code === 'RATE_LIMITED') return sendHtml(reply, 429, resetErrorPage('Too many attempts from this network. Wait a few minutes and try again.'));
    if (error.code === 'VALIDATION_FAILED' || error.code === 'BODY_TOO_LARGE') return sendHtml(reply, 400, resetErrorPage('The form was not sent correctly. Open the link from your email again.'));
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 429) return sendHtml(reply, 429, resetErrorPage('Too many attempts from this network. Wait a few minutes and try again.'));
  if (typeof status === 'number' && status >= 400 && status < 500) return sendHtml(reply, 400, resetErrorPage('The form was not sent correctly. Open the link from your email again.'));
  reply.log.error({ err: error }, 'reset form failed');
  return sendHtml(reply, 500, resetErrorPage('The password could not be set just now. Try again in a few minutes.'));
}
