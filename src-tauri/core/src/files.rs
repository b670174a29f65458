//! Files (ファイルの書き込み): the one way the app replaces a file it owns or the user chose — a
//! PDF, a transfer file, the content pointer — so that a crash, a full disk or a kill never leaves
//! half a file.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path`: a new temporary file beside it (created exclusively, never following
/// a link), flushed to disk, renamed into place, and on Unix the folder synced so the rename
/// survives a power cut (NTFS journals the rename itself). On any failure the temporary file is
/// removed and an existing file at `path` is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".onshi-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // `persist` renames over an existing file; a failure drops (and so deletes) the temporary.
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Makes a rename or a new entry in `dir` durable. Best effort: some file systems refuse to sync a
/// folder, and the data itself was already synced.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_folder_in_the_way_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomically(dir.path(), b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory);
        assert!(dir.path().is_dir());
    }
}
