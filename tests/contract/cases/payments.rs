//! Contract cases: payment lookups, cancellation and pre-registered amounts
//! (`payments`, `payments.validation`).

use iamport::{
    Client,
    enums::PaymentSorting,
    types::{self, CancelRequest},
};

use super::{Call, DAY, IMP_UID, MERCHANT_UID, NOV_22, answer};

pub fn get_payment_by_imp_uid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        answer(client.get_payment_by_imp_uid().imp_uid("imp_123412341234").include_sandbox(true).send().await)
    })
}

pub fn get_payment_by_merchant_uid_any_status(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_payment_by_merchant_uid_any_status()
            .merchant_uid("order-20261122-0001")
            .sorting(PaymentSorting::UpdatedNewestFirst);
        answer(call.send().await)
    })
}

pub fn get_payment_by_merchant_uid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_payment_by_merchant_uid()
            .merchant_uid("order-20261122-0001")
            .payment_status(types::PaymentStatusFilter::Paid)
            .sorting(PaymentSorting::PaidNewestFirst);
        answer(call.send().await)
    })
}

pub fn cancel_payment(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = CancelRequest::builder()
            .imp_uid("imp_123412341234")
            .merchant_uid("order-20261122-0001")
            .amount(1000.0)
            .tax_free(0.0)
            .vat_amount(91.0)
            .checksum(8900.0)
            .reason("부분 환불")
            .refund_holder("홍길동")
            .refund_bank("88")
            .refund_account("110123456789")
            .refund_tel("010-1234-5678")
            .retain_promotion(true)
            .enable_webhook(true)
            .extra(types::CancelExtra::builder().requester(types::CancelExtraRequester::Customer));
        answer(client.cancel_payment().body(body).send().await)
    })
}

pub fn get_payment_list_by_imp_uid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_payment_list_by_imp_uid()
            .imp_uid(vec![IMP_UID.to_owned(), "imp_567856785678".to_owned()])
            .merchant_uid(vec![MERCHANT_UID.to_owned(), "order-20261122-0002".to_owned()]);
        answer(call.send().await)
    })
}

pub fn balance_by_imp_uid(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.balance_by_imp_uid().imp_uid(IMP_UID).send().await) })
}

pub fn get_all_payments_by_merchant_uid_any_status(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_all_payments_by_merchant_uid_any_status()
            .merchant_uid(MERCHANT_UID)
            .page(2u32)
            .limit(50u32)
            .sorting(PaymentSorting::StartedNewestFirst);
        answer(call.send().await)
    })
}

pub fn get_all_payments_by_merchant_uid(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_all_payments_by_merchant_uid()
            .merchant_uid(MERCHANT_UID)
            .payment_status(types::PaymentStatusFilter::Cancelled)
            .page(1u32)
            .limit(20u32)
            .sorting(PaymentSorting::UpdatedNewestFirst);
        answer(call.send().await)
    })
}

pub fn get_payments_by_status(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let call = client
            .get_payments_by_status()
            .payment_status(types::PaymentStatusOrAll::Paid)
            .page(3u32)
            .limit(100u32)
            .from(NOV_22 - 7 * DAY)
            .to(NOV_22)
            .sorting(PaymentSorting::PaidNewestFirst);
        answer(call.send().await)
    })
}

pub fn prepare_payment(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::PaymentPrepareRequest::builder().merchant_uid(MERCHANT_UID).amount(8900.0).currency("KRW");
        answer(client.prepare_payment().body(body).send().await)
    })
}

pub fn edit_prepare_payment(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = types::PaymentPrepareRequest::builder().merchant_uid(MERCHANT_UID).amount(9900.0).currency("KRW");
        answer(client.edit_prepare_payment().body(body).send().await)
    })
}

pub fn get_payment_prepare_by_merchant_uid(client: &Client) -> Call<'_> {
    Box::pin(
        async move { answer(client.get_payment_prepare_by_merchant_uid().merchant_uid(MERCHANT_UID).send().await) },
    )
}
