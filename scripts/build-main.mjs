// Bundles Electron main and preload to CommonJS in dist/main. A sandboxed preload cannot be an
// ES module, and one bundle per entry keeps the asar small; native modules and electron stay
// external (electron-builder unpacks and rebuilds the .node files).
//   node scripts/build-main.mjs [--outdir DIR] [--target ES_TARGET]
// scripts/electronegativity.sh builds a copy with an older --target: the scanner's AST walker
// does not know newer syntax (class private fields) and would silently skip the file.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outdir: { type: 'string' }, target: { type: 'string' } } });

const entries = ['src-main/electron/main.ts', 'src-main/electron/preload.ts'].filter((f) => existsSync(f));
if (entries.length === 0) {
  process.stdout.write('build-main: no Electron entry points yet\n');
  process.exit(0);
}
await build({
  entryPoints: entries,
  outdir: values.outdir ?? 'dist/main',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: values.target ?? 'node22',
  sourcemap: true,
  external: ['electron', 'pcsclite', 'keytar', 'better-sqlite3'],
  // Lazy `import('keytar')` becomes a lazy require(): Electron resolves require() inside app.asar
  // (and from app.asar.unpacked for the .node file) the way it always has, which its ESM loader
  // is not relied on to do.
  supported: { 'dynamic-import': false },
  logLevel: 'info',
});
