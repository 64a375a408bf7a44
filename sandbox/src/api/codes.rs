//! KFTC standard codes of card companies and banks (`allCardCodes`,
//! `cardCodes`, `allBankCodes`, `bankCodes`), from the core's table.

use serde_json::json;

use iamport::StatusCode;

use crate::core::{
    codes::{BANKS, CARDS},
    reply::Reply,
    server::{Call, Handlers, ready},
};

pub(crate) const HANDLERS: Handlers = &[
    ("allCardCodes", |_, _| ready(all_cards())),
    ("cardCodes", |_, call| ready(card(call))),
    ("allBankCodes", |_, _| ready(all_banks())),
    ("bankCodes", |_, call| ready(bank(call))),
];

fn entry((code, name): &(&str, &str)) -> serde_json::Value {
    json!({ "code": code, "name": name })
}

pub(crate) fn all_cards() -> Reply {
    Reply::ok(CARDS.iter().map(entry).collect::<Vec<_>>())
}

pub(crate) fn all_banks() -> Reply {
    Reply::ok(BANKS.iter().map(entry).collect::<Vec<_>>())
}

pub(crate) fn card(call: &Call) -> Reply {
    one(CARDS, call.param("card_standard_code"), "카드사")
}

pub(crate) fn bank(call: &Call) -> Reply {
    one(BANKS, call.param("bank_standard_code"), "은행")
}

fn one(table: &[(&str, &str)], code: &str, what: &str) -> Reply {
    match table.iter().find(|(c, _)| *c == code) {
        Some(found) => Reply::ok(entry(found)),
        None => Reply::failure(StatusCode::NOT_FOUND, 1, format!("{what} 코드({code})에 해당하는 정보가 없습니다.")),
    }
}
