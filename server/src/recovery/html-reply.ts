// Headers for every HTML page the gateway serves: a strict CSP (no inline script or style, no
// framing, forms post only to us), no referrer (the URL holds a reset token), no caching.

import type { FastifyReply } from 'fastify';

export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function securePageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin');
}

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return securePageHeaders(reply).status(status).type('text/html; charset=utf-8').send(html);
}
