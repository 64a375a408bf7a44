//! Contract cases: authentication, the merchant's PG settings and tiers,
//! and the card and bank code tables.

use iamport::{Client, types::GetTokenRequest};

use super::{Call, KEY, SECRET, answer};

pub fn get_token(client: &Client) -> Call<'_> {
    Box::pin(async move {
        let body = GetTokenRequest { imp_key: KEY.into(), imp_secret: SECRET.parse().expect("secret is not empty") };
        answer(client.get_token().body(body).send().await)
    })
}

pub fn get_pg_setting_list(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_pg_setting_list().send().await) })
}

pub fn get_tier(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.get_tier().tier_code("GNM").send().await) })
}

pub fn all_card_codes(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.all_card_codes().send().await) })
}

pub fn card_codes(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.card_codes().card_standard_code("366").send().await) })
}

pub fn all_bank_codes(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.all_bank_codes().send().await) })
}

pub fn bank_codes(client: &Client) -> Call<'_> {
    Box::pin(async move { answer(client.bank_codes().bank_standard_code("004").send().await) })
}
