//! Content bundles (コンテンツ更新): signed packages of the manuals and the data tables, so the
//! guidance follows the portal without an app release.
//!
//! The rules live here; the download (HTTP) lives in the `onshi-update` crate, which only moves
//! bytes between the network and these functions:
//! 1. the manifest's signature is verified first ([`verify_manifest`]), by one of the
//!    [`TrustedKeys`], before the manifest is even parsed;
//! 2. the manifest is refused when expired, of another channel or format, not newer than what
//!    was applied (the highest version seen, kept in the database), or not newer than the
//!    embedded content ([`decide`]);
//! 3. each file streams through a [`FileSink`] that refuses bytes beyond the listed size and
//!    checks the SHA-256 at the end;
//! 4. the bundle is read back and its content parsed as the app will, then swapped in whole
//!    ([`Staging::commit`]).
//!
//! The embedded content is the floor: offline, or when a downloaded bundle fails its checks at
//! start-up, the app uses what it was built with. A new bundle takes effect at the next start
//! (content is parsed once per process).

pub mod folder;
pub mod manifest;
mod refusal;
pub mod trust;

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use folder::{ContentFolder, FileSink, Staging, check_expiry, sha256_hex};
pub use manifest::{CHANNEL, FORMAT, FileEntry, HOLIDAY_TABLE, Manifest, POSTAL_TABLE};
pub use refusal::{Refusal, RefusalKind};
pub use trust::TrustedKeys;

/// A verified bundle, read into memory: the manifest and each listed file's bytes.
#[derive(Debug, Clone)]
pub struct Bundle {
    manifest: Manifest,
    files: BTreeMap<String, Vec<u8>>,
}

/// Files every bundle has: a bundle replaces the manuals whole, never a part of them.
const REQUIRED: [&str; 3] = ["events.toml", "situations.toml", "timelines.toml"];

impl Bundle {
    /// A bundle from files in memory (the publisher's side, before signing).
    pub fn from_files(manifest: Manifest, files: BTreeMap<String, Vec<u8>>) -> Bundle {
        Bundle { manifest, files }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        std::str::from_utf8(self.bytes(path)?).ok()
    }

    /// The manual files (everything but `data/`), sorted.
    pub fn manual_paths(&self) -> Vec<String> {
        self.files
            .keys()
            .filter(|p| !p.starts_with("data/"))
            .cloned()
            .collect()
    }

    /// Parses the content as the app will: the rules, the procedures and events with their
    /// cross-checks, the situations, and the data tables when present. A signed bundle that the
    /// app could not use is refused here, before it replaces anything.
    pub fn check_content(&self) -> Result<(), Refusal> {
        self.check(true)
    }

    fn check(&self, postal: bool) -> Result<(), Refusal> {
        let invalid = |detail: String| Refusal::ContentInvalid { detail };
        for name in REQUIRED {
            if self.text(name).is_none() {
                return Err(invalid(format!("{name} がありません")));
            }
        }
        let text = |name: &str| self.text(name).unwrap_or_default();
        let rules = crate::timeline::Rules::parse(text("timelines.toml"))
            .map_err(|e| invalid(e.to_string()))?;
        let mut procedures = Vec::new();
        for path in self.manual_paths() {
            if path.starts_with("procedures/") {
                let t = self
                    .text(&path)
                    .ok_or_else(|| invalid(format!("{path} が UTF-8 ではありません")))?;
                procedures.push((path, t.to_string()));
            }
        }
        if procedures.is_empty() {
            return Err(invalid("procedures/ に手順がありません".into()));
        }
        crate::procedure::Catalog::parse(text("events.toml"), &procedures, &rules)
            .and_then(|c| c.with_situations(text("situations.toml")))
            .map_err(|e| invalid(format!("{e:?}")))?;
        if let Some(table) = self.files.get(HOLIDAY_TABLE) {
            let t = std::str::from_utf8(table)
                .map_err(|_| invalid(format!("{HOLIDAY_TABLE} が UTF-8 ではありません")))?;
            crate::calendar::Calendar::from_table(t).map_err(invalid)?;
        }
        if postal && let Some(table) = self.files.get(POSTAL_TABLE) {
            // The postal index borrows its bytes for the life of the process, so the copy checked
            // here is leaked: once per applied update (≤ 32 MB), in the process that applies it.
            let bytes: &'static [u8] = Box::leak(table.clone().into_boxed_slice());
            crate::postal::PostalTable::parse(bytes).map_err(|e| invalid(format!("{e:?}")))?;
        }
        Ok(())
    }
}

