//! `onshi`: the Onshi Navi command line. It does the main jobs without a window, over the same
//! core as the app, for technicians and for tests.
//!
//! Exit codes: 0 ok, 1 domain error (bad input, not found, storage problem), 2 usage error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use onshi_core::calendar::{self, Calendar};
use onshi_core::checklist::{self, Env, Role};
use onshi_core::procedure::Catalog;
use onshi_core::profile::ProfileForm;
use onshi_core::timeline::Rules;
use onshi_core::{ClinicId, Error, NewClinicForm, Store};

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

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 医療機関 / clinics
    #[command(subcommand)]
    Clinic(ClinicCommand),
    /// 営業日と祝日 / business days and holidays (土日・祝日・12/29–1/3 を除く)
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// ポータルに入力する値の確認 / check a value in portal format (prints JSON; exit 1 on errors)
    Validate(ValidateArgs),
    /// 郵便番号から住所を検索 (JSON 配列; 見つからなければ exit 1) / look up a postal code
    Postal {
        /// 郵便番号 7桁 (〒・ハイフン可) / 7-digit postal code
        code: String,
    },
    /// 手続きの開始・回答の変更・内容の更新 / start a procedure, change its answers
    #[command(subcommand)]
    Procedure(ProcedureCommand),
    /// 出来事を記録 (送信した・メールが届いた…) / record an event
    Event(EventArgs),
    /// 医療機関のチェックリスト (JSON) / a clinic's checklist as JSON
    Status {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 今日の日付 (既定は日本時間の今日) / today (default: today in Japan)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
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
enum ProcedureCommand {
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
struct EventArgs {
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ValidateKind {
    MedicalCode,
    CustomerId,
    PostalCode,
    Phone,
    Kana,
    ClaimStart,
    Email,
}

#[derive(Args)]
struct ValidateArgs {
    /// 種類 / kind of value
    #[arg(value_enum)]
    kind: ValidateKind,
    /// 値 / the value as typed
    value: String,
    /// 都道府県番号 (medical-code) / prefecture number
    #[arg(long, value_name = "NN")]
    pref: Option<String>,
    /// 点数表 (medical-code) / score table
    #[arg(long, value_name = "N")]
    tensu: Option<String>,
    /// 確認用の値 (customer-id) / the confirmation copy
    #[arg(long, value_name = "VALUE")]
    confirm: Option<String>,
    /// 今日の日付 (claim-start; 既定は日本時間の今日) / today (default: today in Japan)
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// N営業日後の日付 (N=0: その日が営業日ならその日、違えば次の営業日) / the date N business days later
    AddBusinessDays {
        /// 起算日 YYYY-MM-DD / start date
        date: String,
        /// 営業日数 (0以上) / number of business days (≥ 0)
        n: u32,
    },
    /// 営業日なら true / prints true for a business day
    IsBusinessDay {
        /// YYYY-MM-DD
        date: String,
    },
    /// その年の祝日・休日を JSON で / the year's holidays as JSON
    Holidays {
        /// 年 / year (1955–2099)
        year: i16,
    },
}

#[derive(Subcommand)]
enum ClinicCommand {
    /// 医療機関を追加し {"id": "..."} を出力 / add a clinic, print {"id": "..."}
    Add(AddArgs),
    /// 医療機関の名称・都道府県・点数表・コードを変更 (承継後など) / change a clinic's code or name
    Update {
        /// 医療機関ID / clinic id
        clinic_id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_name = "NN")]
        pref: Option<String>,
        #[arg(long, value_name = "N")]
        tensu: Option<String>,
        #[arg(long, value_name = "NNNNNNN")]
        code: Option<String>,
    },
    /// 医療機関情報 (郵便番号・所在地・電話・担当者・併設コード) を表示・変更 / show or change the profile
    Profile(ProfileArgs),
    /// 医療機関の一覧 / list clinics
    List {
        /// JSON で出力 / print JSON
        #[arg(long)]
        json: bool,
    },
}

/// Given fields replace the stored ones; `""` clears one. Without any, the profile is printed.
#[derive(Args)]
struct ProfileArgs {
    /// 医療機関ID / clinic id
    clinic_id: String,
    /// 郵便番号 / postal code
    #[arg(long)]
    postal_code: Option<String>,
    /// 所在地 / address
    #[arg(long)]
    address: Option<String>,
    /// 所在地カナ / address in katakana
    #[arg(long)]
    address_kana: Option<String>,
    /// 電話番号 / phone
    #[arg(long)]
    phone: Option<String>,
    /// 担当者 (通知書の宛名) / contact person
    #[arg(long)]
    contact_person: Option<String>,
    /// 医科歯科併設: もう一方の点数表の医療機関コード / the 併設 clinic's other code
    #[arg(long, value_name = "NNNNNNN")]
    paired_code: Option<String>,
}

#[derive(Args)]
struct AddArgs {
    /// 医療機関名 / clinic name
    #[arg(long)]
    name: String,
    /// 都道府県番号 01–47 / prefecture number
    #[arg(long, value_name = "NN")]
    pref: String,
    /// 点数表 1 医科, 3 歯科, 4 調剤, 6 訪問看護 / score table
    #[arg(long, value_name = "N")]
    tensu: String,
    /// 医療機関コード 7桁 / 7-digit medical institution code
    #[arg(long, value_name = "NNNNNNN")]
    code: String,
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
    }
}

