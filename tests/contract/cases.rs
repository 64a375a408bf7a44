//! One realistic call per operation of the spec, with every optional field
//! the operation takes, so that Prism checks all of them.
//!
//! The calls live in one file per group of operations (`cases/<group>.rs`,
//! after the spec's tags); [`CASES`] lists them all, in the spec's order.
//! Adding an operation to the spec: add one function to its group's file
//! and one line to [`CASES`]. `every_operation_has_a_contract_case` names
//! any operation that is missing.

#[path = "cases/account.rs"]
mod account;
#[path = "cases/certifications.rs"]
mod certifications;
#[path = "cases/escrow.rs"]
mod escrow;
#[path = "cases/naver.rs"]
mod naver;
#[path = "cases/payments.rs"]
mod payments;
#[path = "cases/pg_specific.rs"]
mod pg_specific;
#[path = "cases/receipts.rs"]
mod receipts;
#[path = "cases/subscribe.rs"]
mod subscribe;
#[path = "cases/vbanks.rs"]
mod vbanks;

use std::{future::Future, pin::Pin};

use iamport::Client;
use serde::Serialize;
use serde_json::Value;

/// The call's answer, serialized back to JSON to compare with the example.
pub type Call<'a> = Pin<Box<dyn Future<Output = iamport::Result<Value>> + Send + 'a>>;

/// The contract case of one operation.
pub struct Case {
    /// The operation's `operationId`.
    pub id: &'static str,
    /// Makes the call.
    pub call: for<'a> fn(&'a Client) -> Call<'a>,
}

