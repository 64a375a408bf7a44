//! The messages of a request that is missing a required value, which the
//! caller sees as `Error::InvalidRequest` when it calls `send()`.
//!
//! typify says "no value supplied for expiry" and progenitor "imp_uid was
//! not initialized": neither says which request. They are rewritten to name
//! the request (the body type, or the client method) and the field.

use heck::ToSnakeCase;
use quote::ToTokens;
use syn::visit_mut::VisitMut;

pub fn name_missing_values(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else { continue };
        match module.ident.to_string().as_str() {
            // Operation builders: `builder::GetPaymentByImpUid::new`, and
            // the body setter's "conversion to `OnetimeRequest` for body
            // failed: {}", which wraps the body's own message.
            "builder" => {
                rewrite_defaults(module, |builder, field, message| {
                    let method = builder.to_snake_case();
                    message
                        .ends_with(" was not initialized")
                        .then(|| format!("`{method}()` needs `.{field}(..)`, which was not set"))
                });
                rewrite_formats(module, |builder, format| {
                    (format.starts_with("conversion to `") && format.ends_with(" for body failed: {}"))
                        .then(|| format!("the body of `{}()`: {{}}", builder.to_snake_case()))
                });
            }
            // Body builders: `types::builder::OnetimeRequest`'s `Default`.
            "types" => {
                let items = &mut module.content.as_mut().expect("generated modules are inline").1;
                for item in items {
                    if let syn::Item::Mod(builders) = item
                        && builders.ident == "builder"
                    {
                        rewrite_defaults(builders, |body, field, message| {
                            message
                                .starts_with("no value supplied for ")
                                .then(|| format!("`{body}` needs `{field}`, which was not set"))
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

/// Rewrites `field: Err("...".to_string())` in the struct literals that
/// build each builder's initial value, with `rewrite(builder, field, old)`.
fn rewrite_defaults(module: &mut syn::ItemMod, rewrite: impl Fn(&str, &str, &str) -> Option<String>) {
    let items = &mut module.content.as_mut().expect("generated modules are inline").1;
    for item in items {
        let syn::Item::Impl(block) = item else { continue };
        let builder = block.self_ty.to_token_stream().to_string();
        let builder = builder.split('<').next().unwrap_or_default().trim().to_owned();
        let mut visitor = Initializers { builder: &builder, rewrite: &rewrite };
        visitor.visit_item_impl_mut(block);
    }
}

/// Rewrites the format string of `format!` calls in each builder's
/// methods, with `rewrite(builder, old)`.
fn rewrite_formats(module: &mut syn::ItemMod, rewrite: impl Fn(&str, &str) -> Option<String>) {
    struct Formats<'a, F>(&'a str, &'a F);
    impl<F: Fn(&str, &str) -> Option<String>> VisitMut for Formats<'_, F> {
        fn visit_macro_mut(&mut self, node: &mut syn::Macro) {
            if !node.path.is_ident("format") {
                return;
            }
            let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
            let Ok(mut args) = node.parse_body_with(parser) else { return };
            let Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(format), .. })) = args.first_mut() else {
                return;
            };
            if let Some(new) = (self.1)(self.0, &format.value()) {
                *format = syn::LitStr::new(&new, format.span());
                node.tokens = args.to_token_stream();
            }
        }
    }
    let items = &mut module.content.as_mut().expect("generated modules are inline").1;
    for item in items {
        let syn::Item::Impl(block) = item else { continue };
        let builder = block.self_ty.to_token_stream().to_string();
        let builder = builder.split('<').next().unwrap_or_default().trim().to_owned();
        Formats(&builder, &rewrite).visit_item_impl_mut(block);
    }
}

struct Initializers<'a, F> {
    builder: &'a str,
    rewrite: &'a F,
}

impl<F: Fn(&str, &str, &str) -> Option<String>> VisitMut for Initializers<'_, F> {
    fn visit_field_value_mut(&mut self, node: &mut syn::FieldValue) {
        if let syn::Member::Named(field) = &node.member
            && let Some(literal) = err_literal(&mut node.expr)
            && let Some(message) = (self.rewrite)(self.builder, &field.to_string(), &literal.value())
        {
            *literal = syn::LitStr::new(&message, literal.span());
        }
        syn::visit_mut::visit_field_value_mut(self, node);
    }
}

/// The string literal in `Err("...".to_string())`.
fn err_literal(expr: &mut syn::Expr) -> Option<&mut syn::LitStr> {
    let syn::Expr::Call(call) = expr else { return None };
    if !matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("Err")) {
        return None;
    }
    let Some(syn::Expr::MethodCall(to_string)) = call.args.first_mut() else { return None };
    match &mut *to_string.receiver {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(literal), .. }) => Some(literal),
        _ => None,
    }
}