enum CliError {
    Domain(Error),
    Usage(String),
    /// The output already says what is wrong (e.g. `validate`'s JSON): exit 1, print nothing more.
    Reported,
}

impl From<Error> for CliError {
    fn from(err: Error) -> Self {
        CliError::Domain(err)
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Calendar(cmd) => calendar(&cmd),
        Command::Validate(args) => validate(&args),
        Command::Postal { code } => postal(&code),
        Command::Clinic(cmd) => clinic(cmd, &data_dir(cli.data_dir)?),
        Command::Procedure(ProcedureCommand::Show { procedure_id }) => show(procedure_id),
        Command::Procedure(cmd) => procedure(cmd, &data_dir(cli.data_dir)?),
        Command::Event(args) => event(&args, &data_dir(cli.data_dir)?),
        Command::Status { clinic_id, today } => {
            status(&clinic_id, today.as_deref(), &data_dir(cli.data_dir)?)
        }
    }
}

/// Today in Japan, or `--today` (a malformed date is a usage error).
fn today(given: Option<&str>) -> Result<jiff::civil::Date, CliError> {
    match given {
        Some(d) => parse_date(d),
        None => Ok(calendar::tokyo_date(jiff::Timestamp::now())?),
    }
}

/// A clinic id from the command line (not a UUID → 見つかりません, exit 1).
fn clinic_id(input: &str) -> Result<ClinicId, CliError> {
    Ok(ClinicId::from_input(input)?)
}

