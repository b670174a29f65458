//! `onshi procedure …`, `onshi event` and `onshi status`: start procedures, record what
//! happened and print the checklist, over the same core operations as the app.

use std::path::Path;

use clap::{Args, Subcommand};
use onshi_core::checklist::{self, Env, Role, Target};
use onshi_core::operation;
use onshi_core::procedure::Catalog;

use crate::{CliError, clinic_id, parse_date, print_json, today};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Receptionist,
    Technician,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Receptionist => Role::Receptionist,
            RoleArg::Technician => Role::Technician,
        }
    }
}

#[derive(Subcommand)]
pub enum ProcedureCommand {
    /// 手続きを始める (始めていれば回答を変更) / start a procedure (or change its answers)
    Start {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// login, account, shokei, oqs, certificate, online-claim, customer-id-change, certificate-renewal
        procedure_id: String,
        /// 質問への回答 key=value (繰り返し可) / an answer, repeatable
        #[arg(long = "answer", value_name = "KEY=VALUE")]
        answers: Vec<String>,
        /// 記録する人 / who records it
        #[arg(long, value_enum, default_value = "technician")]
        role: RoleArg,
        /// 今日の日付 (既定は日本時間の今日) / today
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// 手続きの一覧、または1つの手続きの手順書 (JSON) / list procedures, or show one as JSON
    Show {
        /// 手続きID (省略で一覧) / procedure id (omit for the list)
        procedure_id: Option<String>,
    },
    /// この医療機関向けの手順と、入力する値 (確認済み) を JSON で / the steps with every value prepared
    Guide {
        clinic_id: String,
        procedure_id: String,
        /// 端末名称 / terminal name for 端末名称 fields
        #[arg(long)]
        terminal: Option<String>,
        /// 医科歯科併設: どちらのコードの手順か / which code, for a 医科歯科併設 clinic
        #[arg(long, value_name = "NNNNNNN")]
        code: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// 新しい版の手順書を受け入れる / accept the newer content version
    AcceptUpdate {
        clinic_id: String,
        procedure_id: String,
        #[arg(long, value_enum, default_value = "technician")]
        role: RoleArg,
    },
}

#[derive(Args)]
pub struct EventArgs {
    /// 医療機関ID / clinic id
    clinic_id: String,
    /// 出来事ID (例: shokei-submitted) / event id
    event_id: String,
    /// 出来事の日付 / the date it happened
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: String,
    /// 端末名称 (電子証明書の出来事) / terminal name for certificate events
    #[arg(long)]
    terminal: Option<String>,
    /// 手続きID (複数の手続きが同じ出来事を待つとき) / which procedure, when several wait for it
    #[arg(long)]
    procedure: Option<String>,
    /// 医科歯科併設: どちらの医療機関コードの記録か / which code, for a 医科歯科併設 clinic
    #[arg(long, value_name = "NNNNNNN")]
    code: Option<String>,
    #[arg(long, value_enum, default_value = "technician")]
    role: RoleArg,
    /// 今日の日付 (既定は日本時間の今日; これより後の出来事は記録できません) / today
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

pub fn show(procedure_id: Option<String>) -> Result<(), CliError> {
    let catalog = Catalog::embedded()?;
    match procedure_id {
        Some(id) => print_json(catalog.procedure(&id)?),
        None => {
            let list: Vec<_> = catalog
                .procedures
                .iter()
                .map(|p| serde_json::json!({"id": p.id, "title": p.title, "version": p.version, "requires": p.requires}))
                .collect();
            print_json(&list);
        }
    }
    Ok(())
}

/// `--answer key=value` pairs.
pub(crate) fn answer_pairs(answers: &[String]) -> Result<Vec<(String, String)>, CliError> {
    answers
        .iter()
        .map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "--answer は key=value の形で指定してください（「{a}」）"
                    ))
                })
        })
        .collect()
}

pub fn run(cmd: ProcedureCommand, data_dir: &Path) -> Result<(), CliError> {
    let now = jiff::Timestamp::now();
    match cmd {
        ProcedureCommand::Start {
            clinic_id: id,
            procedure_id,
            answers,
            role,
            today: given,
        } => {
            let id = clinic_id(&id)?;
            let pairs = answer_pairs(&answers)?;
            let env = Env::embedded(today(given.as_deref())?)?;
            let mut store = crate::open_store(data_dir)?;
            let instance = operation::start_procedure(
                &mut store,
                &env,
                &id,
                &procedure_id,
                &pairs,
                role.into(),
                now,
            )?;
            print_json(&serde_json::json!({
                "clinic_id": id,
                "procedure_id": instance.procedure_id,
                "content_version": instance.content_version,
                "answers": instance.answers,
            }));
        }
        ProcedureCommand::AcceptUpdate {
            clinic_id: id,
            procedure_id,
            role,
        } => {
            let id = clinic_id(&id)?;
            let env = Env::embedded(today(None)?)?;
            // An unknown procedure is refused before the data folder is touched.
            env.catalog.procedure(&procedure_id)?;
            let mut store = crate::open_store(data_dir)?;
            let version =
                operation::accept_update(&mut store, &env, &id, &procedure_id, role.into(), now)?;
            print_json(
                &serde_json::json!({"procedure_id": procedure_id, "content_version": version}),
            );
        }
        ProcedureCommand::Guide {
            clinic_id: id,
            procedure_id,
            terminal,
            code,
            today: given,
        } => {
            let id = clinic_id(&id)?;
            // An unknown procedure is refused before --today is read.
            let p = Catalog::embedded()?.procedure(&procedure_id)?;
            let env = Env::embedded(today(given.as_deref())?)?;
            let store = crate::open_store(data_dir)?;
            let case = store.case(&id)?;
            let target = Target::new(terminal.as_deref(), None, code.as_deref());
            print_json(&checklist::guide(&env, &case, p, &target)?);
        }
        ProcedureCommand::Show { procedure_id } => show(procedure_id)?,
    }
    Ok(())
}

pub fn event(args: &EventArgs, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(&args.clinic_id)?;
    let date = parse_date(&args.date)?;
    let today = today(args.today.as_deref())?;
    // The order checks do not depend on today; the date of the event is what counts.
    let env = Env::embedded(date)?;
    let target = Target::new(
        args.terminal.as_deref(),
        args.procedure.as_deref(),
        args.code.as_deref(),
    );
    let mut store = crate::open_store(data_dir)?;
    let recorded = operation::record_event(
        &mut store,
        &env,
        &id,
        &args.event_id,
        date,
        today,
        &target,
        args.role.into(),
        jiff::Timestamp::now(),
    )?;
    print_json(&recorded);
    Ok(())
}

pub fn status(id: &str, given: Option<&str>, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(id)?;
    let env = Env::embedded(today(given)?)?;
    let store = crate::open_store(data_dir)?;
    let case = store.case(&id)?;
    print_json(&checklist::status(&env, &case)?);
    Ok(())
}