/// Verifies a downloaded manifest: signature first (nothing unsigned is parsed), then its form and
/// expiry on `today`.
pub fn verify_manifest(
    keys: &TrustedKeys,
    manifest_bytes: &[u8],
    signature: &str,
    today: Date,
) -> Result<Manifest, Refusal> {
    keys.verify(manifest_bytes, signature)?;
    let manifest = Manifest::parse(manifest_bytes)?;
    check_expiry(&manifest, today)?;
    Ok(manifest)
}

/// What this PC has: the content in use and the highest version ever applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Installed {
    /// The version of the content in use (embedded or downloaded).
    pub active: u64,
    /// The highest bundle version ever applied here (from the database).
    pub highest_seen: Option<u64>,
    /// The version of the content compiled into this build.
    pub embedded: u64,
}

/// What to do with a verified manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Newer than anything applied: download and swap in.
    Apply,
    /// The same version is already in use: nothing to do.
    AlreadyCurrent,
}

/// How far one bundle may raise the version: a typo (`--version 20261207`) or a leaked key
/// signing a huge number would otherwise raise every PC's floor for good.
pub const MAX_VERSION_STEP: u64 = 1000;

/// Rollback protection. The floor is the highest version applied here (the database) or in use
/// (a downloaded bundle), whichever is higher; a version below it is refused. A version not above
/// the app's own content, or the one in use, is current: nothing to do.
pub fn decide(manifest: &Manifest, installed: &Installed) -> Result<Decision, Refusal> {
    let v = manifest.version;
    let downloaded_in_use = if installed.active > installed.embedded {
        installed.active
    } else {
        0
    };
    let floor = installed.highest_seen.unwrap_or(0).max(downloaded_in_use);
    if v < floor {
        return Err(Refusal::Rollback {
            version: v,
            highest: floor,
        });
    }
    if v == installed.active || v <= installed.embedded {
        return Ok(Decision::AlreadyCurrent);
    }
    let base = floor.max(installed.embedded);
    if v > base.saturating_add(MAX_VERSION_STEP) {
        return Err(Refusal::VersionJump {
            version: v,
            floor: base,
        });
    }
    // Includes the highest applied version when its folder is gone or damaged: fetched again.
    Ok(Decision::Apply)
}

/// The version of the content compiled into this build (`manuals/content.toml`).
pub fn embedded_version() -> u64 {
    #[derive(Deserialize)]
    struct ContentFile {
        version: u64,
    }
    crate::manuals::embedded_text("content.toml")
        .and_then(|t| toml::from_str::<ContentFile>(&t).ok())
        .map_or(0, |c| c.version)
}

/// Where the content in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ContentOrigin {
    /// Compiled into the app.
    Embedded,
    /// A verified bundle from the publisher, in the data folder.
    Downloaded,
}

/// `onshi content status` and the window's content panel (snake_case JSON like every CLI and
/// IPC type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContentStatus {
    #[ts(type = "number")]
    pub version: u64,
    pub source: ContentOrigin,
    /// YYYY-MM-DD; none for the embedded content.
    pub issued: Option<String>,
    pub expires: Option<String>,
    #[ts(type = "number | null")]
    pub highest_seen: Option<u64>,
    #[ts(type = "number")]
    pub embedded_version: u64,
    /// Why a downloaded bundle is not in use, or that the one in use has expired (Japanese).
    pub warning: Option<String>,
}

