//! `onshi export`: a clinic's checklist (or a blank one, or the receptionist's hand-off sheet),
//! or a visit sheet for several clinics, as an A4 PDF.

use std::path::{Path, PathBuf};

use clap::Args;
use onshi_core::checklist::Env;
use onshi_core::sheet;
use onshi_print::{Template, render, write_atomically};

use crate::{CliError, clinic_id, today};

#[derive(Args)]
pub struct ExportArgs {
    /// 医療機関ID / clinic id (without --visit)
    clinic_id: Option<String>,
    /// 訪問用シート: 医療機関IDを並べる / a visit sheet for these clinics
    #[arg(long, num_args = 1.., value_name = "CLINIC_ID", conflicts_with_all = ["clinic_id", "blank", "handoff"])]
    visit: Vec<String>,
    /// 書き出すPDFファイル / the PDF to write
    #[arg(long, value_name = "OUT.pdf")]
    pdf: PathBuf,
    /// 記入用の空欄のチェックリスト / a blank checklist for a visit
    #[arg(long, conflicts_with = "handoff")]
    blank: bool,
    /// 受付用メモ（待っているもの） / the receptionist's hand-off sheet
    #[arg(long)]
    handoff: bool,
    /// 今日の日付 (既定は日本時間の今日) / today
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

pub fn run(args: &ExportArgs, data_dir: &Path) -> Result<(), CliError> {
    let env = Env::embedded(today(args.today.as_deref())?)?;
    let store = crate::open_store(data_dir)?;
    let pdf = if args.visit.is_empty() {
        let Some(id) = &args.clinic_id else {
            return Err(CliError::Usage(
                "医療機関IDか、--visit と医療機関IDを指定してください。".into(),
            ));
        };
        let case = store.case(&clinic_id(id)?)?;
        if args.handoff {
            render(Template::Handoff, &sheet::handoff_sheet(&env, &case)?)
        } else {
            render(
                Template::Checklist,
                &sheet::checklist_sheet(&env, &case, args.blank)?,
            )
        }
    } else {
        let mut cases = Vec::new();
        for id in &args.visit {
            cases.push(store.case(&clinic_id(id)?)?);
        }
        render(Template::Visit, &sheet::visit_sheet(&env, &cases)?)
    }
    .map_err(|e| CliError::Failed(e.to_string()))?;
    write_atomically(&args.pdf, &pdf.bytes).map_err(|e| CliError::Failed(e.to_string()))?;
    for w in &pdf.warnings {
        eprintln!("注意: {w}");
    }
    println!("{}（{} ページ）", args.pdf.display(), pdf.pages);
    Ok(())
}
