// A phone: the SDK sends the browser to m_redirect_url with imp_uid and
// merchant_uid instead of calling the callback; the shop verifies the
// payment on that request.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, orderRow, payment, result, startOrder } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'mobile';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('on a phone an approved payment comes back by the redirect', async () => {
  const page = await open(browser, `${SHOP_URL}/`, { mobile: true });
  await startOrder(page, 'card');
  await page.locator('[data-sandbox-choice="approve"]').waitFor();
  await shot(page, 'window');
  await choose(page, 'approve');
  await page.waitForURL(/\/payments\/redirect\?/);
  const landed = new URL(page.url());
  assert.ok(landed.searchParams.get('imp_uid'), landed.href);
  assert.ok(landed.searchParams.get('merchant_uid'), landed.href);
  const shown = await result(page);
  await shot(page, 'redirected');
  assert.equal(shown.state, 'paid', shown.text);
  assert.equal((await payment(landed.searchParams.get('imp_uid'))).status, 'paid');
  const row = await orderRow(page, landed.searchParams.get('merchant_uid'));
  assert.match(row.text, /verified: paid 15000 KRW/);
  assert.match(row.text, /redirect: /);
  assert.doesNotMatch(row.text, /callback:/, 'the callback is not called on a phone');
});

test('on a phone a cancelled payment comes back by the redirect as a failure', async () => {
  const page = await open(browser, `${SHOP_URL}/`, { mobile: true });
  await startOrder(page, 'card');
  await choose(page, 'cancel');
  await page.waitForURL(/\/payments\/redirect\?/);
  const landed = new URL(page.url());
  assert.ok(
    landed.searchParams.get('error_msg') || landed.searchParams.get('imp_success') === 'false',
    `the redirect says it failed: ${landed.search}`,
  );
  const shown = await result(page);
  await shot(page, 'cancelled');
  assert.equal(shown.state, 'failed', shown.text);
});