/// At start-up: puts the verified bundle of the data folder in use when it beats the embedded
/// content, else keeps the embedded content and says why. Must run before any content is read.
pub fn activate(
    folder: &ContentFolder,
    keys: &TrustedKeys,
    highest_seen: Option<u64>,
    today: Date,
) -> ContentStatus {
    let embedded = embedded_version();
    let mut status = ContentStatus {
        version: embedded,
        source: ContentOrigin::Embedded,
        issued: None,
        expires: None,
        highest_seen,
        embedded_version: embedded,
        warning: None,
    };
    let fallback = |e: &dyn std::fmt::Display| {
        format!(
            "以前ダウンロードした内容を確かめられないため、アプリに入っている内容を使います。理由：{e}"
        )
    };
    let bundle = match folder.load_active(keys) {
        Ok(Some(b)) => b,
        Ok(None) => return status,
        Err(e) => {
            status.warning = Some(fallback(&e));
            return status;
        }
    };
    let m = bundle.manifest().clone();
    if m.version <= embedded {
        // The app was updated past the bundle: its own content is newer.
        return status;
    }
    if let Some(h) = highest_seen.filter(|&h| m.version < h) {
        status.warning = Some(fallback(&Refusal::Rollback {
            version: m.version,
            highest: h,
        }));
        return status;
    }
    if let Err(e) = bundle.check_content_light() {
        status.warning = Some(fallback(&e));
        return status;
    }
    if !crate::manuals::activate(bundle) {
        status.warning = Some("内容の読み込みの後に更新を使おうとしました（アプリの不具合）。アプリに入っている内容を使います。".into());
        return status;
    }
    status.version = m.version;
    status.source = ContentOrigin::Downloaded;
    status.issued = Some(m.issued.to_string());
    status.expires = Some(m.expires.to_string());
    status.highest_seen = Some(highest_seen.map_or(m.version, |h| h.max(m.version)));
    if m.expires < today {
        status.warning = Some(format!(
            "使っている内容（版{}）の有効期限（{}）が過ぎています。「バックアップ・移行」の「手順の内容の更新」で「更新を確認」を押して（コマンドでは onshi content update）、新しい内容を取り込んでください。",
            m.version, m.expires
        ));
    }
    status
}

impl Bundle {
    /// The start-up check: everything [`Bundle::check_content`] parses but the postal table
    /// (too large to parse twice; a table that fails to load falls back to the embedded one).
    fn check_content_light(&self) -> Result<(), Refusal> {
        self.check(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(version: u64) -> Manifest {
        Manifest {
            format: FORMAT,
            channel: CHANNEL.into(),
            version,
            issued: jiff::civil::date(2026, 12, 1),
            expires: jiff::civil::date(2027, 6, 1),
            files: vec![],
        }
    }

    #[test]
    fn rollback_and_replay_are_told_apart() {
        let installed = Installed {
            active: 5,
            highest_seen: Some(5),
            embedded: 1,
        };
        assert_eq!(decide(&manifest(6), &installed), Ok(Decision::Apply));
        assert_eq!(
            decide(&manifest(5), &installed),
            Ok(Decision::AlreadyCurrent)
        );
        assert_eq!(
            decide(&manifest(4), &installed),
            Err(Refusal::Rollback {
                version: 4,
                highest: 5
            })
        );
        assert_eq!(
            decide(&manifest(5 + MAX_VERSION_STEP + 1), &installed),
            Err(Refusal::VersionJump {
                version: 5 + MAX_VERSION_STEP + 1,
                floor: 5
            })
        );
    }

    #[test]
    fn the_version_in_use_is_a_floor_even_when_the_database_lost_it() {
        // A restored database backup, or a kill between the swap and the record.
        let installed = Installed {
            active: 6,
            highest_seen: None,
            embedded: 1,
        };
        assert_eq!(
            decide(&manifest(5), &installed),
            Err(Refusal::Rollback {
                version: 5,
                highest: 6
            })
        );
    }

    #[test]
    fn a_bundle_not_above_the_app_s_own_content_is_current_not_refused() {
        let installed = Installed {
            active: 3,
            highest_seen: None,
            embedded: 3,
        };
        assert_eq!(
            decide(&manifest(3), &installed),
            Ok(Decision::AlreadyCurrent)
        );
        assert_eq!(
            decide(&manifest(2), &installed),
            Ok(Decision::AlreadyCurrent)
        );
        assert_eq!(decide(&manifest(4), &installed), Ok(Decision::Apply));
    }

    #[test]
    fn the_highest_version_may_be_fetched_again_when_its_folder_is_gone() {
        let installed = Installed {
            active: 1,
            highest_seen: Some(5),
            embedded: 1,
        };
        assert_eq!(decide(&manifest(5), &installed), Ok(Decision::Apply));
    }

    #[test]
    fn the_embedded_content_has_a_version() {
        assert!(embedded_version() >= 1);
    }

    #[test]
    fn the_embedded_manuals_pass_the_bundle_check() {
        let mut files = BTreeMap::new();
        for p in crate::manuals::embedded_paths() {
            if let Some(t) = crate::manuals::embedded_text(&p) {
                files.insert(p, t.into_bytes());
            }
        }
        let bundle = Bundle::from_files(manifest(2), files.clone());
        assert_eq!(bundle.check_content(), Ok(()));
        files.remove("events.toml");
        let broken = Bundle::from_files(manifest(2), files);
        assert!(matches!(
            broken.check_content(),
            Err(Refusal::ContentInvalid { .. })
        ));
    }
}
