import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const require = createRequire(import.meta.url);
const NHSUK_ASSETS = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist/nhsuk/assets');

/**
 * nhsuk-frontend's compiled CSS loads the Frutiger web font from assets.nhs.uk and its icons
 * from `/assets/images/…`. The kiosk loads nothing remote (CSP `default-src 'self'`), so:
 * drop the remote @font-face rules (the design system's Arial fallback is used) and point the
 * icons at the package's own files, which Vite then bundles next to the app with hashed names.
 */
export function nhsukLocalAssets(): Plugin {
  return {
    name: 'esr-nhsuk-local-assets',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[\\/].*\.css(\?|$)/.test(id)) return null;
      const withoutRemoteFonts = code.replace(/@font-face\s*\{[^}]*https?:\/\/[^}]*\}/g, '');
      const localIcons = withoutRemoteFonts.replace(
        /url\((["']?)\/assets\/images\/([\w.-]+)\1\)/g,
        (_match, _quote, file: string) => `url("${join(NHSUK_ASSETS, 'images', file).replace(/\\/g, '/')}")`,
      );
      return { code: localIcons, map: null };
    },
  };
}

// The renderer: served to Electron through app:// and to the browser host over HTTP.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), nhsukLocalAssets()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // lightningcss fails on a hack in nhsuk-frontend's CSS (STACK.md).
    cssMinify: 'esbuild',
    sourcemap: false,
    // No data: URIs: the CSP allows images from 'self' only.
    assetsInlineLimit: 0,
    // Vite's modulepreload polyfill is bundled code, but nothing here needs it (Chromium).
    modulePreload: { polyfill: false },
  },
});