pub const CASES: &[Case] = &[
    // authenticate, users, tiers, codes
    Case { id: "getToken", call: account::get_token },
    Case { id: "getPgSettingList", call: account::get_pg_setting_list },
    Case { id: "GetTier", call: account::get_tier },
    Case { id: "allCardCodes", call: account::all_card_codes },
    Case { id: "cardCodes", call: account::card_codes },
    Case { id: "allBankCodes", call: account::all_bank_codes },
    Case { id: "bankCodes", call: account::bank_codes },
    // payments, payments.validation
    Case { id: "getPaymentByImpUid", call: payments::get_payment_by_imp_uid },
    Case { id: "getPaymentByMerchantUidAnyStatus", call: payments::get_payment_by_merchant_uid_any_status },
    Case { id: "getPaymentByMerchantUid", call: payments::get_payment_by_merchant_uid },
    Case { id: "cancelPayment", call: payments::cancel_payment },
    Case { id: "getPaymentListByImpUid", call: payments::get_payment_list_by_imp_uid },
    Case { id: "balanceByImpUid", call: payments::balance_by_imp_uid },
    Case { id: "getAllPaymentsByMerchantUidAnyStatus", call: payments::get_all_payments_by_merchant_uid_any_status },
    Case { id: "getAllPaymentsByMerchantUid", call: payments::get_all_payments_by_merchant_uid },
    Case { id: "getPaymentsByStatus", call: payments::get_payments_by_status },
    Case { id: "preparePayment", call: payments::prepare_payment },
    Case { id: "editPreparePayment", call: payments::edit_prepare_payment },
    Case { id: "getPaymentPrepareByMerchantUid", call: payments::get_payment_prepare_by_merchant_uid },
    // subscribe, subscribe.customer
    Case { id: "onetime", call: subscribe::onetime },
    Case { id: "again", call: subscribe::again },
    Case { id: "findSchedulesByRange", call: subscribe::find_schedules_by_range },
    Case { id: "schedule", call: subscribe::schedule },
    Case { id: "unschedule", call: subscribe::unschedule },
    Case { id: "getScheduleByMid", call: subscribe::get_schedule_by_mid },
    Case { id: "updateScheduleByMid", call: subscribe::update_schedule_by_mid },
    Case { id: "rescheduleByMid", call: subscribe::reschedule_by_mid },
    Case { id: "retryScheduleByMid", call: subscribe::retry_schedule_by_mid },
    Case { id: "findSchedulesByCustomer", call: subscribe::find_schedules_by_customer },
    Case { id: "customer_view", call: subscribe::customer_view },
    Case { id: "customer_save", call: subscribe::customer_save },
    Case { id: "customer_delete", call: subscribe::customer_delete },
    Case { id: "customer_view_multiple", call: subscribe::customer_view_multiple },
    Case { id: "customer_payments", call: subscribe::customer_payments },
    Case { id: "customer_schedules", call: subscribe::customer_schedules },
    // cvs, vbanks
    Case { id: "issueCvsPayment", call: vbanks::issue_cvs_payment },
    Case { id: "revokeCvsPayment", call: vbanks::revoke_cvs_payment },
    Case { id: "createVbank", call: vbanks::create_vbank },
    Case { id: "modifyVbank", call: vbanks::modify_vbank },
    Case { id: "revokeVbank", call: vbanks::revoke_vbank },
    Case { id: "queryBankHolder", call: vbanks::query_bank_holder },
    // receipts, partners
    Case { id: "getReceipt", call: receipts::get_receipt },
    Case { id: "issueReceipt", call: receipts::issue_receipt },
    Case { id: "revokeReceipt", call: receipts::revoke_receipt },
    Case { id: "getExternalReceipt", call: receipts::get_external_receipt },
    Case { id: "issueExternalReceipt", call: receipts::issue_external_receipt },
    Case { id: "revokeExternalReceipt", call: receipts::revoke_external_receipt },
    Case { id: "partner", call: receipts::partner },
    // escrow.logis
    Case { id: "escrow_logis_get", call: escrow::escrow_logis_get },
    Case { id: "escrow_logis_save", call: escrow::escrow_logis_save },
    Case { id: "escrow_logis_edit", call: escrow::escrow_logis_edit },
    // certifications
    Case { id: "getCertification", call: certifications::get_certification },
    Case { id: "deleteCertification", call: certifications::delete_certification },
    Case { id: "requestOTP", call: certifications::request_otp },
    Case { id: "confirmOTP", call: certifications::confirm_otp },
    // kcpquick, benepia, payco, paymentwall
    Case { id: "member_delete", call: pg_specific::member_delete },
    Case { id: "payWithMoney", call: pg_specific::pay_with_money },
    Case { id: "prepare_create", call: pg_specific::prepare_create },
    Case { id: "prepare_update", call: pg_specific::prepare_update },
    Case { id: "payWithAutoPaymentKey", call: pg_specific::pay_with_auto_payment_key },
    Case { id: "deleteAutoPayKey", call: pg_specific::delete_auto_pay_key },
    Case { id: "releaseFido", call: pg_specific::release_fido },
    Case { id: "queryBenepiaPoint", call: pg_specific::query_benepia_point },
    Case { id: "payBenepiaPoint", call: pg_specific::pay_benepia_point },
    Case { id: "changeOrderStatus", call: pg_specific::change_order_status },
    Case { id: "paymentwall_delivery", call: pg_specific::paymentwall_delivery },
    // naver
    Case { id: "naverCancelProductOrder", call: naver::naver_cancel_product_order },
    Case { id: "naverApproveCancelProductOrder", call: naver::naver_approve_cancel_product_order },
    Case { id: "naverShipProductOrder", call: naver::naver_ship_product_order },
    Case { id: "naverShipExchangedProductOrder", call: naver::naver_ship_exchanged_product_order },
    Case { id: "naverCollectProductOrder", call: naver::naver_collect_product_order },
    Case { id: "naverPlaceProductOrder", call: naver::naver_place_product_order },
    Case { id: "naverRequestReturnProductOrder", call: naver::naver_request_return_product_order },
    Case { id: "naverApproveReturnProductOrder", call: naver::naver_approve_return_product_order },
    Case { id: "naverRejectReturnProductOrder", call: naver::naver_reject_return_product_order },
    Case { id: "naverWithholdReturnProductOrder", call: naver::naver_withhold_return_product_order },
    Case { id: "naverResolveReturnProductOrder", call: naver::naver_resolve_return_product_order },
    Case { id: "naverDepositPoint", call: naver::naver_deposit_point },
    Case { id: "naverConfirmPayment", call: naver::naver_confirm_payment },
    Case { id: "getProductOrders", call: naver::get_product_orders },
    Case { id: "getProductOrderSingle", call: naver::get_product_order_single },
    Case { id: "getReviews", call: naver::get_reviews },
    Case { id: "queryCashAmount", call: naver::query_cash_amount },
];

pub fn find(id: &str) -> Option<&'static Case> {
    CASES.iter().find(|case| case.id == id)
}

/// The credentials the contract client uses (Prism accepts any).
pub const KEY: &str = "contract_imp_key";
pub const SECRET: &str = "contract-imp-secret-0c4f";

/// The ids the cases share, so that the calls read as one merchant's day.
const IMP_UID: &str = "imp_123412341234";
const MERCHANT_UID: &str = "order-20261122-0001";
const CUSTOMER_UID: &str = "customer-0001";
const CHANNEL_KEY: &str = "channel-key-9f8e7d6c-5b4a-3210-fedc-ba9876543210";
/// 2026-11-22 00:00:00 KST, in unix seconds.
const NOV_22: i64 = 1_795_273_200;
const DAY: i64 = 86_400;

fn answer<T: Serialize>(result: iamport::Result<T>) -> iamport::Result<Value> {
    result.map(|decoded| serde_json::to_value(decoded).expect("decoded answers serialize"))
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    value.as_object().expect("a JSON object").clone()
}
