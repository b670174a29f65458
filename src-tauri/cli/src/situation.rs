//! `onshi situation …`, `onshi confirm`, `onshi switch-code` and `onshi home`: the
//! receptionist's wizard without a window — start from what happened, confirm the dangerous
//! choices, switch to a 承継's new code, and see the next step and what the clinic waits for.

use std::path::Path;

use clap::{Args, Subcommand};
use onshi_core::checklist::{self, Env};
use onshi_core::operation;
use onshi_core::procedure::Catalog;

use crate::procedure::{RoleArg, answer_pairs};
use crate::{CliError, clinic_id, print_json, today};

#[derive(Subcommand)]
pub enum SituationCommand {
    /// 状況の一覧、または1つの状況の質問と手続き (JSON) / list situations, or show one
    Show {
        /// 状況ID (省略で一覧) / situation id (omit for the list)
        situation_id: Option<String>,
    },
    /// 状況を始める (質問への回答は、それを聞く手続きすべてに入ります) / start a situation
    Start {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// shokei, new-clinic, line-change, terminal, certificate-renewal, first-login, online-claim, closing
        situation_id: String,
        /// 質問への回答 key=value (繰り返し可) / an answer, repeatable
        #[arg(long = "answer", value_name = "KEY=VALUE")]
        answers: Vec<String>,
        #[arg(long, value_enum, default_value = "technician")]
        role: RoleArg,
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

#[derive(Args)]
pub struct ConfirmArgs {
    /// 医療機関ID / clinic id
    clinic_id: String,
    /// 手続きID / procedure id
    procedure_id: String,
    /// 確認する項目のID (手順書の danger id) / the dangerous choice's id
    danger_id: String,
    /// 端末名称 (端末ごとの手続き) / terminal, for a per-terminal procedure
    #[arg(long)]
    terminal: Option<String>,
    #[arg(long, value_enum, default_value = "technician")]
    role: RoleArg,
}

#[derive(Args)]
pub struct ClinicArgs {
    /// 医療機関ID / clinic id
    clinic_id: String,
    #[arg(long, value_enum, default_value = "technician")]
    role: RoleArg,
    /// 今日の日付 (既定は日本時間の今日) / today
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

pub fn run(cmd: SituationCommand, data_dir: Option<&Path>) -> Result<(), CliError> {
    let catalog = Catalog::embedded()?;
    match cmd {
        SituationCommand::Show { situation_id: None } => {
            let list: Vec<_> = catalog
                .situations
                .iter()
                .map(|s| serde_json::json!({"id": s.id, "title": s.title, "summary": s.summary}))
                .collect();
            print_json(&list);
        }
        SituationCommand::Show {
            situation_id: Some(id),
        } => {
            let s = catalog.situation(&id)?;
            print_json(&serde_json::json!({
                "id": s.id,
                "title": s.title,
                "summary": s.summary,
                "questions": s.questions(catalog),
                "procedures": s.procedures,
            }));
        }
        SituationCommand::Start {
            clinic_id: id,
            situation_id,
            answers,
            role,
            today: given,
        } => {
            let id = clinic_id(&id)?;
            let pairs = answer_pairs(&answers)?;
            // An unknown situation is refused before the data folder is touched.
            catalog.situation(&situation_id)?;
            let env = Env::embedded(today(given.as_deref())?)?;
            let dir = data_dir.ok_or_else(|| {
                CliError::Usage(
                    "データフォルダーが決められません。--data-dir で指定してください。".into(),
                )
            })?;
            let mut store = crate::open_store(dir)?;
            let started = operation::start_situation(
                &mut store,
                &env,
                &id,
                &situation_id,
                &pairs,
                role.into(),
                jiff::Timestamp::now(),
            )?;
            let case = store.case(&id)?;
            let status = checklist::status(&env, &case)?;
            print_json(&serde_json::json!({
                "clinic_id": id,
                "situation_id": started.record.situation_id,
                "answers": started.record.answers,
                "started": started.instances.iter().map(|i| &i.procedure_id).collect::<Vec<_>>(),
                "plan": status.plan,
            }));
        }
    }
    Ok(())
}

pub fn confirm(args: &ConfirmArgs, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(&args.clinic_id)?;
    let env = Env::embedded(today(None)?)?;
    env.catalog.procedure(&args.procedure_id)?;
    let mut store = crate::open_store(data_dir)?;
    let c = operation::confirm(
        &mut store,
        &env,
        &id,
        &args.procedure_id,
        &args.danger_id,
        args.terminal.as_deref(),
        args.role.into(),
        jiff::Timestamp::now(),
    )?;
    print_json(&c);
    Ok(())
}

pub fn switch_code(args: &ClinicArgs, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(&args.clinic_id)?;
    let env = Env::embedded(today(args.today.as_deref())?)?;
    let mut store = crate::open_store(data_dir)?;
    let clinic = operation::switch_code(
        &mut store,
        &env,
        &id,
        args.role.into(),
        jiff::Timestamp::now(),
    )?;
    let history = store.case(&id)?.code_history;
    print_json(&serde_json::json!({
        "clinic_id": clinic.id,
        "name": clinic.name,
        "medical_code": clinic.medical_code.to_string(),
        "code_history": history,
    }));
    Ok(())
}

pub fn home(args: &ClinicArgs, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(&args.clinic_id)?;
    let env = Env::embedded(today(args.today.as_deref())?)?;
    let store = crate::open_store(data_dir)?;
    let case = store.case(&id)?;
    print_json(&checklist::home(&env, &case)?);
    Ok(())
}
