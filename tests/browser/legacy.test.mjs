// The legacy script (/js/iamport.payment-1.2.0.js), which many shops still
// load: its callback says `success` and its redirect `imp_success` (the
// strings "true" and "false"); the shop reads either and still verifies
// the payment itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, result, startOrder } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'legacy';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the legacy script on a PC: a declined card reported with success false', async () => {
  const page = await open(browser, `${SHOP_URL}/?sdk=legacy`);
  const posted = page.waitForRequest((request) => request.url().endsWith('/payments/complete'));
  await startOrder(page, 'card');
  await choose(page, 'decline');
  const callback = (await posted).postDataJSON();
  assert.equal(callback.success, false, JSON.stringify(callback));
  assert.ok(callback.imp_uid, 'the full object names the failed payment');
  const shown = await result(page);
  await shot(page, 'declined');
  assert.equal(shown.state, 'failed', shown.text);
});

test('the legacy script on a phone: the redirect says imp_success=true and the shop verifies it', async () => {
  const page = await open(browser, `${SHOP_URL}/?sdk=legacy`, { mobile: true });
  await startOrder(page, 'card');
  await choose(page, 'approve');
  await page.waitForURL(/\/payments\/redirect\?/);
  const landed = new URL(page.url());
  assert.equal(landed.searchParams.get('imp_success'), 'true', landed.search);
  const shown = await result(page);
  await shot(page, 'redirected');
  assert.equal(shown.state, 'paid', shown.text);
});
