import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildConsole } from '../../scripts/console-build';
import { createTestApp, type TestApp } from '../support/test-app';

/** Debian's Chromium (apt-get install chromium); Playwright's own browser downloads are not used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** `describe` when Chromium is there; otherwise the suite is skipped and says so, with how to enable it. */
export function describeInBrowser(name: string, suite: () => void): void {
  if (!HAVE_CHROMIUM) process.stdout.write(`\nBROWSER TESTS DID NOT RUN: no Chromium at ${CHROMIUM}. Enable them with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).\n\n`);
  (HAVE_CHROMIUM ? describe : describe.skip)(name, suite);
}

/** Screenshots of each role's main page: git-ignored, kept after the run for a person to look at. */
export const ARTIFACTS = join(__dirname, 'artifacts');

// The flags this machine needs (docs: machines/node-svc): no sandbox as root, and no background
// networking, whose connections the closed network refuses.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium with a fresh, empty profile: a plain launch gets a new temporary user-data-dir, removed on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** The test app listening on a loopback port, as a browser needs it. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** The console built (when older than its sources) and the real app listening for a browser. */
export async function consoleApp(env: Record<string, string>): Promise<{ t: TestApp; baseUrl: string }> {
  buildConsole({ ifStale: true, say: () => undefined });
  const t = await createTestApp(env);
  return { t, baseUrl: await listen(t) };
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

/** Uncaught errors of every page signed in here; the tests expect none. */
export const pageErrors: string[] = [];
/** Every POST /v1/auth/refresh the pages sent, with its status: the silent refresh at work. */
export const refreshes: number[] = [];

/** A context per person, in English, and its page signed in through the login form. */
export async function signIn(browser: Browser, baseUrl: string, email: string, password: string, device: typeof PHONE | typeof DESKTOP = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...device, baseURL: baseUrl, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/v1/auth/refresh') refreshes.push(response.status());
  });
  await page.goto('/');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { context, page };
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { target: readonly string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // Runs in the page (the test program has no DOM library): axe.run over the whole document.
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${page.url()}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// The page's document, inside page.waitForFunction callbacks (the test program has no DOM library).
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

/** Waits until the element with `data-testid` shows `expected` (exactly, or matching), then checks it. */
export async function expectText(page: Page, testId: string, expected: string | RegExp): Promise<void> {
  await page.waitForFunction(
    ([id, source, flags]) => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
      return flags === null ? text === source : new RegExp(source, flags).test(text);
    },
    [testId, typeof expected === 'string' ? expected : expected.source, typeof expected === 'string' ? null : expected.flags] as const,
    { timeout: 15_000 },
  );
  expect(await page.getByTestId(testId).first().textContent()).toMatch(expected);
}
