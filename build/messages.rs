//! The messages of a request that is missing a required value, which the
//! caller sees as `Error::InvalidRequest` when it calls `send()`.
//!
//! typify says "no value supplied for expiry" and progenitor "imp_uid was
//! not initialized": neither says which request. They are rewritten to name
//! the request (the body type, or the client method) and the field.
//!
//! A value refused by a parameter's setter is the same: progenitor drops the
//! conversion's error ("conversion to `GetTierTierCode` for tier_code
//! failed"). The setters are rewritten to keep it, so the message names the
//! method, the parameter and the rule ("longer than 3 characters"); typify's
//! "invalid value" of a string enum becomes the list of values it takes.

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
                keep_conversion_errors(module);
            }
            // Body builders: `types::builder::OnetimeRequest`'s `Default`.
            "types" => {
                let items = &mut module.content.as_mut().expect("generated modules are inline").1;
                for item in items.iter_mut() {
                    if let syn::Item::Impl(block) = item {
                        list_enum_values(block);
                    }
                }
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

/// progenitor's parameter setters: `.map_err(|_| "conversion to `X` for
/// tier_code failed".to_string())` becomes `.map_err(|e| format!("`get_tier()`:
/// `.tier_code(..)` was refused: {e}"))`, and the value's conversion error
/// must then be `Display` (every type a parameter converts into has one).
fn keep_conversion_errors(module: &mut syn::ItemMod) {
    struct Closures<'a> {
        method: &'a str,
        target: String,
        rewritten: bool,
    }
    impl VisitMut for Closures<'_> {
        fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
            if let syn::Expr::Closure(closure) = expr
                && closure.inputs.len() == 1
                && matches!(closure.inputs.first(), Some(syn::Pat::Wild(_)))
                && let Some(field) = conversion_failure_field(&closure.body)
            {
                // `TryFromIntError` says "out of range integral type conversion
                // attempted": say the range instead.
                let rule = match self.target.rsplit("::").next().unwrap_or_default() {
                    "NonZeroU32" | "NonZeroU64" => "must be 1 or more ({e})".to_owned(),
                    int @ ("i32" | "i64" | "u32" | "u64") => format!("out of the range of {int} ({{e}})"),
                    _ => "{e}".to_owned(),
                };
                let message = format!("`{}()`: `.{field}(..)` was refused: {rule}", self.method);
                *expr = syn::parse_quote!(|e| format!(#message));
                self.rewritten = true;
                return;
            }
            syn::visit_mut::visit_expr_mut(self, expr);
        }
    }
    let items = &mut module.content.as_mut().expect("generated modules are inline").1;
    for item in items {
        let syn::Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let builder = block.self_ty.to_token_stream().to_string();
        let method = builder.split('<').next().unwrap_or_default().trim().to_snake_case();
        for item in &mut block.items {
            let syn::ImplItem::Fn(setter) = item else { continue };
            let target = try_into_target(&setter.sig.generics).unwrap_or_default();
            let mut visitor = Closures { method: &method, target, rewritten: false };
            visitor.visit_block_mut(&mut setter.block);
            if !visitor.rewritten {
                continue;
            }
            let value = setter.sig.generics.type_params().next().map(|p| p.ident.clone()).unwrap_or_else(|| {
                panic!("progenitor's setter `{method}::{}` has no type parameter", setter.sig.ident)
            });
            let where_clause = setter.sig.generics.make_where_clause();
            where_clause.predicates.push(syn::parse_quote!(#value::Error: ::std::fmt::Display));
        }
    }
}

/// `T` in a setter's `where V: TryInto<T>`, as text without spaces.
fn try_into_target(generics: &syn::Generics) -> Option<String> {
    generics.where_clause.as_ref()?.predicates.iter().find_map(|predicate| {
        let syn::WherePredicate::Type(bound) = predicate else { return None };
        bound.bounds.iter().find_map(|b| {
            let syn::TypeParamBound::Trait(t) = b else { return None };
            let last = t.path.segments.last().filter(|last| last.ident == "TryInto")?;
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
            Some(args.args.first()?.to_token_stream().to_string().replace(' ', ""))
        })
    })
}

/// `field` in `"conversion to `X` for field failed".to_string()`.
fn conversion_failure_field(body: &syn::Expr) -> Option<String> {
    let body = match body {
        syn::Expr::Block(block) => match block.block.stmts.as_slice() {
            [syn::Stmt::Expr(expr, None)] => expr,
            _ => return None,
        },
        other => other,
    };
    let syn::Expr::MethodCall(call) = body else { return None };
    let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(literal), .. }) = &*call.receiver else { return None };
    let text = literal.value();
    let rest = text.strip_prefix("conversion to `")?;
    let field = rest.split_once("` for ")?.1.strip_suffix(" failed")?;
    Some(field.to_owned())
}

/// typify's `FromStr` of a string enum answers "invalid value"; make it
/// say which values it takes (the string patterns of its `match`).
fn list_enum_values(block: &mut syn::ItemImpl) {
    let is_from_str =
        block.trait_.as_ref().is_some_and(|(path, _)| path.segments.last().is_some_and(|s| s.ident == "FromStr"));
    if !is_from_str {
        return;
    }
    struct Arms;
    impl VisitMut for Arms {
        fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
            let values: Vec<String> = node
                .arms
                .iter()
                .filter_map(|arm| match &arm.pat {
                    syn::Pat::Lit(syn::PatLit { lit: syn::Lit::Str(s), .. }) => Some(format!("`{}`", s.value())),
                    _ => None,
                })
                .collect();
            if values.is_empty() {
                return;
            }
            for arm in &mut node.arms {
                if matches!(arm.pat, syn::Pat::Wild(_))
                    && arm.body.to_token_stream().to_string().contains("\"invalid value\"")
                {
                    let message = format!("not one of {}", values.join(", "));
                    *arm.body = syn::parse_quote!(Err(#message.into()));
                }
            }
        }
    }
    Arms.visit_item_impl_mut(block);
}
