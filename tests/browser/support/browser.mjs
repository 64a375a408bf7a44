// Headless Chromium from Debian's `chromium` package, driven by
// playwright-core (which never downloads a browser), and the screenshots
// each test step leaves under target/browser-screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOTS || join('target', 'browser-screenshots');
// Every wait is bounded: an action or a wait gives up after this long.
export const WAIT_MS = 15_000;

// What a phone's browser says it is: the SDK then redirects to m_redirect_url.
export const MOBILE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps calling
    // Google's hosts, which this machine's closed network refuses.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: WAIT_MS * 2,
  });
}

// A fresh page (its own cookies) at `url`; `mobile` makes it a phone.
export async function open(browser, url, { mobile = false } = {}) {
  const context = await browser.newContext(
    mobile
      ? { userAgent: MOBILE_USER_AGENT, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { viewport: { width: 1024, height: 800 } },
  );
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.problems = problems;
  await page.goto(url);
  return page;
}

let counter = 0;
// Saves a screenshot of the page as NN-test-step.png.
export async function shot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  counter += 1;
  const file = join(SCREENSHOTS, `${process.env.SCREENSHOT_PREFIX || 'x'}-${String(counter).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
