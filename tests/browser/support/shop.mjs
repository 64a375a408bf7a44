// The example shop (`cargo run --example checkout`) as the tests see it:
// its address and the sandbox's (from the environment .ci/browser sets),
// its pages' result element and orders table, the sandbox's checkout
// window, and the sandbox's control API.
import assert from 'node:assert/strict';
import { WAIT_MS } from './browser.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests with .ci/browser`);
  return value.replace(/\/$/, '');
}

export const SHOP_URL = required('SHOP_URL');
export const SANDBOX_URL = required('SANDBOX_URL');

// Clicks one of the checkout window's outcomes: approve, decline or cancel.
export async function choose(page, choice) {
  const button = page.locator(`[data-sandbox-choice="${choice}"]`);
  await button.waitFor({ state: 'visible' });
  await button.click();
}

// Waits until the shop has answered on the page (its #result element has a
// state other than `none` and `open`) and returns what it shows.
export async function result(page) {
  const element = page.locator('#result:not([data-state="none"]):not([data-state="open"])');
  await element.waitFor({ state: 'attached' });
  return {
    state: await element.getAttribute('data-state'),
    merchantUid: await element.getAttribute('data-merchant-uid'),
    impUid: await element.getAttribute('data-imp-uid'),
    text: await element.textContent(),
  };
}

// The shop's order `merchantUid` as its orders page shows it.
export async function orderRow(page, merchantUid) {
  await page.goto(`${SHOP_URL}/orders`);
  const row = page.locator(`tr[data-merchant-uid="${merchantUid}"]`);
  await row.waitFor({ state: 'attached' });
  return {
    state: await row.getAttribute('data-state'),
    webhooks: Number(await row.getAttribute('data-webhooks')),
    text: await row.textContent(),
  };
}

// Reloads the orders page until the order's row satisfies `condition`
// (a webhook arrives after the page's own report), at most WAIT_MS.
export async function waitForOrder(page, merchantUid, condition) {
  const deadline = Date.now() + WAIT_MS;
  let row;
  for (;;) {
    row = await orderRow(page, merchantUid);
    if (condition(row) || Date.now() > deadline) return row;
    await page.waitForTimeout(200);
  }
}

// A call to the sandbox's control API (`/_sandbox/...`); returns `response`
// from its envelope, and fails the test when it answers otherwise.
export async function control(method, path, body) {
  const response = await fetch(`${SANDBOX_URL}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const envelope = await response.json();
  assert.equal(response.status, 200, `${method} /_sandbox/${path}: ${JSON.stringify(envelope)}`);
  return envelope.response;
}

// A payment as the sandbox's REST API reports it (a token first).
export async function payment(impUid) {
  const token = await fetch(`${SANDBOX_URL}/users/getToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' }),
    signal: AbortSignal.timeout(WAIT_MS),
  }).then((r) => r.json());
  const found = await fetch(`${SANDBOX_URL}/payments/${encodeURIComponent(impUid)}`, {
    headers: { authorization: `Bearer ${token.response.access_token}` },
    signal: AbortSignal.timeout(WAIT_MS),
  }).then((r) => r.json());
  return found.response;
}

// Opens the order page's payment window for `method` (card or vbank).
export async function startOrder(page, method, { prepare = true } = {}) {
  await page.locator('#prepare').setChecked(prepare);
  await page.locator(`[data-pay="${method}"]`).click();
}
