// Renderer bundle sizes: builds dist/renderer with the project's Vite config, then gzips (level
// 9, as a web server would send it) the JS loaded at start (index.html's script and its
// modulepreloads), all JS (lazy chunks too) and the CSS.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT, round } from './lib';

export interface RendererSizes {
  initialJsKiB: number;
  allJsKiB: number;
  cssKiB: number;
  rawInitialJsKiB: number;
  chunks: number;
}

const gzKiB = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

export async function measureRenderer(build = true): Promise<RendererSizes> {
  if (build) await promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: REPO_ROOT, timeout: 240_000 });
  const dir = join(REPO_ROOT, 'dist/renderer');
  const assets = readdirSync(join(dir, 'assets'));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const js = assets.filter((a) => a.endsWith('.js'));
  const css = assets.filter((a) => a.endsWith('.css'));
  const sum = (files: string[], size: (f: string) => number) => round(files.reduce((n, f) => n + size(join(dir, 'assets', f)), 0), 1);
  return {
    initialJsKiB: sum(initial, gzKiB),
    allJsKiB: sum(js, gzKiB),
    cssKiB: sum(css, gzKiB),
    rawInitialJsKiB: sum(initial, (f) => readFileSync(f).length / 1024),
    chunks: js.length,
  };
}
