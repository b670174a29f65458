//! `onshi`: the Onshi Navi command line. It does the main jobs without a window, over the same
//! core as the app, for technicians and for tests. One module per command group: [`clinic`],
//! [`procedure`] (procedures, events, the checklist), [`check`] (validate, postal), [`calendar`].
//!
//! Exit codes: 0 ok, 1 domain error (bad input, not found, storage problem), 2 usage error.

mod backup;
mod calendar;
mod check;
mod clinic;
mod content;
mod dashboard;
mod export;
mod procedure;
mod secret;
mod situation;
mod terminal;
mod transfer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use onshi_core::{ClinicId, Error};

#[derive(Parser)]
#[command(
    name = "onshi",
    version,
    about = "オン資ナビ コマンドライン (Onshi Navi command line)",
    long_about = "オン資ナビ コマンドライン: 医療機関の登録と一覧をウィンドウなしで行います。\n\
                  Onshi Navi command line: manage clinics without a window.\n\n\
                  終了コード / exit codes: 0 成功 ok, 1 入力・データのエラー domain error, 2 使い方の誤り usage error"
)]
struct Cli {
    /// データフォルダー (既定: アプリと同じ) / data directory (default: the app's)
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// この呼び出しに限り、組み込みの鍵の代わりに信頼する公開鍵（配信元が自分の更新を試すとき） /
    /// trust this minisign public key instead of the embedded ones, for this call only
    #[arg(long, global = true, value_name = "FILE")]
    pubkey: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 医療機関 / clinics
    #[command(subcommand)]
    Clinic(clinic::ClinicCommand),
    /// 営業日と祝日 / business days and holidays (土日・祝日・12/29–1/3 を除く)
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// ポータルに入力する値の確認 / check a value in portal format (prints JSON; exit 1 on errors)
    Validate(check::ValidateArgs),
    /// 郵便番号から住所を検索 (JSON 配列; 見つからなければ exit 1) / look up a postal code
    Postal {
        /// 郵便番号 7桁 (〒・ハイフン可) / 7-digit postal code
        code: String,
    },
    /// 手続きの開始・回答の変更・内容の更新 / start a procedure, change its answers
    #[command(subcommand)]
    Procedure(procedure::ProcedureCommand),
    /// 出来事を記録 (送信した・メールが届いた…) / record an event
    Event(procedure::EventArgs),
    /// 何がありましたか: 状況から必要な手続きを始める / situations (what happened)
    #[command(subcommand)]
    Situation(situation::SituationCommand),
    /// 危険な選択を画面で確かめたことを記録 / confirm a dangerous choice
    Confirm(situation::ConfirmArgs),
    /// 承継のあと、新しい医療機関コードに切り替える / switch to the 承継's new code
    SwitchCode(situation::ClinicArgs),
    /// 今やること・待っているもの・期限 (JSON) / the receptionist's home as JSON
    Home(situation::ClinicArgs),
    /// 担当一覧: 医療機関ごとに、急ぐものから / the technician's board, most urgent first
    Dashboard(dashboard::DashboardArgs),
    /// 端末と電子証明書 / terminals and their certificates
    #[command(subcommand)]
    Terminal(terminal::TerminalCommand),
    /// 秘密情報（OSの資格情報の保管場所に保存） / secrets, in the OS keychain
    #[command(subcommand)]
    Secret(secret::SecretCommand),
    /// データベースのバックアップ（書いたファイルのパスを表示） / back up the database
    Backup(backup::BackupArgs),
    /// バックアップから戻す（今のデータベースは残す） / restore a backup
    Restore(backup::RestoreArgs),
    /// 医療機関を別のパソコンへ：JSONに書き出す（秘密情報は含まない） / export clinics as JSON
    ExportJson(transfer::ExportJsonArgs),
    /// 書き出したJSONを取り込む（追加・統合・食い違いを表示） / import clinics from JSON
    ImportJson(transfer::ImportJsonArgs),
    /// チェックリスト・受付用メモ・訪問用シートをPDFに / a checklist, hand-off or visit sheet as a PDF
    Export(export::ExportArgs),
    /// 手順の内容（組み込み・ダウンロード）と更新 / the content in use and its updates
    #[command(subcommand)]
    Content(content::ContentCommand),
    /// 配信元の作業: 鍵の組、署名した更新 / publisher: key pair, signed bundle
    #[command(subcommand)]
    Bundle(content::BundleCommand),
    /// 医療機関のチェックリスト (JSON) / a clinic's checklist as JSON
    Status {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 今日の日付 (既定は日本時間の今日) / today (default: today in Japan)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Domain(err)) => {
            report(&err);
            ExitCode::from(1)
        }
        Err(CliError::Usage(msg)) => {
            eprintln!("エラー: {msg}");
            ExitCode::from(2)
        }
        Err(CliError::Reported) => ExitCode::from(1),
        Err(CliError::Failed(msg)) => {
            eprintln!("エラー: {msg}");
            ExitCode::from(1)
        }
    }
}

