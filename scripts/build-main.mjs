// Bundles Electron main and preload to CommonJS in dist/main. A sandboxed preload cannot be an
// ES module, and one bundle per entry keeps the asar small; native modules and electron stay
// external (electron-builder unpacks and rebuilds the .node files).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = ['src-main/electron/main.ts', 'src-main/electron/preload.ts'].filter((f) => existsSync(f));
if (entries.length === 0) {
  console.log('build-main: no Electron entry points yet');
  process.exit(0);
}
await build({
  entryPoints: entries,
  outdir: 'dist/main',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  external: ['electron', 'pcsclite', 'keytar', 'better-sqlite3'],
  logLevel: 'info',
});
