// Webhooks as they really arrive: twice (the shop must not act twice) and
// late, after the page's callback has settled the order (the shop must
// not trust their order). The sandbox's control API sets the delivery
// mode (/_sandbox/webhooks/settings) and moves its clock.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, control, result, startOrder, waitForOrder } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'webhooks';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});
afterEach(async () => {
  await control('POST', 'webhooks/settings', { mode: 'once', format: 'json' });
});

async function payByCard() {
  const page = await open(browser, `${SHOP_URL}/`);
  await startOrder(page, 'card');
  await choose(page, 'approve');
  const shown = await result(page);
  assert.equal(shown.state, 'paid', shown.text);
  return { page, shown };
}

async function webhooksFor(impUid) {
  const all = await control('GET', 'webhooks');
  return all.filter((w) => w.kind === 'notification' && w.body?.imp_uid === impUid);
}

test('a webhook delivered twice (form-encoded) settles the order once', async () => {
  await control('POST', 'webhooks/settings', { mode: 'twice', format: 'form' });
  const { page, shown } = await payByCard();
  const row = await waitForOrder(page, shown.merchantUid, (r) => r.webhooks >= 2);
  await shot(page, 'twice-orders');
  assert.equal(row.webhooks, 2, row.text);
  assert.equal(row.state, 'paid');
  assert.equal(row.text.match(/verified: paid/g)?.length, 1, `verified once: ${row.text}`);
  assert.match(row.text, /unchanged \(paid\); nothing to do/);
  const sent = await webhooksFor(shown.impUid);
  assert.equal(sent.length, 2, JSON.stringify(sent));
  for (const webhook of sent) assert.equal(webhook.status, 200, JSON.stringify(webhook));
});

test('a webhook that arrives after the callback changes nothing', async () => {
  await control('POST', 'webhooks/settings', { mode: 'late', delay_seconds: 600 });
  const { page, shown } = await payByCard();
  let row = await waitForOrder(page, shown.merchantUid, () => true);
  assert.equal(row.webhooks, 0, 'held by the sandbox until its clock moves');
  assert.equal(row.state, 'paid', 'the callback settled it');
  await shot(page, 'late-before');

  await control('POST', 'clock/advance', { seconds: 601 });
  row = await waitForOrder(page, shown.merchantUid, (r) => r.webhooks >= 1);
  await shot(page, 'late-after');
  assert.equal(row.webhooks, 1, row.text);
  assert.equal(row.state, 'paid');
  assert.match(row.text, /webhook: .*unchanged \(paid\); nothing to do/);
  const sent = await webhooksFor(shown.impUid);
  assert.equal(sent.length, 1, JSON.stringify(sent));
  assert.equal(sent[0].status, 200);
});
