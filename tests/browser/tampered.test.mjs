// A customer changes the amount in the page before the window opens. With
// the amount registered (`payments/prepare`) the sandbox refuses the
// payment; without it the payment goes through at the wrong amount and the
// shop's own verification refuses it (and cancels it).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, orderRow, payment, result, startOrder } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'tampered';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// What a customer could do in the browser's console: pay 100 won instead.
async function tamper(page) {
  await page.evaluate(() => {
    const requestPay = window.IMP.request_pay.bind(window.IMP);
    window.IMP.request_pay = (params, callback) => requestPay({ ...params, amount: 100 }, callback);
  });
}

test('a tampered amount without prepare is paid, then refused and cancelled by the shop', async () => {
  const page = await open(browser, `${SHOP_URL}/`);
  await tamper(page);
  await startOrder(page, 'card', { prepare: false });
  await page.locator('[data-sandbox-choice="approve"]').waitFor();
  await shot(page, 'window-shows-100');
  await choose(page, 'approve');
  const shown = await result(page);
  await shot(page, 'refused');
  assert.equal(shown.state, 'refused', shown.text);
  assert.match(shown.text, /100/);
  const paid = await payment(shown.impUid);
  assert.equal(paid.amount, 100);
  assert.equal(paid.status, 'cancelled', 'the shop gave the money back');
  const row = await orderRow(page, shown.merchantUid);
  assert.equal(row.state, 'refused');
});

test('a tampered amount with prepare never becomes a payment', async () => {
  const page = await open(browser, `${SHOP_URL}/`);
  await tamper(page);
  await startOrder(page, 'card', { prepare: true });
  // The sandbox refuses before the window opens, or the window opens and
  // the payment fails: either way the shop's page shows a failure.
  const window = page.locator('[data-sandbox-choice="approve"]');
  const answered = page.locator('#result:not([data-state="none"]):not([data-state="open"])');
  await window.or(answered).first().waitFor();
  if (await window.isVisible()) await choose(page, 'approve');
  const shown = await result(page);
  await shot(page, 'prepared-refused');
  assert.equal(shown.state, 'failed', shown.text);
  if (shown.impUid) assert.notEqual((await payment(shown.impUid)).status, 'paid');
});
