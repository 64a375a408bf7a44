// A card payment in the checkout window: approved, declined, cancelled.
// The shop learns each outcome from the page's callback and verifies it
// with the API before marking the order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, orderRow, payment, result, startOrder } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'card';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('an approved card payment marks the order paid', async () => {
  const page = await open(browser, `${SHOP_URL}/`);
  await shot(page, 'order-page');
  await startOrder(page, 'card');
  await page.locator('[data-sandbox-choice="approve"]').waitFor();
  await shot(page, 'approved-window');
  await choose(page, 'approve');
  const shown = await result(page);
  await shot(page, 'approved-result');
  assert.equal(shown.state, 'paid', shown.text);
  assert.match(shown.impUid ?? '', /\S/, 'the shop names the payment');
  const paid = await payment(shown.impUid);
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amount, 15000);
  assert.equal(paid.merchant_uid, shown.merchantUid);
  const row = await orderRow(page, shown.merchantUid);
  assert.equal(row.state, 'paid');
  // The webhook and the callback come in either order; the first settles
  // the order, the second finds it settled.
  assert.match(row.text, /verified: paid 15000 KRW/);
  assert.match(row.text, /callback: /);
  await shot(page, 'approved-orders');
  assert.deepEqual(page.problems, []);
});

test('a declined card leaves the order unpaid with the reason', async () => {
  const page = await open(browser, `${SHOP_URL}/`);
  await startOrder(page, 'card');
  await choose(page, 'decline');
  const shown = await result(page);
  await shot(page, 'declined-result');
  assert.equal(shown.state, 'failed', shown.text);
  if (shown.impUid) assert.equal((await payment(shown.impUid)).status, 'failed');
  const row = await orderRow(page, shown.merchantUid);
  assert.equal(row.state, 'failed');
  assert.deepEqual(page.problems, []);
});

test('a customer closing the window leaves the order unpaid', async () => {
  const page = await open(browser, `${SHOP_URL}/`);
  await startOrder(page, 'card');
  await choose(page, 'cancel');
  const shown = await result(page);
  await shot(page, 'cancelled-result');
  assert.equal(shown.state, 'failed', shown.text);
  if (shown.impUid) assert.notEqual((await payment(shown.impUid)).status, 'paid');
  await assert.rejects(page.locator('[data-sandbox-choice]').waitFor({ timeout: 1_000 }), 'the window is closed');
  assert.deepEqual(page.problems, []);
});
