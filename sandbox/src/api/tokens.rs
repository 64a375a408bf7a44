//! `getToken`: a token for the sandbox's key and secret (the rules of its
//! life are the core's, `core::tokens`).

use iamport::{StatusCode, secret::AccessToken, types};

use crate::core::{
    Shared,
    reply::Reply,
    server::{Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[("getToken", |shared, call| ready(get_token(shared, &call.body)))];

pub(crate) fn get_token(shared: &Shared, body: &[u8]) -> Reply {
    let request: types::GetTokenRequest = match crate::core::body::parse(body) {
        Ok(request) => request,
        Err(reply) => return reply,
    };
    if request.imp_key != shared.key || request.imp_secret.expose_secret() != shared.secret {
        return Reply::failure(StatusCode::UNAUTHORIZED, -1, "입력된 API키와 Secret이 올바르지 않습니다.");
    }
    let now = shared.clock.now();
    let (token, expired_at) = shared.tokens().grant(now);
    match AccessToken::new(token) {
        Ok(access_token) => Reply::ok(types::AccessTokenGrant { access_token, now, expired_at }),
        Err(_) => Reply::failure(StatusCode::INTERNAL_SERVER_ERROR, -1, "sandbox produced an empty token"),
    }
}
