//! Manuals (手順書とルール): content files from `manuals/`, compiled into the binary with
//! rust-embed (`debug-embed` on, so debug builds and tests read the embedded copy too, never the
//! disk at run time), or from a verified content bundle put in use at start-up ([`activate`]).

use rust_embed::Embed;

use crate::{Error, Result};

#[derive(Embed)]
#[folder = "../../manuals/"]
struct Files;

/// A verified content bundle put in use at start-up (see [`crate::bundle::activate`]).
static ACTIVE: std::sync::OnceLock<crate::bundle::Bundle> = std::sync::OnceLock::new();
/// Set by the first read of any content: a bundle activated after that would mix with what the
/// process already parsed, so [`activate`] refuses then.
static READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Puts a verified bundle in use for the rest of the process: every later [`text`], [`paths`]
/// and [`data`] read from it instead of the embedded files. Refused (the bundle is handed back)
/// once content has been read or a bundle is already active.
pub fn activate(bundle: crate::bundle::Bundle) -> std::result::Result<(), crate::bundle::Bundle> {
    if READ.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(bundle);
    }
    ACTIVE.set(bundle)
}

fn active() -> Option<&'static crate::bundle::Bundle> {
    READ.store(true, std::sync::atomic::Ordering::SeqCst);
    ACTIVE.get()
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
