//! Manuals (手順書とルール): content files from `manuals/`, compiled into the binary with
//! rust-embed (`debug-embed` on, so debug builds and tests read the embedded copy too, never the
//! disk at run time).

use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../../manuals/"]
struct Files;

/// The embedded text of `manuals/<path>`, if present and UTF-8.
pub fn text(path: &str) -> Option<String> {
    let file = Files::get(path)?;
    String::from_utf8(file.data.into_owned()).ok()
}

/// Every embedded file path, sorted.
pub fn paths() -> Vec<String> {
    let mut all: Vec<String> = Files::iter().map(|p| p.into_owned()).collect();
    all.sort();
    all
}
