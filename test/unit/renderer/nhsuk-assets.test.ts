// The renderer loads nothing remote (CSP default-src 'self'): the build's CSS transform drops
// nhsuk-frontend's remote web fonts and points its icons at the package's own files.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nhsukLocalAssets } from '../../../vite.config';

const require = createRequire(import.meta.url);
const cssPath = join(
  dirname(require.resolve('nhsuk-frontend/package.json')),
  'dist/nhsuk/nhsuk-frontend.min.css',
);

function transform(code: string, id: string): string | null {
  const plugin = nhsukLocalAssets();
  const hook = plugin.transform as (code: string, id: string) => { code: string } | null;
  return hook.call({}, code, id)?.code ?? null;
}

describe('nhsukLocalAssets', () => {
  const original = readFileSync(cssPath, 'utf8');
  const out = transform(original, cssPath) ?? '';

  it('the package CSS really does reference remote fonts and root-relative icons (so this test means something)', () => {
    expect(original).toMatch(/url\(https:\/\/assets\.nhs\.uk/);
    expect(original).toMatch(/url\(\/assets\/images\//);
  });

  it('leaves no remote URL and no root-relative icon in the CSS', () => {
    expect(out).not.toMatch(/url\(["']?https?:/);
    expect(out).not.toMatch(/url\(["']?\/assets\//);
    expect(out).not.toMatch(/@font-face/);
  });

  it('points every icon at a file that exists in the package', () => {
    const urls = [...out.matchAll(/url\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(existsSync(url), url).toBe(true);
  });

  it('keeps the rest of the CSS (only font rules removed)', () => {
    expect(out.length).toBeGreaterThan(original.length * 0.95);
    expect(out).toContain('.nhsuk-error-summary');
  });

  it('touches only nhsuk-frontend CSS', () => {
    expect(transform('a{background:url(/assets/images/x.svg)}', '/app/src/kiosk.css')).toBeNull();
  });
});