enum CliError {
    Domain(Error),
    Usage(String),
    /// The output already says what is wrong (e.g. `validate`'s JSON): exit 1, print nothing more.
    Reported,
    /// Something outside the core failed (printing, saving a file): exit 1 with its message.
    Failed(String),
}

impl From<Error> for CliError {
    fn from(err: Error) -> Self {
        CliError::Domain(err)
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    if let Command::Bundle(cmd) = &cli.command {
        // The publisher's side reads no content in use.
        return content::run_bundle(cmd);
    }
    // The data folder's verified content bundle is put in use before any command reads content.
    let keys = content::keys(cli.pubkey.as_deref())?;
    let trust = if cli.pubkey.is_some() {
        content::Trust::TestKey
    } else {
        content::Trust::Publisher
    };
    let activation = match data_dir(cli.data_dir.clone()) {
        Ok(dir) => Some(content::activate(&dir, &keys, trust, today(None)?)),
        Err(_) => None,
    };
    match cli.command {
        Command::Bundle(_) => Ok(()),
        Command::Content(cmd) => {
            let dir = data_dir(cli.data_dir)?;
            let today = today(None)?;
            let status = match activation {
                Some(status) => status,
                None => content::activate(&dir, &keys, trust, today),
            };
            content::run(&cmd, &dir, &keys, trust, status, today)
        }
        Command::Calendar(cmd) => calendar::run(&cmd),
        Command::Validate(args) => check::validate(&args),
        Command::Postal { code } => check::postal(&code),
        Command::Clinic(cmd) => clinic::run(cmd, &data_dir(cli.data_dir)?),
        Command::Procedure(procedure::ProcedureCommand::Show { procedure_id }) => {
            procedure::show(procedure_id)
        }
        Command::Procedure(cmd) => procedure::run(cmd, &data_dir(cli.data_dir)?),
        Command::Event(args) => procedure::event(&args, &data_dir(cli.data_dir)?),
        Command::Situation(cmd @ situation::SituationCommand::Show { .. }) => {
            situation::run(cmd, None)
        }
        Command::Situation(cmd) => situation::run(cmd, Some(&data_dir(cli.data_dir)?)),
        Command::Confirm(args) => situation::confirm(&args, &data_dir(cli.data_dir)?),
        Command::SwitchCode(args) => situation::switch_code(&args, &data_dir(cli.data_dir)?),
        Command::Home(args) => situation::home(&args, &data_dir(cli.data_dir)?),
        Command::Dashboard(args) => dashboard::run(&args, &data_dir(cli.data_dir)?),
        Command::Terminal(cmd) => terminal::run(&cmd, &data_dir(cli.data_dir)?),
        Command::Export(args) => export::run(&args, &data_dir(cli.data_dir)?),
        Command::Secret(cmd) => secret::run(&cmd, &data_dir(cli.data_dir)?),
        Command::ExportJson(args) => transfer::export(&args, &data_dir(cli.data_dir)?),
        Command::ImportJson(args) => transfer::import(&args, &data_dir(cli.data_dir)?),
        Command::Backup(args) => backup::backup(&args, &data_dir(cli.data_dir)?),
        Command::Restore(args) => backup::restore(&args, &data_dir(cli.data_dir)?),
        Command::Status { clinic_id, today } => {
            procedure::status(&clinic_id, today.as_deref(), &data_dir(cli.data_dir)?)
        }
    }
}

/// Today in Japan, or `--today` (a malformed date is a usage error).
fn today(given: Option<&str>) -> Result<jiff::civil::Date, CliError> {
    match given {
        Some(d) => parse_date(d),
        None => Ok(onshi_core::calendar::tokyo_date(jiff::Timestamp::now())?),
    }
}

/// A clinic id from the command line (not a UUID → 見つかりません, exit 1).
fn clinic_id(input: &str) -> Result<ClinicId, CliError> {
    Ok(ClinicId::from_input(input)?)
}

/// `--data-dir`, or the app's own data folder so the CLI and the window share clinics.
fn data_dir(given: Option<PathBuf>) -> Result<PathBuf, CliError> {
    match given {
        Some(dir) => Ok(dir),
        None => dirs::data_dir()
            .map(|d| d.join(onshi_core::APP_IDENTIFIER))
            .ok_or_else(|| {
                CliError::Usage(
                    "データフォルダーが決められません。--data-dir で指定してください。".into(),
                )
            }),
    }
}

/// A malformed or impossible date is a usage error (exit 2), with the core's Japanese message.
/// The database in `dir`; a damaged one is quarantined (renamed and kept) and refused, like
/// in the app, until `onshi restore` puts a backup back.
fn open_store(dir: &std::path::Path) -> onshi_core::Result<onshi_core::Store> {
    onshi_core::store::quarantine::open_or_quarantine(dir, jiff::Timestamp::now(), None)
}

fn parse_date(input: &str) -> Result<jiff::civil::Date, CliError> {
    onshi_core::calendar::parse_date(input).map_err(|e| CliError::Usage(e.to_string()))
}

fn print_json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string(value) {
        Ok(text) => println!("{text}"),
        // Serialising our own plain structs cannot fail; say so loudly rather than print nothing.
        Err(err) => eprintln!("内部エラー: JSON に変換できません ({err})"),
    }
}

