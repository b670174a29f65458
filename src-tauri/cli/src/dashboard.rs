//! `onshi dashboard`: the technician's board — one row per clinic, most urgent first, with the
//! same filters and search as the window, as a table or as JSON.

use std::io::Write;
use std::path::Path;

use clap::Args;
use onshi_core::checklist::{self, Env, Filter};

use crate::{CliError, print_json, today};

#[derive(Args)]
pub struct DashboardArgs {
    /// 絞り込み / filter: problem, overdue, week, waiting, in-progress, done, expiring
    #[arg(long, value_name = "FILTER")]
    filter: Option<String>,
    /// 医療機関名・医療機関コード (7桁/10桁)・都道府県で検索 / search by name, code or prefecture
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// 今日の日付 (既定は日本時間の今日) / today
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// JSON で出力 / print JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: &DashboardArgs, data_dir: &Path) -> Result<(), CliError> {
    let filter = match args.filter.as_deref() {
        None => None,
        Some(f) => Some(Filter::parse(f).ok_or_else(|| {
            let all: Vec<&str> = Filter::ALL.iter().map(|f| f.as_str()).collect();
            CliError::Usage(format!(
                "--filter は {} のどれかを指定してください（「{f}」）",
                all.join("、")
            ))
        })?),
    };
    let today = today(args.today.as_deref())?;
    let env = Env::embedded(today)?;
    let store = crate::open_store(data_dir)?;
    let rows = checklist::board_rows(&env, &store.cases()?, 2)?;
    let board = checklist::board(rows, filter, args.search.as_deref());
    if args.json {
        print_json(&board);
        return Ok(());
    }
    let counts: Vec<String> = board
        .counts
        .iter()
        .map(|c| format!("{} {}", c.label, c.count))
        .collect();
    // A reader that stops early (`| head`) ends the listing quietly, without a panic.
    let mut out = std::io::stdout().lock();
    let head = writeln!(
        out,
        "{} 件中 {} 件（{}）",
        board.total,
        board.rows.len(),
        counts.join("・")
    );
    if head.is_err() {
        return Ok(());
    }
    for r in &board.rows {
        let due = r
            .due
            .map(|d| format!("　予定 {}", onshi_core::calendar::month_day(d)))
            .unwrap_or_default();
        let deadline = r
            .deadline
            .map(|d| format!("　期限 {}", onshi_core::calendar::month_day(d)))
            .unwrap_or_default();
        let line = writeln!(
            out,
            "[{}] {} {} {}　{}{}{}",
            r.urgency_label,
            r.medical_code,
            r.name,
            r.prefecture,
            r.procedure.unwrap_or("—"),
            due,
            deadline
        );
        if line.is_err() {
            break;
        }
    }
    Ok(())
}
