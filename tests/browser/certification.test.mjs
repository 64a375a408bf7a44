// Identity verification: the window's form (its fields carry
// data-sandbox-field), then the shop reads the result from the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, open, shot } from './support/browser.mjs';
import { SHOP_URL, choose, result } from './support/shop.mjs';

process.env.SCREENSHOT_PREFIX = 'certification';
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a verification with the name typed in the window is read back by the shop', async () => {
  const page = await open(browser, `${SHOP_URL}/certification`);
  await page.locator('#certify').click();
  const name = page.locator('[data-sandbox-field="name"]');
  await name.waitFor();
  for (const field of ['name', 'phone', 'birthday', 'gender', 'carrier']) {
    assert.equal(await page.locator(`[data-sandbox-field="${field}"]`).count(), 1, `the form has ${field}`);
  }
  await name.fill('김테스트');
  await shot(page, 'form');
  await choose(page, 'approve');
  const shown = await result(page);
  await shot(page, 'verified');
  assert.equal(shown.state, 'certified', shown.text);
  assert.match(shown.text, /김테스트/);
});

test('a verification the customer cancels is not taken', async () => {
  const page = await open(browser, `${SHOP_URL}/certification`);
  await page.locator('#certify').click();
  await choose(page, 'cancel');
  const shown = await result(page);
  await shot(page, 'cancelled');
  assert.equal(shown.state, 'failed', shown.text);
});
