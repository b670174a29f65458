//! `onshi terminal list`: a clinic's terminals and where each one's 電子証明書 stands.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;
use onshi_core::Store;
use onshi_core::checklist::{self, Env};

use crate::{CliError, clinic_id, print_json, today};

#[derive(Subcommand)]
pub enum TerminalCommand {
    /// 端末と電子証明書の一覧 / the terminals and their certificates
    List {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 今日の日付 (既定は日本時間の今日) / today
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// JSON で出力 / print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: &TerminalCommand, data_dir: &Path) -> Result<(), CliError> {
    let TerminalCommand::List {
        clinic_id: id,
        today: given,
        json,
    } = cmd;
    let id = clinic_id(id)?;
    let env = Env::embedded(today(given.as_deref())?)?;
    let store = Store::open_dir(data_dir)?;
    let list = checklist::terminals(&env, &store.case(&id)?)?;
    if *json {
        print_json(&list);
        return Ok(());
    }
    let day =
        |d: Option<jiff::civil::Date>| d.map_or("—".to_string(), onshi_core::calendar::month_day);
    let mut out = std::io::stdout().lock();
    for t in &list {
        let code = t
            .code
            .as_ref()
            .map(|c| format!("（{} {c}）", t.score_table.unwrap_or("")))
            .unwrap_or_default();
        let line = writeln!(
            out,
            "{}{code} [{}] 申請 {}　通知書 {}　導入 {}　有効期限 {}",
            t.terminal,
            t.status_label,
            day(t.applied_on),
            day(t.notice_arrived_on),
            day(t.installed_on),
            day(t.expires_on)
        );
        if line.is_err() {
            break;
        }
    }
    Ok(())
}
