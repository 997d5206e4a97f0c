import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserServer, type LaunchOptions, type Page } from 'playwright-core';
import { repoRoot } from './server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium with the flags this environment needs. */
const LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Chromium 15x preloads its address bar's pop-ups as hidden web pages, even headless: they cost a renderer and
    // about a fifth of the browser's CPU in these tests, for nothing a test looks at.
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  ],
};

/** A Chromium of this process (the benchmarks, and tests that need flags of their own: `extraArgs`). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ ...LAUNCH, args: [...(LAUNCH.args ?? []), ...extraArgs] });
}

/** A Chromium that test files connect to (`connectBrowser`), started once for the browser project's workers. */
export async function launchBrowserServer(): Promise<BrowserServer> {
  try {
    return await chromium.launchServer(LAUNCH);
  } catch (error) {
    throw new Error(`Chromium could not be started from ${CHROMIUM_PATH} (install it, or set CHROMIUM_PATH): ${(error as Error).message}`);
  }
}

/** Connects to a Chromium started by `launchBrowserServer`. */
export async function connectBrowser(endpoint: string): Promise<Browser> {
  return chromium.connect(endpoint);
}

export const screenshotDir = join(repoRoot, 'test', 'output', 'screenshots');

/** Saves what the user saw, under test/output/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
