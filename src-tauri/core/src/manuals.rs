//! Manuals (手順書とルール): content files from `manuals/`, compiled into the binary with
//! rust-embed (`debug-embed` on, so debug builds and tests read the embedded copy too, never the
//! disk at run time).

use rust_embed::Embed;

use crate::{Error, Result};

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