/// The command-line flag a form field is given with (a finding names what the user typed).
fn flag_of(field: &str) -> String {
    match field {
        "name" => "--name".into(),
        "prefecture" => "--pref".into(),
        "score_table" => "--tensu".into(),
        "medical_code" => "--code".into(),
        "answer" => "--answer".into(),
        // `onshi terminal add|rename|retire` take the names as arguments.
        "terminal" => "NAME".into(),
        "new_terminal" => "NEW".into(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// Prints a domain error in Japanese on stderr: the message, each field finding, and how to
/// give on the command line what the error asks for (the core's messages never name flags).
fn report(err: &Error) {
    eprintln!("エラー: {err}");
    if let Some(report) = err.report() {
        for issue in &report.issues {
            let label = match issue.severity {
                onshi_core::validate::Severity::Error => "エラー",
                onshi_core::validate::Severity::Warning => "注意",
            };
            eprintln!(
                "  {label} {} [{}]: {}",
                flag_of(issue.field),
                issue.code,
                issue.message
            );
        }
    }
    match err {
        Error::CodeRequired { codes, .. } | Error::UnknownCode { codes, .. } => {
            let listed: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
            eprintln!(
                "  CLI では --code で指定します（{}）。",
                listed.join(" または ")
            );
        }
        Error::UnknownTerminal { terminals, .. } => eprintln!(
            "  CLI では --terminal で一覧の端末（{}）を指定するか、onshi procedure start … --answer terminals=… で端末を追加します。",
            terminals.join("、")
        ),
        Error::NoTerminals { .. } => {
            eprintln!("  CLI では onshi terminal add <医療機関ID> 端末名称 で端末を追加します。");
        }
        Error::TerminalNotRegistered { .. } => {
            eprintln!("  端末の一覧は onshi terminal list <医療機関ID> で確かめられます。");
        }
        Error::ConfirmationRequired { dangers, .. } => {
            for d in dangers {
                eprintln!(
                    "  CLI では onshi confirm <医療機関ID> {} {} で確認を記録します。",
                    d.procedure_id, d.danger_id
                );
            }
        }
        Error::AnswersRequired { answers, .. } => {
            for a in answers {
                eprintln!(
                    "  CLI では onshi procedure start <医療機関ID> {} --answer {}=… で入力します。",
                    a.procedure_id, a.key
                );
            }
        }
        Error::CodeSwitch { .. } => {
            eprintln!("  CLI では onshi switch-code <医療機関ID> で切り替えます。");
        }
        Error::StorageQuarantined {
            latest_backup: Some(b),
            ..
        } => {
            eprintln!("  CLI では onshi restore <データフォルダー>/backups/{b} で戻します。");
        }
        Error::StorageQuarantined {
            latest_backup: None,
            ..
        } => {
            eprintln!(
                "  CLI では onshi restore <バックアップのファイル> で戻します。空のデータで始めるときは、アプリの画面で「空のデータで始める」を選んでください。"
            );
        }
        Error::StorageCorrupt { detail } | Error::StorageUnavailable { detail } => {
            eprintln!("  詳細: {detail}");
        }
        _ => {}
    }
}
