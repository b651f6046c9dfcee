import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: served to Electron through app:// and to the browser host over HTTP.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // lightningcss fails on a hack in nhsuk-frontend's CSS (STACK.md).
    cssMinify: 'esbuild',
    sourcemap: false,
  },
});
