// A virtual account: issued in the window (the order awaits the deposit),
// then deposited through the sandbox's control API; the webhook that
// follows marks the order paid.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, control, payment, result, startOrder, waitForOrder } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'vbank';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a virtual account issued, then deposited, pays the order', async () => {
  const page = await open(browser, `${SHOP_URL}/`);
  await startOrder(page, 'vbank');
  await page.locator('[data-sandbox-choice="approve"]').waitFor();
  await shot(page, 'window');
  await choose(page, 'approve');
  const shown = await result(page);
  await shot(page, 'issued');
  assert.equal(shown.state, 'awaiting-deposit', shown.text);
  const issued = await payment(shown.impUid);
  assert.equal(issued.status, 'ready');
  assert.ok(issued.vbank_num, 'the account has a number');
  assert.match(shown.text, new RegExp(issued.vbank_num));

  await control('POST', `vbanks/${encodeURIComponent(shown.impUid)}/deposit`);
  const row = await waitForOrder(page, shown.merchantUid, (r) => r.state === 'paid');
  await shot(page, 'deposited-orders');
  assert.equal(row.state, 'paid', row.text);
  assert.match(row.text, /webhook: .* verified: paid/);
  assert.equal((await payment(shown.impUid)).status, 'paid');
});
