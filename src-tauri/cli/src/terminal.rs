//! `onshi terminal`: a clinic's terminals (端末台帳) and where each one's 電子証明書 stands;
//! adding, renaming and retiring a terminal (each change kept in the history).

use std::io::Write;
use std::path::Path;

use clap::{Args, Subcommand};
use onshi_core::checklist::{self, Env};
use onshi_core::operation;
use onshi_core::terminal_register::TerminalRequest;

use crate::procedure::RoleArg;
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
    /// 端末を追加 / add a terminal
    Add {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 端末名称 / the terminal's name
        name: String,
        #[command(flatten)]
        by: ChangeArgs,
    },
    /// 端末の名前を変更 / rename a terminal
    Rename {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 今の端末名称 / the current name
        old: String,
        /// 新しい端末名称 / the new name
        new: String,
        #[command(flatten)]
        by: ChangeArgs,
    },
    /// 端末を撤去（電子証明書が不要になる） / retire a terminal
    Retire {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 端末名称 / the terminal's name
        name: String,
        #[command(flatten)]
        by: ChangeArgs,
    },
}

/// Who changes the register, and on which day.
#[derive(Args)]
pub struct ChangeArgs {
    #[arg(long, value_enum, default_value = "technician")]
    role: RoleArg,
    /// 変更した日 (既定は日本時間の今日) / the day of the change
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

pub fn run(cmd: &TerminalCommand, data_dir: &Path) -> Result<(), CliError> {
    let (id, request, by) = match cmd {
        TerminalCommand::List {
            clinic_id,
            today,
            json,
        } => return list(clinic_id, today.as_deref(), *json, data_dir),
        TerminalCommand::Add {
            clinic_id,
            name,
            by,
        } => (clinic_id, TerminalRequest::Add { name: name.clone() }, by),
        TerminalCommand::Rename {
            clinic_id,
            old,
            new,
            by,
        } => (
            clinic_id,
            TerminalRequest::Rename {
                old: old.clone(),
                new: new.clone(),
            },
            by,
        ),
        TerminalCommand::Retire {
            clinic_id,
            name,
            by,
        } => (
            clinic_id,
            TerminalRequest::Retire { name: name.clone() },
            by,
        ),
    };
    let id = clinic_id(id)?;
    let day = today(by.today.as_deref())?;
    let mut store = crate::open_store(data_dir)?;
    let change = operation::change_terminal(
        &mut store,
        &id,
        &request,
        day,
        by.role.into(),
        jiff::Timestamp::now(),
    )?;
    println!(
        "{}（{}）",
        change.sentence(),
        onshi_core::calendar::long_date(change.date)
    );
    Ok(())
}

fn list(id: &str, given: Option<&str>, json: bool, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(id)?;
    let env = Env::embedded(today(given)?)?;
    let store = crate::open_store(data_dir)?;
    let list = checklist::terminals(&env, &store.case(&id)?)?;
    if json {
        print_json(&list);
        return Ok(());
    }
    let day =
        |d: Option<jiff::civil::Date>| d.map_or("—".to_string(), onshi_core::calendar::month_day);
    let mut out = std::io::stdout().lock();
    if list.is_empty() {
        let _ = writeln!(
            out,
            "使用中の端末はありません。onshi terminal add <医療機関ID> 端末名称 で追加します。"
        );
    }
    for t in &list {
        let code = t
            .code
            .as_ref()
            .map(|c| format!("（{} {c}）", t.score_table.unwrap_or("")))
            .unwrap_or_default();
        let line = writeln!(
            out,
            "{}{code} [{}] 申請 {}　通知書 {}　導入 {}　有効期限 {}　更新の準備 {}",
            t.terminal,
            t.status_label,
            day(t.applied_on),
            day(t.notice_arrived_on),
            day(t.installed_on),
            day(t.expires_on),
            day(t.renewal_from)
        );
        if line.is_err() {
            break;
        }
    }
    Ok(())
}
