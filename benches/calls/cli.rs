//! Command line: what to run, and the options of each role.
//!
//! ```text
//! calls [rust] [--rounds N] [--calls-c1 N] [--calls-c64 N]    the Rust comparison + token scenario
//! calls compare --python BIN --node BIN --drivers DIR [--rounds N] [--calls N]
//! calls serve [--token-life S] [--extend-window S] [--extend-by S] [--exit-on-stdin-eof]
//! calls client --variant sdk|raw|raw-value --base-url URL --calls N --warmup N --concurrency N
//!              [--spread-ms MS] [--token-margin-ms MS]
//! ```

use std::{collections::HashMap, time::Duration};

use crate::{
    orchestrate::{self, External, RustSettings},
    server::{self, TokenPolicy},
    workload::{self, Plan, Variant},
};

pub fn run(args: Vec<String>) -> Result<(), String> {
    let (command, rest) = match args.first().map(String::as_str) {
        Some(c) if !c.starts_with("--") => (c.to_owned(), &args[1..]),
        _ => ("rust".to_owned(), &args[..]),
    };
    let mut options = Options::parse(rest)?;
    match command.as_str() {
        "rust" => {
            let settings = RustSettings {
                rounds: options.number("rounds", 5)?.max(1),
                calls_c1: options.number("calls-c1", 4_000)?.max(1),
                calls_c64: options.number("calls-c64", 20_000)?.max(64),
            };
            options.finish()?;
            orchestrate::rust(&settings)
        }
        "compare" => {
            let external = External {
                python: options.required("python")?,
                node: options.required("node")?,
                drivers: options.required("drivers")?,
                rounds: options.number("rounds", 3)?.max(1),
                calls: options.number("calls", 2_000)?.max(1),
            };
            options.finish()?;
            orchestrate::compare(&external)
        }
        "serve" => serve(&mut options),
        "client" => client(&mut options),
        other => Err(format!("unknown command {other:?} (rust, compare, serve or client)")),
    }
}

fn serve(options: &mut Options) -> Result<(), String> {
    let api = TokenPolicy::API;
    let policy = TokenPolicy {
        life: options.number("token-life", api.life as u64)? as i64,
        extend_window: options.number("extend-window", api.extend_window as u64)? as i64,
        extend_by: options.number("extend-by", api.extend_by as u64)? as i64,
    };
    let exit_on_eof = options.flag("exit-on-stdin-eof");
    options.finish()?;
    if exit_on_eof {
        // The parent holds our stdin: when it goes away, so does the server.
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            std::process::exit(0);
        });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(server::serve(policy)).map_err(|e| format!("server: {e}"))
}

fn client(options: &mut Options) -> Result<(), String> {
    let variant = options.required("variant")?;
    let plan = Plan {
        variant: Variant::parse(&variant).ok_or_else(|| format!("unknown variant {variant:?}"))?,
        base_url: options.required("base-url")?,
        calls: options.number("calls", 1_000)?.max(1),
        warmup: options.number("warmup", 200)?,
        concurrency: options.number("concurrency", 1)?.max(1) as usize,
        spread_over: options.optional_number("spread-ms")?.map(Duration::from_millis),
        token_margin: options.optional_number("token-margin-ms")?.map(Duration::from_millis),
    };
    options.finish()?;
    let report = workload::run(&plan)?;
    println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
    Ok(())
}

/// `--name value` pairs and bare `--flag`s; every one must be used.
struct Options(HashMap<String, Option<String>>);

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut map = HashMap::new();
        let mut args = args.iter().peekable();
        while let Some(arg) = args.next() {
            let name = arg.strip_prefix("--").ok_or_else(|| format!("unexpected argument {arg:?}"))?;
            let value = args.next_if(|next| !next.starts_with("--")).cloned();
            map.insert(name.to_owned(), value);
        }
        Ok(Self(map))
    }

    fn required(&mut self, name: &str) -> Result<String, String> {
        self.0.remove(name).flatten().ok_or_else(|| format!("--{name} VALUE is required"))
    }

    fn optional_number(&mut self, name: &str) -> Result<Option<u64>, String> {
        match self.0.remove(name) {
            None => Ok(None),
            Some(value) => {
                let value = value.unwrap_or_default();
                value.parse().map(Some).map_err(|_| format!("--{name} wants a whole number, not {value:?}"))
            }
        }
    }

    fn number(&mut self, name: &str, default: u64) -> Result<u64, String> {
        Ok(self.optional_number(name)?.unwrap_or(default))
    }

    fn flag(&mut self, name: &str) -> bool {
        self.0.remove(name).is_some()
    }

    fn finish(&self) -> Result<(), String> {
        match self.0.keys().next() {
            Some(name) => Err(format!("unknown option --{name}")),
            None => Ok(()),
        }
    }
}
