//! `onshi clinic …`: add, change, list clinics and show or change their profile. The JSON
//! printed here is the CLI's contract (`tensu`, camelCase profile keys), kept apart from the
//! app's IPC types so that either can change without breaking the other.

use std::path::Path;

use clap::{Args, Subcommand};
use onshi_core::operation;
use onshi_core::postal::PostalTable;
use onshi_core::profile::{ClinicProfile, ProfileChanges};
use onshi_core::validate::FormReport;
use onshi_core::{Clinic, ClinicChanges, NewClinicForm};
use serde::Serialize;

use crate::{CliError, clinic_id, print_json};

#[derive(Subcommand)]
pub enum ClinicCommand {
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
pub struct ProfileArgs {
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
pub struct AddArgs {
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

/// A clinic as `clinic list --json` and `clinic update` print it (the CLI's contract).
#[derive(Serialize)]
struct ClinicOut {
    id: String,
    name: String,
    pref_code: String,
    prefecture: &'static str,
    tensu: String,
    tensu_name: &'static str,
    medical_code: String,
    full_code: String,
    created_at: String,
}

impl From<&Clinic> for ClinicOut {
    fn from(c: &Clinic) -> Self {
        ClinicOut {
            id: c.id.to_string(),
            name: c.name.clone(),
            pref_code: c.prefecture.code(),
            prefecture: c.prefecture.name(),
            tensu: c.score_table.code(),
            tensu_name: c.score_table.name(),
            medical_code: c.medical_code.to_string(),
            full_code: c.full_code().to_string(),
            created_at: c.created_at.clone(),
        }
    }
}

/// A profile as `clinic profile` prints it (the CLI's contract: camelCase keys).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileOut<'a> {
    postal_code: &'a str,
    address: &'a str,
    address_kana: &'a str,
    phone: &'a str,
    contact_person: &'a str,
    paired_code: &'a str,
}

impl<'a> From<&'a ClinicProfile> for ProfileOut<'a> {
    fn from(p: &'a ClinicProfile) -> Self {
        ProfileOut {
            postal_code: &p.postal_code,
            address: &p.address,
            address_kana: &p.address_kana,
            phone: &p.phone,
            contact_person: &p.contact_person,
            paired_code: &p.paired_code,
        }
    }
}

fn warn(report: &FormReport) {
    for w in report.warnings() {
        eprintln!("注意 [{}]: {}", w.code, w.message);
    }
}

pub fn run(cmd: ClinicCommand, data_dir: &Path) -> Result<(), CliError> {
    let now = jiff::Timestamp::now();
    match cmd {
        ClinicCommand::Add(args) => {
            let form = NewClinicForm {
                name: args.name,
                prefecture: args.pref,
                score_table: args.tensu,
                medical_code: args.code,
            };
            // Checked before the database is opened: bad input never creates a data folder.
            let (clinic, report) = form.validate()?;
            let mut store = crate::open_store(data_dir)?;
            let saved = store.add_clinic(&clinic, now)?;
            warn(&report);
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
            let changes = ClinicChanges {
                name,
                prefecture: pref,
                score_table: tensu,
                medical_code: code,
            };
            let mut store = crate::open_store(data_dir)?;
            let (saved, report) = operation::update_clinic(&mut store, &id, &changes, now)?;
            warn(&report);
            print_json(&ClinicOut::from(&saved));
        }
        ClinicCommand::Profile(args) => {
            let id = clinic_id(&args.clinic_id)?;
            let mut store = crate::open_store(data_dir)?;
            let changes = ProfileChanges {
                postal_code: args.postal_code,
                address: args.address,
                address_kana: args.address_kana,
                phone: args.phone,
                contact_person: args.contact_person,
                paired_code: args.paired_code,
            };
            if changes.is_empty() {
                // Only shown: nothing to check, nothing written.
                print_json(&ProfileOut::from(&store.profile(&id)?));
                return Ok(());
            }
            let postal = PostalTable::embedded()?;
            let (profile, report) =
                operation::update_profile(&mut store, &id, &changes, postal, now)?;
            warn(&report);
            print_json(&ProfileOut::from(&profile));
        }
        ClinicCommand::List { json } => {
            let store = crate::open_store(data_dir)?;
            let clinics = store.list_clinics()?;
            if json {
                let out: Vec<ClinicOut> = clinics.iter().map(ClinicOut::from).collect();
                print_json(&out);
            } else if clinics.is_empty() {
                println!("医療機関はまだ登録されていません。`onshi clinic add` で追加できます。");
            } else {
                for c in &clinics {
                    println!(
                        "{}  {}  {} {}  {}",
                        c.id,
                        c.medical_code,
                        c.prefecture.name(),
                        c.score_table.name(),
                        c.name
                    );
                }
            }
        }
    }
    Ok(())
}
