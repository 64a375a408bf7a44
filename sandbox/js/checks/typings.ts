// sandbox/js/iamport.d.ts against the community package `iamport-typings`
// (npm), where both describe the same thing; `.ci/checkout-types`
// type-checks it with `tsc --strict`: a mismatch fails naming its field.
// Its index declares `window.IMP` too, so its modules are imported one by one.
import type { RequestPayParams as TheirParams } from "iamport-typings/src/RequestPayParams";
import type { RequestPayResponse as TheirResponse } from "iamport-typings/src/RequestPayResponse";
import type { RequestPayParams, RequestPayResponse } from "../iamport";

/** The keys of a `{ key: true | key }` table that are not `true`. */
type Failing<T> = { [K in keyof T]-?: T[K] extends true ? never : K }[keyof T];
type Common<A, B> = keyof A & keyof B;

/** Every parameter a page typed with iamport-typings passes is one the sandbox's declaration takes. */
type ParametersTaken = {
  [K in Common<TheirParams, RequestPayParams>]-?: TheirParams[K] extends RequestPayParams[K] ? true : K;
};
const parametersAgree: Failing<ParametersTaken> extends never ? true : Failing<ParametersTaken> = true;

/**
 * Every field of the callback's object, as the sandbox declares it, is
 * one a page typed with iamport-typings reads (`null` aside: the SDK sends
 * `null` for what is not there, which iamport-typings leaves out). Where
 * the sandbox's declaration is wider on purpose (any PG's name, any
 * payment method), iamport-typings' values must be among its values.
 */
type Wider = "pg_provider" | "pay_method";
type FieldsRead = {
  [K in Exclude<Common<TheirResponse, RequestPayResponse>, Wider>]-?: NonNullable<RequestPayResponse[K]> extends NonNullable<
    TheirResponse[K]
  >
    ? true
    : K;
} & {
  [K in Wider]-?: NonNullable<TheirResponse[K]> extends NonNullable<RequestPayResponse[K]> ? true : K;
};
const responsesAgree: Failing<FieldsRead> extends never ? true : Failing<FieldsRead> = true;

/** The two describe the same parameters and fields, not two disjoint sets. */
const sharedParameters: Common<TheirParams, RequestPayParams>[] = ["merchant_uid", "amount", "pg", "pay_method", "customer_uid", "m_redirect_url", "notice_url", "confirm_url", "vbank_due", "digital", "custom_data", "buyer_tel"];
const sharedFields: Common<TheirResponse, RequestPayResponse>[] = ["imp_uid", "merchant_uid", "success", "error_code", "error_msg", "status", "paid_amount", "vbank_num", "vbank_date", "apply_num"];

export { parametersAgree, responsesAgree, sharedFields, sharedParameters };
