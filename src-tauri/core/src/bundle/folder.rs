//! The content folder (コンテンツ置き場): verified bundles in the data folder, and the staging area
//! new ones are written into.
//!
//! Layout under `<data dir>/content/`:
//! - `v<N>/` — one complete bundle: `manifest.json`, `manifest.json.minisig` and its files;
//! - `current` — the pointer: the name of the bundle in use (`v<N>`), replaced atomically;
//! - `.staging-*/` — a bundle being downloaded; removed when it fails or at the next update.
//!
//! A swap is two atomic steps: the finished staging folder is renamed to `v<N>`, then the pointer
//! is rewritten. A crash between them leaves the pointer on the old bundle, so the content in use
//! is always one whole bundle, never a mix. Loading re-checks the signature and every file's size
//! and SHA-256, so a bundle changed on disk after it was applied is not used either.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use super::manifest::{FileEntry, Manifest, SIGNATURE_LIMIT};
use super::{Bundle, Refusal, TrustedKeys};

pub const MANIFEST_FILE: &str = "manifest.json";
pub const SIGNATURE_FILE: &str = "manifest.json.minisig";
const POINTER_FILE: &str = "current";
const STAGING_PREFIX: &str = ".staging-";

/// `<data dir>/content`.
#[derive(Debug, Clone)]
pub struct ContentFolder {
    root: PathBuf,
}

impl ContentFolder {
    pub fn in_data_dir(data_dir: &Path) -> ContentFolder {
        ContentFolder {
            root: data_dir.join("content"),
        }
    }

    /// The version the pointer names, if a bundle was ever applied.
    pub fn active_version(&self) -> Result<Option<u64>, Refusal> {
        match std::fs::read_to_string(self.root.join(POINTER_FILE)) {
            Ok(text) => {
                let version = text
                    .trim()
                    .strip_prefix('v')
                    .and_then(|n| n.parse::<u64>().ok());
                match version {
                    Some(v) => Ok(Some(v)),
                    None => Err(Refusal::ContentInvalid {
                        detail: "content/current が読めません".into(),
                    }),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Refusal::io(&e)),
        }
    }

    /// Reads and re-verifies the bundle in use: its signature (by `keys`), then every file's size
    /// and SHA-256. An expired bundle still loads (it was valid when applied, and is newer than
    /// what the app has); the caller warns about it.
    pub fn load_active(&self, keys: &TrustedKeys) -> Result<Option<Bundle>, Refusal> {
        let Some(version) = self.active_version()? else {
            return Ok(None);
        };
        let dir = self.root.join(format!("v{version}"));
        let bundle = read_bundle(&dir, keys)?;
        if bundle.manifest.version != version {
            return Err(Refusal::ContentInvalid {
                detail: format!(
                    "content/v{version} に版{}の目録があります",
                    bundle.manifest.version
                ),
            });
        }
        Ok(Some(bundle))
    }

    /// Starts a staging folder for `manifest` (already verified), with the manifest and its
    /// signature written into it. Leftovers of earlier failed updates are removed first.
    pub fn stage(
        &self,
        manifest: Manifest,
        manifest_bytes: &[u8],
        signature: &str,
    ) -> Result<Staging, Refusal> {
        std::fs::create_dir_all(&self.root).map_err(|e| Refusal::io(&e))?;
        self.remove_leftovers();
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(&self.root)
            .map_err(|e| Refusal::io(&e))?;
        write_synced(&dir.path().join(MANIFEST_FILE), manifest_bytes)?;
        write_synced(&dir.path().join(SIGNATURE_FILE), signature.as_bytes())?;
        Ok(Staging {
            dir,
            manifest,
            done: BTreeSet::new(),
        })
    }

    /// Removes staging folders of failed updates, and bundles other than the one in use and the
    /// one before it (kept so a person can look at what changed).
    fn remove_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        let active = self.active_version().ok().flatten();
        let mut versions: Vec<u64> = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(STAGING_PREFIX) {
                let _ = std::fs::remove_dir_all(entry.path());
            } else if let Some(v) = name.strip_prefix('v').and_then(|n| n.parse::<u64>().ok()) {
                versions.push(v);
            }
        }
        versions.sort_unstable();
        let keep_below_active = active.and_then(|a| versions.iter().rev().find(|&&v| v < a));
        for v in &versions {
            if Some(*v) != active && Some(v) != keep_below_active {
                let _ = std::fs::remove_dir_all(self.root.join(format!("v{v}")));
            }
        }
    }
}

/// A bundle being written, file by file, into its staging folder. Dropping it (on any refusal)
/// removes the folder, so nothing half-downloaded stays behind.
pub struct Staging {
    dir: tempfile::TempDir,
    manifest: Manifest,
    done: BTreeSet<String>,
}

