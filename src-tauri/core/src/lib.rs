//! Onshi Navi core (オン資ナビ コア): everything the app knows about clinics and the
//! 医療機関等向け総合ポータルサイト procedures, without any user interface.
//!
//! Invariants (checked by tests and CI, see README "Architecture"):
//! - This crate never depends on `tauri`, `wry` or anything that links WebKit.
//! - It never reads the clock, the environment or a fixed path: "now", "today" and every path are
//!   passed in by the caller (the Tauri shell or the `onshi` CLI).
//! - Every rule lives here once; the UI and the CLI only display what this crate returns.
//! - Errors have a closed set of kinds ([`ErrorKind`]); their `Display` text is Japanese and never
//!   contains a secret or a file-system path.

pub mod bundle;
pub mod calendar;
pub mod case;
pub mod checklist;
pub mod clinic;
pub mod code;
pub mod content_ids;
pub mod error;
pub mod files;
pub mod manuals;
pub mod operation;
pub mod postal;
pub mod prefecture;
pub mod procedure;
pub mod profile;
pub mod score_table;
pub mod secret;
pub mod settings;
pub mod sheet;
pub mod situation;
pub mod store;
pub mod terminal_register;
pub mod timeline;
pub mod validate;

pub use clinic::{Clinic, ClinicChanges, ClinicId, NewClinic, NewClinicForm};
pub use code::{FullCode, MedicalCode};
pub use error::{Error, ErrorKind, Result};
pub use prefecture::Prefecture;
pub use score_table::ScoreTable;
pub use store::{Repository, Store};

/// Tauri bundle identifier; the app and the CLI both keep their data in
/// `<OS data dir>/<APP_IDENTIFIER>` unless `--data-dir` says otherwise.
pub const APP_IDENTIFIER: &str = "jp.onshinavi.desktop";
