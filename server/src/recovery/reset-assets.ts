// The reset page's static assets: nhsuk-frontend's CSS straight from node_modules, our small
// stylesheet, and the checklist script, bundled once (with the shared password policy) by
// esbuild the first time it is asked for. Without esbuild the page still works as a plain form.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export interface Asset {
  readonly body: string;
  readonly contentType: string;
}

const CLIENT_ENTRY = fileURLToPath(new URL('./reset-page.client.ts', import.meta.url));
const PAGE_CSS = fileURLToPath(new URL('../../public/reset-page.css', import.meta.url));

let script: Promise<Asset | null> | undefined;
let nhsCss: Promise<Asset> | undefined;
let pageCss: Promise<Asset> | undefined;

async function bundleClient(): Promise<Asset | null> {
  try {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [CLIENT_ENTRY],
      bundle: true,
      write: false,
      format: 'iife',
      target: ['es2020'],
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const out = result.outputFiles[0];
    return out === undefined ? null : { body: out.text, contentType: 'text/javascript; charset=utf-8' };
  } catch {
    return null;
  }
}

export function resetPageScript(): Promise<Asset | null> {
  script ??= bundleClient();
  return script;
}

export const NHS_IMAGES_PATH = 'nhsuk/images';

/**
 * nhsuk-frontend's CSS as the page may load it under its CSP: the Frutiger @font-face rules
 * point at the NHS CDN (the font is licensed and not in the package), so they are dropped and
 * the CSS's own fallback (Arial) is used; image URLs point at our copy of the package's images.
 */
export function adaptNhsukCss(css: string): string {
  return css
    .replace(/@font-face\{[^}]*https:\/\/assets\.nhs\.uk[^}]*\}/gu, '')
    .replace(/url\(\/assets\/images\//gu, `url(/reset-assets/${NHS_IMAGES_PATH}/`);
}

export function nhsukFrontendCss(): Promise<Asset> {
  nhsCss ??= readFile(require.resolve('nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css'), 'utf8').then((body) => ({
    body: adaptNhsukCss(body),
    contentType: 'text/css; charset=utf-8',
  }));
  return nhsCss;
}

const IMAGE_TYPES: Readonly<Record<string, string>> = { svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon' };

/** One of nhsuk-frontend's images by file name (letters, digits, dashes), or null. */
export async function nhsukImage(name: string): Promise<{ body: Buffer; contentType: string } | null> {
  const match = /^[a-z0-9-]{1,64}\.(svg|png|ico)$/u.exec(name);
  const type = match?.[1] === undefined ? undefined : IMAGE_TYPES[match[1]];
  if (type === undefined) return null;
  try {
    return { body: await readFile(require.resolve(`nhsuk-frontend/dist/nhsuk/assets/images/${name}`)), contentType: type };
  } catch {
    return null;
  }
}

export function resetPageCss(): Promise<Asset> {
  pageCss ??= readFile(PAGE_CSS, 'utf8').then((body) => ({ body, contentType: 'text/css; charset=utf-8' }));
  return pageCss;
}