impl Staging {
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// A writer for the listed file `path`: it refuses bytes beyond the listed size as they arrive.
    pub fn sink(&self, path: &str) -> Result<FileSink, Refusal> {
        let entry = self
            .manifest
            .file(path)
            .ok_or_else(|| Refusal::UnsafePath { path: path.into() })?
            .clone();
        let target = self.dir.path().join(&entry.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Refusal::io(&e))?;
        }
        let file = File::create_new(&target).map_err(|e| Refusal::io(&e))?;
        Ok(FileSink {
            file,
            hasher: Sha256::new(),
            written: 0,
            entry,
        })
    }

    /// Checks a finished file (whole size, SHA-256) and marks it done.
    pub fn finish(&mut self, sink: FileSink) -> Result<(), Refusal> {
        let path = sink.entry.path.clone();
        sink.finish()?;
        self.done.insert(path);
        Ok(())
    }

    /// Swaps the staged bundle in: every listed file must be done; the bundle is read back and
    /// checked as the loader will check it, its content parsed as the app will parse it; then the
    /// folder is renamed to `v<N>` and the pointer rewritten (see the module comment).
    pub fn commit(self, folder: &ContentFolder, keys: &TrustedKeys) -> Result<Bundle, Refusal> {
        if let Some(missing) = self
            .manifest
            .files
            .iter()
            .find(|f| !self.done.contains(&f.path))
        {
            return Err(Refusal::SizeMismatch {
                path: missing.path.clone(),
                expected: missing.size,
                got: 0,
            });
        }
        let bundle = read_bundle(self.dir.path(), keys)?;
        if bundle.manifest != self.manifest {
            return Err(Refusal::BadSignature);
        }
        bundle.check_content()?;
        let version = self.manifest.version;
        let target = folder.root.join(format!("v{version}"));
        if target.exists() {
            // A bundle of this version that is not in use (an earlier attempt, or one whose
            // pointer write was interrupted): the fresh copy replaces it.
            if folder.active_version()? == Some(version) {
                return Ok(bundle);
            }
            std::fs::remove_dir_all(&target).map_err(|e| Refusal::io(&e))?;
        }
        let staged = self.dir.keep();
        if let Err(e) = std::fs::rename(&staged, &target) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Refusal::io(&e));
        }
        crate::files::sync_dir(&folder.root);
        crate::files::write_atomically(
            &folder.root.join(POINTER_FILE),
            format!("v{version}\n").as_bytes(),
        )
        .map_err(|e| Refusal::io(&e))?;
        Ok(bundle)
    }
}

/// One file arriving: size and SHA-256 checked as the bytes come.
pub struct FileSink {
    file: File,
    hasher: Sha256,
    written: u64,
    entry: FileEntry,
}

impl FileSink {
    /// The size the manifest lists (a server's Content-Length above it is refused up front).
    pub fn expected_size(&self) -> u64 {
        self.entry.size
    }

    pub fn write(&mut self, chunk: &[u8]) -> Result<(), Refusal> {
        let after = self.written.saturating_add(chunk.len() as u64);
        if after > self.entry.size {
            return Err(Refusal::SizeMismatch {
                path: self.entry.path.clone(),
                expected: self.entry.size,
                got: after,
            });
        }
        self.file.write_all(chunk).map_err(|e| Refusal::io(&e))?;
        self.hasher.update(chunk);
        self.written = after;
        Ok(())
    }

    fn finish(self) -> Result<(), Refusal> {
        if self.written != self.entry.size {
            return Err(Refusal::SizeMismatch {
                path: self.entry.path,
                expected: self.entry.size,
                got: self.written,
            });
        }
        if hex(&self.hasher.finalize()) != self.entry.sha256 {
            return Err(Refusal::HashMismatch {
                path: self.entry.path,
            });
        }
        self.file.sync_all().map_err(|e| Refusal::io(&e))
    }
}

/// Lowercase hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes` in manifest form.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    let mut f = File::create_new(path).map_err(|e| Refusal::io(&e))?;
    f.write_all(bytes).map_err(|e| Refusal::io(&e))?;
    f.sync_all().map_err(|e| Refusal::io(&e))
}

/// Reads a bundle folder: the signature first, then each listed file (nothing unlisted is read),
/// its size and hash checked.
fn read_bundle(dir: &Path, keys: &TrustedKeys) -> Result<Bundle, Refusal> {
    let read = |name: &str, limit: u64| -> Result<Vec<u8>, Refusal> {
        let path = dir.join(name);
        let len = std::fs::metadata(&path).map_err(|e| Refusal::io(&e))?.len();
        if len > limit {
            return Err(Refusal::TooLarge {
                path: name.into(),
                limit,
            });
        }
        std::fs::read(&path).map_err(|e| Refusal::io(&e))
    };
    let manifest_bytes = read(MANIFEST_FILE, super::manifest::MANIFEST_LIMIT)?;
    let signature = String::from_utf8(read(SIGNATURE_FILE, SIGNATURE_LIMIT)?)
        .map_err(|_| Refusal::BadSignature)?;
    keys.verify(&manifest_bytes, &signature)?;
    let manifest = Manifest::parse(&manifest_bytes)?;
    let mut files = BTreeMap::new();
    for entry in &manifest.files {
        let bytes = read(&entry.path, entry.size)?;
        if bytes.len() as u64 != entry.size {
            return Err(Refusal::SizeMismatch {
                path: entry.path.clone(),
                expected: entry.size,
                got: bytes.len() as u64,
            });
        }
        if sha256_hex(&bytes) != entry.sha256 {
            return Err(Refusal::HashMismatch {
                path: entry.path.clone(),
            });
        }
        files.insert(entry.path.clone(), bytes);
    }
    Ok(Bundle { manifest, files })
}

/// Whether `manifest` may still be applied on `today`.
pub fn check_expiry(manifest: &Manifest, today: Date) -> Result<(), Refusal> {
    if manifest.expires < today {
        return Err(Refusal::Expired {
            expires: manifest.expires.to_string(),
        });
    }
    Ok(())
}
