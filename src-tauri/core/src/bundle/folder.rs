//! The content folder (コンテンツ置き場): verified bundles in the data folder, and the staging area
//! new ones are written into.
//!
//! Layout under `<data dir>/content/`:
//! - `v<N>-<suffix>/` — one complete bundle: `manifest.json`, `manifest.json.minisig`, its files;
//! - `current` — the pointer: the folder name of the bundle in use, replaced atomically;
//! - `.staging-*/` — a bundle being downloaded; removed when it fails or at the next update;
//! - `.lock` — held by the one update that may run at a time.
//!
//! A swap is two atomic steps: the finished staging folder is renamed to a new `v<N>-<suffix>`,
//! then the pointer is rewritten; older folders are removed only after that. A crash between them leaves the pointer on the old bundle, so the content in use
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
const LOCK_FILE: &str = ".lock";
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

    /// The folder the pointer names (`v<N>-<suffix>`) and its version, if a bundle was applied.
    fn pointer(&self) -> Result<Option<(u64, String)>, Refusal> {
        match std::fs::read_to_string(self.root.join(POINTER_FILE)) {
            Ok(text) => {
                let name = text.trim().to_string();
                match version_of(&name) {
                    Some(v) => Ok(Some((v, name))),
                    None => Err(Refusal::Damaged {
                        detail: "content/current".into(),
                    }),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Refusal::Damaged {
                detail: format!("content/current: {}", e.kind()),
            }),
        }
    }

    /// The version the pointer names, if a bundle was ever applied.
    pub fn active_version(&self) -> Result<Option<u64>, Refusal> {
        Ok(self.pointer()?.map(|(v, _)| v))
    }

    /// Reads and re-verifies the bundle in use: its signature (by `keys`), then every file's size
    /// and SHA-256. An expired bundle still loads (it was valid when applied, and is newer than
    /// what the app has); the caller warns about it.
    pub fn load_active(&self, keys: &TrustedKeys) -> Result<Option<Bundle>, Refusal> {
        let Some((version, name)) = self.pointer()? else {
            return Ok(None);
        };
        let bundle = read_bundle(&self.root.join(&name), keys)?;
        if bundle.manifest.version != version {
            return Err(Refusal::Damaged {
                detail: format!(
                    "content/{name} に版{}の目録があります",
                    bundle.manifest.version
                ),
            });
        }
        Ok(Some(bundle))
    }

    /// Starts a staging folder for `manifest` (already verified), with the manifest and its
    /// signature written into it. Only one update runs at a time on this data folder (the app's
    /// and the CLI's included): a second is refused as busy while the first holds the lock.
    pub fn stage(
        &self,
        manifest: Manifest,
        manifest_bytes: &[u8],
        signature: &str,
    ) -> Result<Staging, Refusal> {
        std::fs::create_dir_all(&self.root).map_err(|e| Refusal::io(&e))?;
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.root.join(LOCK_FILE))
            .map_err(|e| Refusal::io(&e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(Refusal::Busy),
            Err(std::fs::TryLockError::Error(e)) => return Err(Refusal::io(&e)),
        }
        // Under the lock, a staging folder is an interrupted update's: nothing uses it.
        if let Ok(entries) = std::fs::read_dir(&self.root) {
            for entry in entries.flatten() {
                if entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(STAGING_PREFIX)
                {
                    let _ = with_retries(|| std::fs::remove_dir_all(entry.path()));
                }
            }
        }
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
            _lock: lock,
        })
    }

    /// After a swap: removes bundles other than the one in use (`keep`) and the newest one of
    /// an older version (kept so a person can look at what changed).
    fn remove_old(&self, keep: &str, version: u64) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        let mut older: Vec<(u64, String)> = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == keep {
                continue;
            }
            match version_of(&name) {
                Some(v) if v < version => older.push((v, name)),
                // The same or a higher version in a folder the pointer does not name: a damaged
                // copy replaced now, or a swap interrupted before its pointer was written.
                Some(_) => {
                    let _ = with_retries(|| std::fs::remove_dir_all(self.root.join(&name)));
                }
                None => {}
            }
        }
        older.sort();
        older.pop();
        for (_, name) in older {
            let _ = with_retries(|| std::fs::remove_dir_all(self.root.join(&name)));
        }
    }
}

/// The version of a bundle folder's name (`v<N>` or `v<N>-<suffix>`).
fn version_of(name: &str) -> Option<u64> {
    let rest = name.strip_prefix('v')?;
    let number = rest.split('-').next()?;
    if name.contains(['/', '\\']) || name.contains("..") {
        return None;
    }
    number.parse().ok()
}

/// Runs a rename or a removal again for a second when Windows says the file is in use (an
/// antivirus or the indexer briefly opens new files); other errors return at once.
fn with_retries<T>(mut op: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    const SHARING_VIOLATION: i32 = 32;
    let mut attempt = 0;
    loop {
        match op() {
            Err(e)
                if attempt < 5
                    && (e.kind() == std::io::ErrorKind::PermissionDenied
                        || e.raw_os_error() == Some(SHARING_VIOLATION)) =>
            {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// A bundle being written, file by file, into its staging folder. Dropping it (on any refusal)
/// removes the folder, so nothing half-downloaded stays behind.
pub struct Staging {
    dir: tempfile::TempDir,
    manifest: Manifest,
    done: BTreeSet<String>,
    /// Held until the staging ends (swapped or dropped): one update at a time.
    _lock: File,
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
        // A fresh folder name for every swap: the copy in use is never renamed over or removed
        // before the pointer names the new one (a damaged bundle of the same version included).
        let suffix = self
            .dir
            .path()
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_start_matches(STAGING_PREFIX)
                    .to_string()
            })
            .unwrap_or_default();
        let name = format!("v{version}-{suffix}");
        let target = folder.root.join(&name);
        let staged = self.dir.keep();
        if let Err(e) = with_retries(|| std::fs::rename(&staged, &target)) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Refusal::io(&e));
        }
        crate::files::sync_dir(&folder.root);
        crate::files::write_atomically(
            &folder.root.join(POINTER_FILE),
            format!("{name}\n").as_bytes(),
        )
        .map_err(|e| Refusal::io(&e))?;
        folder.remove_old(&name, version);
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
    let damaged = |name: &str, e: std::io::Error| Refusal::Damaged {
        detail: format!("{name}: {}", e.kind()),
    };
    let read = |name: &str, limit: u64| -> Result<Vec<u8>, Refusal> {
        let path = dir.join(name);
        let len = std::fs::metadata(&path)
            .map_err(|e| damaged(name, e))?
            .len();
        if len > limit {
            return Err(Refusal::TooLarge {
                path: name.into(),
                limit,
            });
        }
        std::fs::read(&path).map_err(|e| damaged(name, e))
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
