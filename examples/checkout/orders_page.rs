//! `GET /orders`: every order, its state as the shop verified it, and what
//! the shop heard about it (callback, redirect, webhooks), oldest first.

use std::sync::Arc;

use axum::{extract::State, response::Html};

use crate::{html, shop::Shop};

/// The orders page. Each row carries `data-merchant-uid`, `data-state` and
/// `data-webhooks` for the browser tests.
pub async fn show(State(shop): State<Arc<Shop>>) -> Html<String> {
    let rows: String = shop
        .orders
        .all()
        .iter()
        .map(|order| {
            let history: String = order.history.iter().map(|line| format!("<li>{}</li>", html::escape(line))).collect();
            format!(
                "<tr data-merchant-uid=\"{uid}\" data-state=\"{key}\" data-webhooks=\"{webhooks}\">\
                 <td>{uid}</td><td>{name}</td><td>{amount}</td><td>{method}</td><td>{state}</td>\
                 <td>{imp_uid}</td><td>{webhooks}</td><td><ul>{history}</ul></td></tr>\n",
                uid = html::escape(&order.merchant_uid),
                key = order.state.key(),
                webhooks = order.webhooks,
                name = html::escape(&order.name),
                amount = order.amount,
                method = html::escape(&order.method),
                state = html::escape(&order.state.describe()),
                imp_uid = html::escape(order.imp_uid.as_deref().unwrap_or("")),
            )
        })
        .collect();
    let body = if rows.is_empty() {
        "<p>No orders yet.</p>".to_owned()
    } else {
        format!(
            "<table id=\"orders\"><thead><tr><th>order</th><th>item</th><th>KRW</th><th>method</th>\
             <th>state</th><th>imp_uid</th><th>webhooks</th><th>what the shop heard</th></tr></thead>\
             <tbody>\n{rows}</tbody></table>"
        )
    };
    html::page("Orders", None, &body)
}
