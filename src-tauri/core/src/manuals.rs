//! Manuals (手順書とルール): content files from `manuals/`, compiled into the binary with
//! rust-embed (`debug-embed` on, so debug builds and tests read the embedded copy too, never the
//! disk at run time), or from a verified content bundle put in use at start-up ([`activate`]).

use rust_embed::Embed;

use crate::{Error, Result};

#[derive(Embed)]
#[folder = "../../manuals/"]
struct Files;

/// The content in use for the rest of the process, decided once: a verified bundle put in use
/// at start-up (see [`crate::bundle::activate`]), or none (the embedded files). The first read
/// of any content decides it too, so a bundle can never be put in use after something was read
/// from the embedded files — the process never mixes the two.
static ACTIVE: std::sync::OnceLock<Option<crate::bundle::Bundle>> = std::sync::OnceLock::new();

/// Puts a verified bundle in use for the rest of the process: every later [`text`], [`paths`]
/// and [`data`] read from it instead of the embedded files. False (and the embedded files stay)
/// once content has been read or a bundle is already active.
pub fn activate(bundle: crate::bundle::Bundle) -> bool {
    ACTIVE.set(Some(bundle)).is_ok()
}

fn active() -> Option<&'static crate::bundle::Bundle> {
    ACTIVE.get_or_init(|| None).as_ref()
}

/// The text of `manuals/<path>` in the content in use (a downloaded bundle, else embedded).
pub fn text(path: &str) -> Option<String> {
    match active() {
        Some(bundle) => bundle.text(path).map(str::to_string),
        None => embedded_text(path),
    }
}

/// Every manual path of the content in use, sorted.
pub fn paths() -> Vec<String> {
    match active() {
        Some(bundle) => bundle.manual_paths(),
        None => embedded_paths(),
    }
}

/// A data table of the active bundle (`data/postal.bin`, `data/syukujitsu.tsv`), if it has one;
/// callers fall back to the table compiled in.
pub fn data(path: &str) -> Option<&'static [u8]> {
    active()?.bytes(path)
}

/// The embedded text of `manuals/<path>`, if present and UTF-8.
pub fn embedded_text(path: &str) -> Option<String> {
    let file = Files::get(path)?;
    String::from_utf8(file.data.into_owned()).ok()
}

/// Every embedded file path, sorted.
pub fn embedded_paths() -> Vec<String> {
    let mut all: Vec<String> = Files::iter().map(|p| p.into_owned()).collect();
    all.sort();
    all
}

/// Embedded content (手順書, timeline rules, the postal table), loaded and checked once per
/// process by [`load_once`].
pub(crate) type Loaded<T> = std::sync::OnceLock<std::result::Result<T, String>>;

/// The value in `cell`, loading it on the first call. A failure is kept and returned as
/// [`Error::Content`] on every later call: embedded content cannot change while the process runs.
pub(crate) fn load_once<T>(
    cell: &'static Loaded<T>,
    load: impl FnOnce() -> Result<T>,
) -> Result<&'static T> {
    cell.get_or_init(|| load().map_err(|e| format!("{e:?}")))
        .as_ref()
        .map_err(|detail| Error::Content {
            detail: detail.clone(),
        })
}
