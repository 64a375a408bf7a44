/**
 * `window.IMP`, the browser SDK of i'mport (PortOne V1), as the
 * iamport-sandbox's fake of it defines it (`/v1/iamport.js`, served with
 * this file beside it at `/v1/iamport.d.ts`). A page written against these
 * declarations runs against the real SDK too.
 *
 * Checked in CI by `.ci/checkout-types`: a page script type-checks with
 * `tsc --strict`, and where the community package `iamport-typings`
 * describes the same thing, the two agree.
 */

/** A payment method: the usual ones, or another the PG takes. */
export type PayMethod =
  | "card"
  | "trans"
  | "vbank"
  | "phone"
  | "kakaopay"
  | "naverpay"
  | "tosspay"
  | "payco"
  | "samsungpay"
  | "lpay"
  | "ssgpay"
  | "applepay"
  | "cultureland"
  | "happymoney"
  | "booknlife"
  | "point"
  | (string & {});

/** `IMP.request_pay`'s parameters. */
export interface RequestPayParams {
  /** The PG module (`"kcp"`, `"html5_inicis"`, `"nice_v2"`, ...), optionally `"pg.MID"`. */
  pg?: string;
  /** The channel, in place of `pg` (the newest SDK). */
  channelKey?: string;
  /** Default `"card"`. */
  pay_method?: PayMethod;
  /** The order: unique, at most 40 characters; one already paid is refused. */
  merchant_uid?: string;
  name?: string;
  /** A number, never a string. Shown only in a billing-key window whose PG does not charge at issuance. */
  amount?: number;
  currency?: string;
  tax_free?: number;
  vat_amount?: number | null;
  buyer_name?: string;
  buyer_tel?: string;
  buyer_email?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  /** Kept by the API as JSON text; handed back to the callback as given. */
  custom_data?: unknown;
  /** Where a phone's browser is sent with the result (the callback is then not called). */
  m_redirect_url?: string;
  /** Replaces the console's webhook URL for this payment. */
  notice_url?: string | string[];
  /** POSTed `{imp_uid, merchant_uid, amount}` before approval; anything but 200 fails the payment. */
  confirm_url?: string;
  /** Opens a billing-key window for this key instead of a payment. */
  customer_uid?: string;
  /** A virtual account's deadline: `YYYYMMDD`, `YYYY-MM-DD`, either with `hhmm` or `hhmmss` (Korean time). */
  vbank_due?: string;
  /** Required for `pay_method: "phone"`. */
  digital?: boolean;
  escrow?: boolean;
  display?: { card_quota?: number[] };
  card?: {
    direct?: { code: string; quota: number };
    detail?: { card_code: string; enabled: boolean }[];
  };
  app_scheme?: string;
  language?: string;
  biz_num?: string;
  popup?: boolean;
}

/**
 * What the callback gets. The legacy script (and most PG modules) give the
 * full object; with `/v1/iamport.js` the newer modules (`tosspayments`,
 * `nice_v2`, `smartro_v2`, `ksnet`, `welcome`, `paypal_v2`) give only
 * `imp_uid`, `merchant_uid`, `error_code`, `error_msg`. Test failure as
 * `error_code != null`, and look the payment up on the server: `success`
 * does not mean paid.
 */
export interface RequestPayResponse {
  success?: boolean;
  error_code?: string | null;
  error_msg?: string | null;
  /** `null` when the SDK refused before the window opened. */
  imp_uid: string | null;
  merchant_uid: string;
  pay_method?: string | null;
  paid_amount?: number;
  status?: "ready" | "paid" | "failed";
  name?: string | null;
  pg_provider?: string | null;
  emb_pg_provider?: string | null;
  pg_tid?: string | null;
  buyer_name?: string | null;
  buyer_email?: string | null;
  buyer_tel?: string | null;
  buyer_addr?: string | null;
  buyer_postcode?: string | null;
  custom_data?: unknown;
  /** Unix time in seconds; 0 when not paid. */
  paid_at?: number;
  receipt_url?: string | null;
  apply_num?: string | null;
  vbank_num?: string | null;
  vbank_name?: string | null;
  vbank_holder?: string | null;
  /** Unix time in seconds; 0 when not a virtual account. */
  vbank_date?: number;
  card_name?: string | null;
  /** Masked. */
  card_number?: string | null;
  card_quota?: number | null;
  currency?: string;
  /** A billing-key window's key. */
  customer_uid?: string;
}

export type RequestPayCallback = (response: RequestPayResponse) => void;

/** `IMP.certification`'s parameters. */
export interface CertificationParams {
  merchant_uid?: string;
  /** The verification module (`"danal"`, `"inicis_unified"`, ...), optionally `"pg.MID"`. */
  pg?: string;
  channelKey?: string;
  m_redirect_url?: string;
  popup?: boolean;
  company?: string;
  /** Pre-fills the form. */
  carrier?: "SKT" | "KT" | "LGT" | "SKT_MVNO" | "KT_MVNO" | "LGT_MVNO" | "MVNO";
  name?: string;
  phone?: string;
  /** The youngest age accepted. */
  min_age?: number;
}

/** What a verification's callback gets; the server then calls `GET /certifications/{imp_uid}`. */
export interface CertificationResponse {
  success: boolean;
  imp_uid: string | null;
  merchant_uid: string | null;
  pg_type?: string;
  error_code?: string | null;
  error_msg?: string | null;
}

export type CertificationCallback = (response: CertificationResponse) => void;

export interface Iamport {
  /** The merchant code (`imp` and 8 digits). */
  init(merchant_code: string): void;
  /** A sub-merchant's code: the merchant's and the tier's (3 upper-case letters or digits). */
  agency(merchant_code: string, tier_code: string): void;
  request_pay(params: RequestPayParams, callback?: RequestPayCallback): void;
  certification(params: CertificationParams, callback?: CertificationCallback): void;
  /** Not implemented by the sandbox (it says so in the console). */
  loadUI(...args: unknown[]): void;
  /** Not implemented by the sandbox (it says so in the console). */
  updateLoadUIRequest(...args: unknown[]): void;
  /** Not implemented by the sandbox (it says so in the console). */
  loadModule(...args: unknown[]): void;
  /** Not implemented by the sandbox (it says so in the console). */
  close(): void;
}

declare global {
  interface Window {
    IMP?: Iamport;
  }
}