fn show(procedure_id: Option<String>) -> Result<(), CliError> {
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

fn procedure(cmd: ProcedureCommand, data_dir: &Path) -> Result<(), CliError> {
    let catalog = Catalog::embedded()?;
    match cmd {
        ProcedureCommand::Start {
            clinic_id: id,
            procedure_id,
            answers,
            role,
            today: given,
        } => {
            let id = clinic_id(&id)?;
            let mut pairs = Vec::new();
            for a in &answers {
                let (k, v) = a.split_once('=').ok_or_else(|| {
                    CliError::Usage(format!(
                        "--answer は key=value の形で指定してください（「{a}」）"
                    ))
                })?;
                pairs.push((k.trim().to_string(), v.to_string()));
            }
            let today = today(given.as_deref())?;
            let env = Env::embedded(today)?;
            let mut store = Store::open_dir(data_dir)?;
            let instance =
                store.start_procedure(&id, role.into(), jiff::Timestamp::now(), today, |case| {
                    checklist::plan_start(&env, case, &procedure_id, &pairs)
                })?;
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
            let version = catalog.procedure(&procedure_id)?.version;
            let today = today(None)?;
            let mut store = Store::open_dir(data_dir)?;
            store.accept_content(
                &id,
                &procedure_id,
                version,
                role.into(),
                jiff::Timestamp::now(),
                today,
            )?;
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
            let p = catalog.procedure(&procedure_id)?;
            let today = today(given.as_deref())?;
            let store = Store::open_dir(data_dir)?;
            let case = store.case(&id)?;
            let target = checklist::Target::new(terminal.as_deref(), None, code.as_deref());
            let steps = checklist::guide(&Env::embedded(today)?, &case, p, &target)?;
            print_json(&steps);
        }
        ProcedureCommand::Show { .. } => {}
    }
    Ok(())
}

fn event(args: &EventArgs, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(&args.clinic_id)?;
    let date = parse_date(&args.date)?;
    // The order checks do not depend on today; the date of the event is what counts.
    let env = Env::embedded(date)?;
    let mut store = Store::open_dir(data_dir)?;
    let recorded = store.record_event(
        &id,
        args.role.into(),
        jiff::Timestamp::now(),
        &args.event_id,
        date,
        |case| {
            let target = checklist::Target::new(
                args.terminal.as_deref(),
                args.procedure.as_deref(),
                args.code.as_deref(),
            );
            checklist::plan_event(&env, case, &args.event_id, date, &target)
        },
    )?;
    print_json(&recorded);
    Ok(())
}

fn status(id: &str, given: Option<&str>, data_dir: &Path) -> Result<(), CliError> {
    let id = clinic_id(id)?;
    let today = today(given)?;
    let store = Store::open_dir(data_dir)?;
    let case = store.case(&id)?;
    print_json(&checklist::status(&Env::embedded(today)?, &case)?);
    Ok(())
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

fn clinic(cmd: ClinicCommand, data_dir: &Path) -> Result<(), CliError> {
    match cmd {
        ClinicCommand::Add(args) => {
            let form = NewClinicForm {
                name: args.name,
                prefecture: args.pref,
                score_table: args.tensu,
                medical_code: args.code,
            };
            let (clinic, report) = form.validate()?;
            let mut store = Store::open_dir(data_dir)?;
            let saved = store.add_clinic(&clinic, jiff::Timestamp::now())?;
            for w in report.warnings() {
                eprintln!("注意 [{}]: {}", w.code, w.message);
            }
            print_json(&serde_json::json!({ "id": saved.id }));
        }
        ClinicCommand::Update {
            clinic_id: id,
            name,
            pref,
            tensu,
            code,
        } => {
            let id = clinic_id(&id)?;
            let mut store = Store::open_dir(data_dir)?;
            let current = store.clinic(&id)?;
            let form = NewClinicForm {
                name: name.unwrap_or(current.name),
                prefecture: pref.unwrap_or(current.pref_code),
                score_table: tensu.unwrap_or(current.tensu),
                medical_code: code.unwrap_or(current.medical_code),
            };
            let (clinic, report) = form.validate()?;
            let saved = store.update_clinic(&id, &clinic, jiff::Timestamp::now())?;
            for w in report.warnings() {
                eprintln!("注意 [{}]: {}", w.code, w.message);
            }
            print_json(&saved);
        }
        ClinicCommand::Profile(args) => {
            let id = clinic_id(&args.clinic_id)?;
            let mut store = Store::open_dir(data_dir)?;
            let clinic = store.clinic(&id)?;
            let stored = store.profile(&id)?;
            let given = [
                &args.postal_code,
                &args.address,
                &args.address_kana,
                &args.phone,
                &args.contact_person,
                &args.paired_code,
            ];
            if given.iter().all(|field| field.is_none()) {
                // Only shown: nothing to check, nothing written.
                print_json(&stored);
                return Ok(());
            }
            let current = ProfileForm::from(&stored);
            let form = ProfileForm {
                postal_code: args.postal_code.unwrap_or(current.postal_code),
                address: args.address.unwrap_or(current.address),
                address_kana: args.address_kana.unwrap_or(current.address_kana),
                phone: args.phone.unwrap_or(current.phone),
                contact_person: args.contact_person.unwrap_or(current.contact_person),
                paired_code: args.paired_code.unwrap_or(current.paired_code),
            };
            let (profile, report) =
                form.validate_for(&clinic, onshi_core::postal::PostalTable::embedded()?)?;
            store.save_profile(&id, &profile, jiff::Timestamp::now())?;
            for w in report.warnings() {
                eprintln!("注意 [{}]: {}", w.code, w.message);
            }
            print_json(&profile);
        }
        ClinicCommand::List { json } => {
            let store = Store::open_dir(data_dir)?;
            let clinics = store.list_clinics()?;
            if json {
                print_json(&clinics);
            } else if clinics.is_empty() {
                println!("医療機関はまだ登録されていません。`onshi clinic add` で追加できます。");
            } else {
                for c in &clinics {
                    println!(
                        "{}  {}  {} {}  {}",
                        c.id, c.medical_code, c.prefecture, c.tensu_name, c.name
                    );
                }
            }
        }
    }
    Ok(())
}

/// Calendar commands need no data directory.
fn calendar(cmd: &CalendarCommand) -> Result<(), CliError> {
    let cal = Calendar::embedded();
    match cmd {
        CalendarCommand::AddBusinessDays { date, n } => {
            println!("{}", cal.add_business_days(parse_date(date)?, *n)?);
        }
        CalendarCommand::IsBusinessDay { date } => {
            println!("{}", cal.is_business_day(parse_date(date)?)?);
        }
        CalendarCommand::Holidays { year } => print_json(&cal.holidays_in(*year)?),
    }
    Ok(())
}

/// `onshi validate`: prints `{"ok", "normalized", "errors", "warnings"}`; exit 1 when errors.
fn validate(args: &ValidateArgs) -> Result<(), CliError> {
    use onshi_core::validate::{
        claim_start, customer_id, email, kana, medical_code, phone, postal_code,
    };
    let pref = match &args.pref {
        Some(p) => Some(onshi_core::Prefecture::from_code(p).ok_or_else(|| {
            CliError::Usage(format!("--pref は 01〜47 の都道府県番号です（{p}）"))
        })?),
        None => None,
    };
    let report = match args.kind {
        ValidateKind::MedicalCode => {
            let tensu = match &args.tensu {
                Some(t) => Some(onshi_core::ScoreTable::from_code(t).ok_or_else(|| {
                    CliError::Usage(format!("--tensu は 1・3・4・6 のどれかです（{t}）"))
                })?),
                None => None,
            };
            medical_code::validate(&args.value, pref, tensu)
        }
        ValidateKind::CustomerId => customer_id::validate(&args.value, args.confirm.as_deref()),
        ValidateKind::PostalCode => {
            let table = onshi_core::postal::PostalTable::embedded()?;
            postal_code::check(&args.value, table, pref).0
        }
        ValidateKind::Phone => phone::validate(&args.value),
        ValidateKind::Kana => kana::validate(&args.value),
        ValidateKind::Email => email::validate(&args.value),
        ValidateKind::ClaimStart => {
            let today = today(args.today.as_deref())?;
            claim_start::validate(&args.value, today, Rules::shared()?)
        }
    };
    /// The output contract, in this field order.
    #[derive(serde::Serialize)]
    struct Output<'a> {
        ok: bool,
        normalized: &'a Option<String>,
        errors: &'a [onshi_core::validate::Issue],
        warnings: &'a [onshi_core::validate::Issue],
    }
    print_json(&Output {
        ok: report.ok(),
        normalized: &report.normalized,
        errors: &report.errors,
        warnings: &report.warnings,
    });
    if report.ok() {
        Ok(())
    } else {
        Err(CliError::Reported)
    }
}

/// `onshi postal`: the address candidates as a JSON array; exit 1 when there are none.
fn postal(input: &str) -> Result<(), CliError> {
    let format = onshi_core::validate::postal_code::validate(input);
    let Some(digits) = format.normalized.as_deref() else {
        let why = format
            .errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        return Err(CliError::Usage(why));
    };
    let table = onshi_core::postal::PostalTable::embedded()?;
    let found: Vec<_> = table.addresses_of(digits).collect();
    print_json(&found);
    if found.is_empty() {
        eprintln!(
            "郵便番号 {input} は日本郵便のデータ（{}時点）にありません。",
            table.data_date_label()
        );
        return Err(CliError::Reported);
    }
    Ok(())
}

/// A malformed or impossible date is a usage error (exit 2), with the core's Japanese message.
fn parse_date(input: &str) -> Result<jiff::civil::Date, CliError> {
    calendar::parse_date(input).map_err(|e| CliError::Usage(e.to_string()))
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string(value) {
        Ok(text) => println!("{text}"),
        // Serialising our own plain structs cannot fail; say so loudly rather than print nothing.
        Err(err) => eprintln!("内部エラー: JSON に変換できません ({err})"),
    }
}

/// Prints a domain error in Japanese on stderr: the message, then each field finding.
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
                issue.field, issue.code, issue.message
            );
        }
    }
    if let Error::StorageCorrupt { detail } | Error::StorageUnavailable { detail } = err {
        eprintln!("  詳細: {detail}");
    }
}
