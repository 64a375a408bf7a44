// Generated code of two operations after build/rewrite.rs (see build/snapshot.rs).
// Checked by tests/generated_code.rs; to accept a change:
// UPDATE_SNAPSHOTS=1 cargo test --all-features --test generated_code

///The envelope of every operation that answers with one payment.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
pub struct PaymentEnvelope {
    ///`0` on success; anything else is a failure described by `message`.
    pub code: i64,
    ///Why the call failed; usually `null` on success.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub message: ::std::option::Option<::std::string::String>,
    ///The answer; `null` when the call failed.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub response: ::std::option::Option<Payment>,
}
impl crate::envelope::Envelope for PaymentEnvelope {
    type Output = Payment;
    fn into_parts(self) -> crate::envelope::Parts<Self::Output> {
        crate::envelope::Parts {
            code: self.code,
            message: self.message,
            response: self.response,
        }
    }
}
/**Builder for [`Client::onetime`]

[`Client::onetime`]: super::Client::onetime*/
#[derive(Debug, Clone)]
pub struct Onetime<'a> {
    client: &'a super::Client,
    body: Result<types::builder::OnetimeRequest, String>,
}
impl<'a> Onetime<'a> {
    /// Starts a request; prefer the method of the same name on `Client`.
    pub fn new(client: &'a super::Client) -> Self {
        Self {
            client: client,
            body: Ok(::std::default::Default::default()),
        }
    }
    /// Sets `body`.
    pub fn body<V>(mut self, value: V) -> Self
    where
        V: std::convert::TryInto<types::OnetimeRequest>,
        <V as std::convert::TryInto<types::OnetimeRequest>>::Error: std::fmt::Display,
    {
        self.body = value
            .try_into()
            .map(From::from)
            .map_err(|s| format!("the body of `onetime()`: {}", s));
        self
    }
    /// Edits `body` with a closure over its builder.
    pub fn body_map<F>(mut self, f: F) -> Self
    where
        F: std::ops::FnOnce(
            types::builder::OnetimeRequest,
        ) -> types::builder::OnetimeRequest,
    {
        self.body = self.body.map(f);
        self
    }
    /** Sends the `onetime` request and returns the API's `response`.

 The call is authenticated, re-sent only where that is safe, and the envelope is unwrapped: a `code != 0` or an error status is an `Err`, and so is a declined charge ([`crate::Error::Declined`]).*/
    pub fn send(
        self,
    ) -> impl ::std::future::Future<Output = crate::Result<types::Payment>> {
        crate::dispatch::send(self)
    }
}
/**Builder for [`Client::get_payment_by_imp_uid`]

[`Client::get_payment_by_imp_uid`]: super::Client::get_payment_by_imp_uid*/
#[derive(Debug, Clone)]
pub struct GetPaymentByImpUid<'a> {
    client: &'a super::Client,
    imp_uid: Result<types::GetPaymentByImpUidImpUid, String>,
    include_sandbox: Result<Option<bool>, String>,
}
impl<'a> GetPaymentByImpUid<'a> {
    /// Starts a request; prefer the method of the same name on `Client`.
    pub fn new(client: &'a super::Client) -> Self {
        Self {
            client: client,
            imp_uid: Err(
                "`get_payment_by_imp_uid()` needs `.imp_uid(..)`, which was not set"
                    .to_string(),
            ),
            include_sandbox: Ok(None),
        }
    }
    /// Sets `imp_uid`.
    pub fn imp_uid<V>(mut self, value: V) -> Self
    where
        V: std::convert::TryInto<types::GetPaymentByImpUidImpUid>,
        V::Error: ::std::fmt::Display,
    {
        self.imp_uid = value
            .try_into()
            .map_err(|e| {
                format!("`get_payment_by_imp_uid()`: `.imp_uid(..)` was refused: {e}")
            });
        self
    }
    /// Sets `include_sandbox`.
    pub fn include_sandbox<V>(mut self, value: V) -> Self
    where
        V: std::convert::TryInto<bool>,
        V::Error: ::std::fmt::Display,
    {
        self.include_sandbox = value
            .try_into()
            .map(Some)
            .map_err(|e| {
                format!(
                    "`get_payment_by_imp_uid()`: `.include_sandbox(..)` was refused: {e}"
                )
            });
        self
    }
    /** Sends the `getPaymentByImpUid` request and returns the API's `response`.

 The call is authenticated, re-sent only where that is safe, and the envelope is unwrapped: a `code != 0` or an error status is an `Err`.*/
    pub fn send(
        self,
    ) -> impl ::std::future::Future<Output = crate::Result<types::Payment>> {
        crate::dispatch::send(self)
    }
}
impl<'a> crate::call::Call for Onetime<'a> {
    const OPERATION: &'static crate::Operation = &super::operations::ONETIME;
    type Success = types::PaymentEnvelope;
    type Failure = types::ErrorEnvelope;
    type Client = &'a super::Client;
    fn is_success(status: u16) -> bool {
        matches!(status, 200u16)
    }
    fn request(self) -> crate::Result<(Self::Client, crate::call::Request)> {
        let Self { client, body } = self;
        let body = body
            .and_then(|v| types::OnetimeRequest::try_from(v).map_err(|e| e.to_string()))
            .map_err(crate::call::invalid)?;
        let mut url = format!("{}/subscribe/payments/onetime", client.baseurl,);
        let request = client
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .build()
            .map_err(crate::call::unbuildable)?;
        Ok((
            client,
            crate::call::Request::new(
                request,
                vec![("merchant_uid", Some(body.merchant_uid.to_string()))],
            ),
        ))
    }
    fn accept(response: types::Payment) -> crate::Result<types::Payment> {
        crate::dispatch::reject_declined(response)
    }
}
impl<'a> crate::call::Call for GetPaymentByImpUid<'a> {
    const OPERATION: &'static crate::Operation = &super::operations::GET_PAYMENT_BY_IMP_UID;
    type Success = types::PaymentEnvelope;
    type Failure = types::ErrorEnvelope;
    type Client = &'a super::Client;
    fn is_success(status: u16) -> bool {
        matches!(status, 200u16)
    }
    fn request(self) -> crate::Result<(Self::Client, crate::call::Request)> {
        let Self { client, imp_uid, include_sandbox } = self;
        let imp_uid = imp_uid.map_err(crate::call::invalid)?;
        let include_sandbox = include_sandbox.map_err(crate::call::invalid)?;
        let mut url = format!(
            "{}/payments/{}", client.baseurl, encode_path(& imp_uid.to_string()),
        );
        crate::call::append_query(
            &mut url,
            "get_payment_by_imp_uid",
            &progenitor_client::QueryParam::new("include_sandbox", &include_sandbox),
        )?;
        let request = client
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .build()
            .map_err(crate::call::unbuildable)?;
        Ok((client, crate::call::Request::new(request, vec![])))
    }
}
