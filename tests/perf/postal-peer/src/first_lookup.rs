//! Time to the first lookup in a fresh process (load/decode + one lookup), for onshi-core and
//! for jpostcode_rs: `first-lookup onshi|peer [CODE]`. Prints `first-lookup-us=N`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "onshi".into());
    let code = args.next().unwrap_or_else(|| "1000001".into());
    let start = Instant::now();
    let found = match which.as_str() {
        "peer" => jpostcode_rs::lookup_address(&code)
            .map(|v| v.len())
            .unwrap_or(0),
        _ => onshi_core::postal::PostalTable::embedded()
            .unwrap()
            .lookup(code.parse().unwrap())
            .len(),
    };
    let us = start.elapsed().as_micros();
    assert!(found > 0, "{code} not found by {which}");
    println!("first-lookup-us={us}");
}
