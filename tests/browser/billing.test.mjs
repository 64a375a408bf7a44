// A card on file: the window issues a billing key (request_pay with a
// customer_uid), the shop checks it with the API, then charges it from its
// server with `again`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, payment, result } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'billing';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a billing key issued in the window is charged with again', async () => {
  const page = await open(browser, `${SHOP_URL}/billing`);
  await page.locator('#register').click();
  await page.locator('[data-sandbox-choice="approve"]').waitFor();
  await shot(page, 'window');
  await choose(page, 'approve');
  const registered = await result(page);
  await shot(page, 'registered');
  assert.equal(registered.state, 'registered', registered.text);

  await page.locator('#charge').click();
  await page.locator('#result[data-state="paid"], #result[data-state="failed"], #result[data-state="error"]').waitFor();
  const charged = await result(page);
  await shot(page, 'charged');
  assert.equal(charged.state, 'paid', charged.text);
  const paid = await payment(charged.impUid);
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amount, 9900);
  assert.match(paid.customer_uid ?? '', /^customer-/);
});

test('a billing key window the customer closes registers nothing', async () => {
  const page = await open(browser, `${SHOP_URL}/billing`);
  await page.locator('#register').click();
  await choose(page, 'cancel');
  const shown = await result(page);
  await shot(page, 'cancelled');
  assert.equal(shown.state, 'failed', shown.text);
  assert.equal(await page.locator('#charge').isDisabled(), true);
});
