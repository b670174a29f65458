//! `onshi export-json --out FILE [<clinic-id>...]` and `onshi import-json FILE`: clinics moved
//! between PCs (no secrets: none is in the database). The file is written atomically; reading
//! one is all or nothing, and prints what was added, merged and in conflict.

use std::path::{Path, PathBuf};

use clap::Args;
use onshi_print::write_atomically;

use crate::{CliError, clinic_id};

#[derive(Args)]
pub struct ExportJsonArgs {
    /// 書き出すファイル / the file to write
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// 医療機関ID（省略するとすべて） / clinic ids (all when none)
    clinic_ids: Vec<String>,
}

#[derive(Args)]
pub struct ImportJsonArgs {
    /// 取り込むファイル / the file to read
    file: PathBuf,
}

pub fn export(args: &ExportJsonArgs, data_dir: &Path) -> Result<(), CliError> {
    let ids = args
        .clinic_ids
        .iter()
        .map(|id| clinic_id(id))
        .collect::<Result<Vec<_>, _>>()?;
    let store = crate::open_store(data_dir)?;
    let file = store.export_clinics(&ids, jiff::Timestamp::now())?;
    let count = file["clinics"].as_array().map_or(0, Vec::len);
    let mut bytes = serde_json::to_vec_pretty(&file)
        .map_err(|e| CliError::Failed(format!("書き出す内容を作れませんでした（{e}）。")))?;
    bytes.push(b'\n');
    write_atomically(&args.out, &bytes).map_err(|e| CliError::Failed(e.to_string()))?;
    println!("{}（医療機関 {count} 件）", args.out.display());
    Ok(())
}

pub fn import(args: &ImportJsonArgs, data_dir: &Path) -> Result<(), CliError> {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        CliError::Failed(format!(
            "「{}」を読めませんでした（{e}）。ファイルの場所を確かめてください。何も取り込んでいません。",
            args.file.display()
        ))
    })?;
    let mut store = crate::open_store(data_dir)?;
    let report = store.import_clinics(&bytes, jiff::Timestamp::now())?;
    println!("追加：{} 件", report.added.len());
    for name in &report.added {
        println!("  {name}");
    }
    println!(
        "統合：{} 件（追加した記録 {} 件、すでにあった記録 {} 件）",
        report.merged.len(),
        report.rows_added,
        report.already_here
    );
    for name in &report.merged {
        println!("  {name}");
    }
    println!("食い違い：{} 件", report.conflicts.len());
    let catalog = onshi_core::procedure::Catalog::embedded()?;
    for c in &report.conflicts {
        let which = c
            .terminal
            .as_deref()
            .map_or_else(String::new, |t| format!("（端末：{t}）"));
        println!(
            "  {}：「{}」{which}　このパソコン {}／取り込んだファイル {}（両方を残し、「問題あり」にしています）",
            c.clinic,
            c.step_title(catalog),
            c.local_date,
            c.imported_date
        );
    }
    if !report.skipped.is_empty() {
        println!("取り込まなかった医療機関：{} 件", report.skipped.len());
        for s in &report.skipped {
            println!("  {s}");
        }
    }
    Ok(())
}
