// GET /reset/<token>: the set-password page a reset link opens (any browser, no device
// signature), and its assets under /reset-assets/. The page posts to
// /v1/recovery/password/complete (routes/recovery.ts).

import type { FastifyPluginAsync } from 'fastify';
import type { AccountsRouteOptions } from '../internet-access/accounts-plugin';
import { securePageHeaders, sendHtml } from '../recovery/html-reply';
import { NHS_IMAGES_PATH, nhsukFrontendCss, nhsukImage, resetPageCss, resetPageScript, type Asset } from '../recovery/reset-assets';
import { RESET_ASSETS, resetFormPage, resetLinkInvalidPage } from '../recovery/reset-page-html';
import { ApiError } from '../errors';
import { perAccountLimit } from '../rate-limits';

export const resetPageRoutes: FastifyPluginAsync<AccountsRouteOptions> = (app, { accounts }) => {
  const perAddress = perAccountLimit(app, (request) => `reset-page:${request.ip}`, { max: 60, windowSeconds: 900 });

  app.get<{ Params: { token: string } }>('/reset/:token', { preHandler: perAddress }, async (request, reply) => {
    const staff = await accounts.recovery.inspectToken(request.params.token);
    if (staff === null) return sendHtml(reply, 404, resetLinkInvalidPage());
    return sendHtml(reply, 200, resetFormPage({ token: request.params.token, username: staff.username, policy: accounts.policy }));
  });

  const asset = (path: string, load: () => Promise<Asset | null>): void => {
    app.get(`${RESET_ASSETS}/${path}`, async (_request, reply) => {
      const found = await load();
      if (found === null) throw new ApiError('NOT_FOUND');
      return securePageHeaders(reply).header('cache-control', 'public, max-age=3600').type(found.contentType).send(found.body);
    });
  };
  asset('nhsuk-frontend.min.css', nhsukFrontendCss);
  asset('reset-page.css', resetPageCss);
  asset('reset-page.js', resetPageScript);
  app.get<{ Params: { name: string } }>(`${RESET_ASSETS}/${NHS_IMAGES_PATH}/:name`, async (request, reply) => {
    const image = await nhsukImage(request.params.name);
    if (image === null) throw new ApiError('NOT_FOUND');
    return securePageHeaders(reply).header('cache-control', 'public, max-age=86400').type(image.contentType).send(image.body);
  });
  return Promise.resolve();
};
