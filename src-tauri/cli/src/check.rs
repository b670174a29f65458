//! `onshi validate` and `onshi postal`: a value checked in portal format, and the addresses of
//! a postal code — through the same validators the procedures' fields use.

use clap::Args;
use onshi_core::postal::PostalTable;
use onshi_core::timeline::Rules;
use onshi_core::validate::Issue;
use onshi_core::validate::field::{self, Context};
use onshi_core::{Prefecture, ScoreTable};

use crate::{CliError, print_json, today};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ValidateKind {
    MedicalCode,
    CustomerId,
    PostalCode,
    Phone,
    Kana,
    ClaimStart,
    Email,
}

impl ValidateKind {
    /// The validator's name in [`field::KINDS`].
    fn field_kind(self) -> &'static str {
        match self {
            ValidateKind::MedicalCode => "medical-code",
            ValidateKind::CustomerId => "customer-id",
            ValidateKind::PostalCode => "postal-code",
            ValidateKind::Phone => "phone",
            ValidateKind::Kana => "kana",
            ValidateKind::ClaimStart => "claim-start",
            ValidateKind::Email => "email",
        }
    }
}

#[derive(Args)]
pub struct ValidateArgs {
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

/// `onshi validate`: prints `{"ok", "normalized", "errors", "warnings"}`; exit 1 when errors.
pub fn validate(args: &ValidateArgs) -> Result<(), CliError> {
    let prefecture = match &args.pref {
        Some(p) => Some(Prefecture::from_code(p).ok_or_else(|| {
            CliError::Usage(format!("--pref は 01〜47 の都道府県番号です（{p}）"))
        })?),
        None => None,
    };
    let score_table = match (&args.tensu, args.kind) {
        (Some(t), ValidateKind::MedicalCode) => {
            Some(ScoreTable::from_code(t).ok_or_else(|| {
                CliError::Usage(format!("--tensu は 1・3・4・6 のどれかです（{t}）"))
            })?)
        }
        _ => None,
    };
    // Only the claim month depends on today: the other kinds never read the date, so the
    // clock is not read for them.
    let today = match args.kind {
        ValidateKind::ClaimStart => today(args.today.as_deref())?,
        _ => jiff::civil::Date::MIN,
    };
    let postal = match args.kind {
        ValidateKind::PostalCode => Some(PostalTable::embedded()?),
        _ => None,
    };
    let cx = Context {
        today,
        prefecture,
        score_table,
        rules: Rules::shared()?,
        postal,
        choices: &[],
        confirm: args.confirm.as_deref(),
        answers: None,
    };
    let report = field::check(args.kind.field_kind(), &args.value, &cx);
    /// The output contract, in this field order.
    #[derive(serde::Serialize)]
    struct Output<'a> {
        ok: bool,
        normalized: &'a Option<String>,
        errors: &'a [Issue],
        warnings: &'a [Issue],
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
pub fn postal(input: &str) -> Result<(), CliError> {
    let format = onshi_core::validate::postal_code::validate(input);
    let Some(digits) = format.normalized.as_deref() else {
        let why = format
            .errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        return Err(CliError::Usage(why));
    };
    let table = PostalTable::embedded()?;
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

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::ValidateKind;

    #[test]
    fn every_cli_kind_is_a_validator_the_core_knows() {
        for kind in ValidateKind::value_variants() {
            let name = kind.field_kind();
            assert!(onshi_core::validate::field::KINDS.contains(&name), "{name}");
            // The CLI's own name for it is the core's name.
            let cli = kind.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(cli.as_deref(), Some(name));
        }
    }
}
