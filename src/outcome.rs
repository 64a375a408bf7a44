//! Finding out what happened to a call whose answer was lost: the keys
//! that name its payment in [`Error::OutcomeUnknown`], and the lookups that
//! resolve it.

use crate::{
    Client, Error, Operation, Result, StatusCode,
    call::{Request, joined_key},
    enums::PaymentSorting,
    types::Payment,
    url_parts,
};

impl Client {
    /// The most recently started payment for `merchant_uid`, whatever its
    /// status, or `None` when the API has no payment under that id.
    pub async fn find_payment(&self, merchant_uid: &str) -> Result<Option<Payment>> {
        let found = self
            .get_payment_by_merchant_uid_any_status()
            .merchant_uid(merchant_uid)
            .sorting(PaymentSorting::StartedNewestFirst)
            .send()
            .await;
        none_if_not_found(found)
    }

    /// Looks up the payment behind an [`Error::OutcomeUnknown`], by its
    /// `imp_uid` or else its `merchant_uid`. `Ok(None)` means the API has no
    /// such payment: the call did not take effect and may be sent again.
    /// Any payment returned (paid, ready, failed) tells what did happen.
    pub async fn resolve_outcome(&self, error: &Error) -> Result<Option<Payment>> {
        if let Some(imp_uid) = error.outcome_key("imp_uid") {
            return none_if_not_found(self.get_payment_by_imp_uid().imp_uid(imp_uid).send().await);
        }
        match error.outcome_key("merchant_uid") {
            Some(merchant_uid) => self.find_payment(merchant_uid).await,
            None => Err(Error::InvalidRequest {
                message: "the error does not name a payment (no imp_uid or merchant_uid)".into(),
            }),
        }
    }
}

fn none_if_not_found(found: Result<Payment>) -> Result<Option<Payment>> {
    match found {
        Ok(payment) => Ok(Some(payment)),
        Err(Error::Api { status: StatusCode::NOT_FOUND, .. }) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The values of `op.outcome_keys`: from the builder where it held them,
/// otherwise read from the path or the JSON body of the request as sent.
pub(crate) fn keys(op: &Operation, request: &Request) -> Vec<(&'static str, String)> {
    let from_builder = |key: &str| request.keys.iter().find(|(name, _)| *name == key).map(|(_, value)| value.clone());
    let mut sent = None;
    op.outcome_keys
        .iter()
        .filter_map(|&key| {
            let value = match from_builder(key) {
                Some(value) => value,
                None => sent.get_or_insert_with(|| SentFields::of(op, request)).get(key),
            };
            value.map(|value| (key, value))
        })
        .collect()
}

/// The path parameters and JSON body of a request as it was sent.
struct SentFields {
    params: Vec<(&'static str, String)>,
    body: Option<serde_json::Value>,
}

impl SentFields {
    fn of(op: &Operation, request: &Request) -> Self {
        let body = request.body().and_then(|b| serde_json::from_slice(b).ok());
        // The base URL may add a prefix: match the template against the path's end.
        let segments = url_parts::path_segments(request.http.url().path());
        let depth = op.path.trim_start_matches('/').split('/').count();
        let params = url_parts::match_template(op.path, &segments[segments.len().saturating_sub(depth)..])
            .map(|(params, _)| params)
            .unwrap_or_default();
        Self { params, body }
    }

    fn get(&self, key: &str) -> Option<String> {
        if let Some((_, value)) = self.params.iter().find(|(name, _)| *name == key) {
            return Some(value.clone());
        }
        scalar(self.body.as_ref()?.get(key)?).or_else(|| match self.body.as_ref()?.get(key)? {
            serde_json::Value::Array(items) => joined_key(items.iter().filter_map(scalar)),
            _ => None,
        })
    }
}

fn scalar(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const CANCEL: Operation = Operation {
        id: "naverCancelProductOrder",
        method: "POST",
        path: "/payments/{imp_uid}/naver/cancel",
        group: "naver",
        summary: "",
        requires_auth: true,
        idempotent: false,
        charge: false,
        outcome_keys: &["imp_uid", "product_order_id", "merchant_uid", "amount", "absent"],
    };

    fn sent(keys: Vec<(&'static str, Option<String>)>) -> Request {
        let url = "http://127.0.0.1:4010/prefix/payments/imp_9%2F1/naver/cancel".parse().unwrap();
        let mut http = reqwest::Request::new(reqwest::Method::POST, url);
        let body = json!({ "product_order_id": ["po-1", "po-2"], "merchant_uid": "from-the-body", "amount": 1000 });
        *http.body_mut() = Some(serde_json::to_vec(&body).unwrap().into());
        Request::new(http, keys)
    }

    #[test]
    fn keys_the_builder_holds_come_from_it_and_the_others_from_the_request() {
        let keys = keys(&CANCEL, &sent(vec![("merchant_uid", Some("from-the-builder".into()))]));
        assert_eq!(
            keys,
            vec![
                ("imp_uid", "imp_9/1".to_owned()),
                ("product_order_id", "po-1,po-2".to_owned()),
                ("merchant_uid", "from-the-builder".to_owned()),
                ("amount", "1000".to_owned()),
            ]
        );
    }

    #[test]
    fn a_key_the_builder_holds_unset_is_left_out() {
        let keys = keys(&CANCEL, &sent(vec![("merchant_uid", None)]));
        assert!(keys.iter().all(|(name, _)| *name != "merchant_uid"), "{keys:?}");
    }
}
