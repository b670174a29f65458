//! `onshi backup [FILE]` and `onshi restore FILE`: a checked copy of the database (into the
//! data folder's `backups/` when no file is given), and putting one back with the current
//! database kept aside.

use std::path::{Path, PathBuf};

use clap::Args;
use onshi_core::store::backup::{self, BACKUP_DIR};

use crate::CliError;

#[derive(Args)]
pub struct BackupArgs {
    /// 書き出すファイル（既定はデータフォルダーの backups/） / where to write the copy
    file: Option<PathBuf>,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// 戻すバックアップのファイル / the backup to restore
    file: PathBuf,
}

pub fn backup(args: &BackupArgs, data_dir: &Path) -> Result<(), CliError> {
    let store = crate::open_store(data_dir)?;
    let now = jiff::Timestamp::now();
    let target = match &args.file {
        Some(f) => f.clone(),
        None => {
            let dir = data_dir.join(BACKUP_DIR);
            std::fs::create_dir_all(&dir).map_err(|e| {
                CliError::Failed(format!(
                    "バックアップのフォルダーを作れませんでした（{e}）。今のデータはそのままです。"
                ))
            })?;
            dir.join(backup::auto_name(now))
        }
    };
    let info = store.backup_to(&target)?;
    // The path alone on stdout (other tools read it); what it holds on stderr.
    println!("{}", info.path.display());
    eprintln!(
        "バックアップしました（医療機関 {} 件、{} バイト）。",
        info.clinics, info.bytes
    );
    Ok(())
}

pub fn restore(args: &RestoreArgs, data_dir: &Path) -> Result<(), CliError> {
    // Never under a running window: it would keep writing to the file it had open.
    let done = onshi_core::store::app_lock::while_app_closed(data_dir, || {
        backup::restore(data_dir, &args.file, jiff::Timestamp::now())
    })?;
    println!("復元しました（医療機関 {} 件）。", done.clinics);
    if let Some(aside) = done.kept_aside {
        println!("元のデータベースは {} に残しています。", aside.display());
    }
    Ok(())
}
