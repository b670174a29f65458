//! Times what moves a whole database: a backup (`VACUUM INTO`, checked), a restore (checked
//! twice, the current database set aside), the transfer file of every clinic written and read
//! into an empty database, and the same file read again (everything already there).
//!
//! `cargo run --release -p onshi-core --example moves -- DIR` on a database made by the `seed`
//! example (10,000 clinics). DIR is not changed: everything happens in copies.

use std::path::PathBuf;
use std::time::Instant;

use onshi_core::Store;
use onshi_core::store::backup;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: moves DIR")?;
    let work = tempfile::tempdir()?;
    let now = jiff::Timestamp::now();
    let store = Store::open_dir(&dir)?;
    let clinics = store.list_clinics()?.len();

    let copy = work.path().join("copy.sqlite3");
    let t = Instant::now();
    let info = store.backup_to(&copy)?;
    let backup_ms = t.elapsed().as_secs_f64() * 1e3;

    let t = Instant::now();
    let file = store.export_clinics(&[], now)?;
    let bytes = serde_json::to_vec_pretty(&file)?;
    let export_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(store);

    let target = work.path().join("imported");
    let mut fresh = Store::open_dir(&target)?;
    let t = Instant::now();
    let report = fresh.import_clinics(&bytes, now)?;
    let import_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let again = fresh.import_clinics(&bytes, now)?;
    let again_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(fresh);

    let t = Instant::now();
    let restored = backup::restore(&target, &copy, now)?;
    let restore_ms = t.elapsed().as_secs_f64() * 1e3;

    println!("clinics: {clinics}");
    println!(
        "backup: {backup_ms:.0} ms ({} bytes, integrity_check included)",
        info.bytes
    );
    println!("export-json: {export_ms:.0} ms ({} bytes)", bytes.len());
    println!(
        "import-json into an empty database: {import_ms:.0} ms ({} clinics added)",
        report.added.len()
    );
    println!(
        "import-json again (everything already there): {again_ms:.0} ms ({} rows already there)",
        again.already_here
    );
    println!("restore: {restore_ms:.0} ms ({} clinics)", restored.clinics);
    Ok(())
}
