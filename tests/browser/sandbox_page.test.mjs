// The sandbox's own page (/_sandbox/), as a person running the shop by
// hand looks at it: a payment just made in the browser is listed there.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SANDBOX_URL, SHOP_URL, choose, result, startOrder } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'sandbox-page';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a payment made in the browser is listed on /_sandbox/', async () => {
  const page = await open(browser, `${SHOP_URL}/`);
  await startOrder(page, 'card');
  await choose(page, 'approve');
  const shown = await result(page);
  assert.equal(shown.state, 'paid', shown.text);

  await page.goto(`${SANDBOX_URL}/_sandbox/`);
  await shot(page, 'listing');
  const listed = page.getByText(shown.impUid, { exact: false });
  assert.ok((await listed.count()) > 0, `${shown.impUid} is listed on /_sandbox/`);
  const body = await page.locator('body').textContent();
  assert.match(body, new RegExp(shown.merchantUid));
  assert.match(body, /paid/);
});
