//! The manifest (目録) of a content bundle: what the publisher signed. It binds the format, the
//! channel, an increasing version, the issue and expiry dates, and each file's path, size and
//! SHA-256. Parsing is strict: a manifest that is not exactly what this module describes is refused
//! before any file is fetched.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Refusal;

/// The manifest format this app reads. A newer number is refused with a message to update the app.
pub const FORMAT: u32 = 1;
/// The only channel published today (配信チャンネル).
pub const CHANNEL: &str = "stable";
/// Larger manifests are refused before they are parsed (a hostile server's endless data).
pub const MANIFEST_LIMIT: u64 = 256 * 1024;
/// A minisign signature file is about 300 bytes.
pub const SIGNATURE_LIMIT: u64 = 4096;
/// One file of a bundle at most (the postal table is about 8.5 MB).
pub const FILE_LIMIT: u64 = 32 * 1024 * 1024;
/// All files of a bundle together at most.
pub const TOTAL_LIMIT: u64 = 64 * 1024 * 1024;
/// More files than any real bundle has (today about 15).
const FILE_COUNT_LIMIT: usize = 200;

/// The data tables a bundle may replace, by their path in the bundle.
pub const POSTAL_TABLE: &str = "data/postal.bin";
pub const HOLIDAY_TABLE: &str = "data/syukujitsu.tsv";

/// A signed manifest, checked: every path is safe and listed once, every size within limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub channel: String,
    pub version: u64,
    /// YYYY-MM-DD, as in every file of the app.
    #[serde(with = "date_text")]
    pub issued: Date,
    #[serde(with = "date_text")]
    pub expires: Date,
    pub files: Vec<FileEntry>,
}

/// Dates as `YYYY-MM-DD` text (jiff is built without its serde feature).
mod date_text {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        if text.len() != 10 {
            return Err(serde::de::Error::custom(format!("{text}: not YYYY-MM-DD")));
        }
        text.parse::<Date>()
            .map_err(|e| serde::de::Error::custom(format!("{text}: {e}")))
    }
}

/// One file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative, `/`-separated; see [`check_path`].
    pub path: String,
    pub size: u64,
    /// 64 lowercase hex digits.
    pub sha256: String,
}

/// Only `format` is read first, so that a newer format is told apart from a broken file.
#[derive(Deserialize)]
struct FormatProbe {
    format: u32,
}

impl Manifest {
    /// Parses and checks a manifest whose signature was already verified.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, Refusal> {
        let malformed = |detail: String| Refusal::MalformedManifest { detail };
        let probe: FormatProbe =
            serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
        if probe.format > FORMAT {
            return Err(Refusal::FormatTooNew {
                format: probe.format,
            });
        }
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
        manifest.check()?;
        Ok(manifest)
    }

    /// The checks every manifest passes, whether read or about to be signed.
    pub fn check(&self) -> Result<(), Refusal> {
        let malformed = |detail: String| Err(Refusal::MalformedManifest { detail });
        if self.format != FORMAT {
            return malformed(format!("format {} is not {FORMAT}", self.format));
        }
        if self.channel != CHANNEL {
            return Err(Refusal::WrongChannel {
                channel: self.channel.clone(),
            });
        }
        if self.expires < self.issued {
            return malformed("expires before it was issued".into());
        }
        if self.files.is_empty() || self.files.len() > FILE_COUNT_LIMIT {
            return malformed(format!("{} files", self.files.len()));
        }
        let mut seen = BTreeSet::new();
        let mut total: u64 = 0;
        for f in &self.files {
            check_path(&f.path)?;
            if !seen.insert(f.path.to_ascii_lowercase()) {
                return malformed(format!("{} is listed twice", f.path));
            }
            if f.size > FILE_LIMIT {
                return Err(Refusal::TooLarge {
                    path: f.path.clone(),
                    limit: FILE_LIMIT,
                });
            }
            total = total.saturating_add(f.size);
            if f.sha256.len() != 64
                || !f
                    .sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                return malformed(format!("{}: sha256 is not 64 lowercase hex digits", f.path));
            }
        }
        if total > TOTAL_LIMIT {
            return Err(Refusal::TooLarge {
                path: "（全体）".into(),
                limit: TOTAL_LIMIT,
            });
        }
        Ok(())
    }

    /// The manifest the publisher signs for `files` (bundle path → bytes), checked.
    pub fn describe(
        version: u64,
        issued: Date,
        expires: Date,
        files: &std::collections::BTreeMap<String, Vec<u8>>,
    ) -> Result<Manifest, Refusal> {
        let manifest = Manifest {
            format: FORMAT,
            channel: CHANNEL.into(),
            version,
            issued,
            expires,
            files: files
                .iter()
                .map(|(path, bytes)| FileEntry {
                    path: path.clone(),
                    size: bytes.len() as u64,
                    sha256: super::sha256_hex(bytes),
                })
                .collect(),
        };
        manifest.check()?;
        Ok(manifest)
    }

    /// The entry for `path`, if listed.
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The sum of the file sizes (for progress).
    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// The text the publisher puts in the signature's trusted comment. It is covered by the
    /// signature, so `minisign -V` shows what was signed without reading the manifest.
    pub fn trusted_comment(&self) -> String {
        format!(
            "onshi-navi content {} version {} expires {}",
            self.channel, self.version, self.expires
        )
    }
}

