import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

/** Without Chromium the browser tests are skipped, saying why; CI installs it and requires it. */
export const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
if (NO_BROWSER) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium; CI requires it)`);
/** A test that needs Chromium. */
export const itInBrowser = it.skipIf(NO_BROWSER);
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** Debian's Chromium, headless, with nothing of its own reaching the network. */
export async function launchChromium(): Promise<Browser | undefined> {
  if (NO_BROWSER) return undefined;
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`).toBe(true);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page at phone width in the dark theme: no sideways scroll, a dark background, the daily chart painted. */
export async function expectPhoneDark(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect(r! + g! + b!, `dark background, got ${background}`).toBeLessThan(200);
  expect(await paintedPixels(page, 'chart-daily')).toBeGreaterThan(500);
}

/** Pixels a chart actually painted on its canvas. */
export function paintedPixels(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement | null;
    if (!canvas || canvas.width === 0) return 0;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }, id);
}