/// A bundle path is what the publisher's content folder holds, relative and plain: the manuals
/// (`*.toml`, `*.md`, `procedures/*.toml`) and the two data tables. Anything else — `..`, an
/// absolute or drive path, a backslash, a hidden or unknown file — is refused, so a file can
/// never be written outside the bundle's own folder, on Linux or on Windows.
pub fn check_path(path: &str) -> Result<(), Refusal> {
    let unsafe_path = || {
        Err(Refusal::UnsafePath {
            path: path.chars().take(120).collect(),
        })
    };
    if path.is_empty() || path.len() > 120 {
        return unsafe_path();
    }
    let plain = |part: &str| {
        !part.is_empty()
            && !part.starts_with('.')
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    };
    // Names Windows reserves for devices (CON, NUL, COM1…) cannot be files there, whatever the
    // extension.
    let reserved = |part: &str| {
        let stem = part
            .split('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
            || ((stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit())
    };
    let parts: Vec<&str> = path.split('/').collect();
    if !parts.iter().all(|p| plain(p) && !reserved(p)) {
        return unsafe_path();
    }
    let manual = |name: &str| name.ends_with(".toml") || name.ends_with(".md");
    let allowed = match parts.as_slice() {
        [name] => manual(name),
        ["procedures", name] => name.ends_with(".toml"),
        _ => path == POSTAL_TABLE || path == HOLIDAY_TABLE,
    };
    if allowed { Ok(()) } else { unsafe_path() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_bundle_are_refused() {
        for bad in [
            "../events.toml",
            "procedures/../../x.toml",
            "/etc/passwd",
            "C:/Windows/x.toml",
            "procedures\\login.toml",
            ".hidden.toml",
            "procedures/.x.toml",
            "data/other.bin",
            "run.exe",
            "procedures/sub/x.toml",
            "con.toml",
            "procedures/aux.toml",
            "NUL.md",
            "com1.toml",
            "",
        ] {
            assert!(
                matches!(check_path(bad), Err(Refusal::UnsafePath { .. })),
                "{bad:?} was accepted"
            );
        }
        for good in [
            "events.toml",
            "README.md",
            "procedures/login.toml",
            POSTAL_TABLE,
            HOLIDAY_TABLE,
        ] {
            assert!(check_path(good).is_ok(), "{good:?} was refused");
        }
    }

    fn manifest(files: Vec<FileEntry>) -> Manifest {
        Manifest {
            format: FORMAT,
            channel: CHANNEL.into(),
            version: 2,
            issued: jiff::civil::date(2026, 12, 1),
            expires: jiff::civil::date(2027, 6, 1),
            files,
        }
    }

    #[test]
    fn a_newer_format_is_told_apart_from_a_broken_manifest() {
        let newer = br#"{"format": 2, "whatever": true}"#;
        assert!(matches!(
            Manifest::parse(newer),
            Err(Refusal::FormatTooNew { format: 2 })
        ));
        let unknown_field = br#"{"format":1,"channel":"stable","version":2,"issued":"2026-12-01","expires":"2027-01-01","files":[],"extra":1}"#;
        assert!(matches!(
            Manifest::parse(unknown_field),
            Err(Refusal::MalformedManifest { .. })
        ));
    }

    #[test]
    fn duplicate_paths_and_oversized_files_are_refused() {
        let entry = |path: &str, size| FileEntry {
            path: path.into(),
            size,
            sha256: "0".repeat(64),
        };
        let twice = manifest(vec![entry("events.toml", 1), entry("EVENTS.toml", 1)]);
        assert!(matches!(
            twice.check(),
            Err(Refusal::MalformedManifest { .. })
        ));
        let huge = manifest(vec![entry(POSTAL_TABLE, FILE_LIMIT + 1)]);
        assert!(matches!(huge.check(), Err(Refusal::TooLarge { .. })));
        let fine = manifest(vec![entry("events.toml", 10)]);
        assert_eq!(fine.check(), Ok(()));
        let upper = FileEntry {
            sha256: "A".repeat(64),
            ..entry("events.toml", 1)
        };
        assert!(manifest(vec![upper]).check().is_err());
    }
}
