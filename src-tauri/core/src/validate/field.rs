//! Field kinds (項目の種類): the validator names that procedure content uses (`validator = "…"`),
//! and one entry point that runs the right validator for a kind. Content is checked against
//! [`KINDS`] when it is loaded, so a typo in a manual is caught by the tests, not by a clinic.

use jiff::civil::Date;

use super::normalize::text;
use super::{
    Issue, Validation, claim_start, contact_person, customer_id, email, kana, medical_code,
    opening_date, phone, planned_month, postal_code, shokei_reason, terminal_name,
};
use crate::calendar::parse_date;
use crate::postal::PostalTable;
use crate::timeline::Rules;
use crate::{Prefecture, ScoreTable};

/// Every validator kind content may name.
pub const KINDS: &[&str] = &[
    "medical-code",
    "customer-id",
    "postal-code",
    "phone",
    "kana",
    "claim-start",
    "email",
    "planned-month",
    "opening-date",
    "shokei-reason",
    "contact-person",
    "terminal-name",
    "terminal-names",
    "prefecture",
    "score-table",
    "text",
    "choice",
    "date",
];

/// What some validators need besides the value.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub today: Date,
    pub prefecture: Option<Prefecture>,
    pub score_table: Option<ScoreTable>,
    pub rules: &'a Rules,
    pub postal: Option<&'a PostalTable>,
    /// The allowed values for `choice`.
    pub choices: &'a [&'a str],
    /// The 確認用 copy for `customer-id` (the value itself when there is none to compare).
    pub confirm: Option<&'a str>,
    /// The other answers of the procedure, for checks that span fields (承継理由 E needs its
    /// text; B/C with a 法人 needs the 法人名 as 開設者名).
    pub answers: Option<&'a std::collections::BTreeMap<String, String>>,
}

/// Splits a list of 端末名称 typed as 「A、B」「A,B」 or one per line.
pub fn split_terminals(input: &str) -> Vec<String> {
    input
        .split(['、', ',', '，', '\n'])
        .map(text)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Runs the validator named `kind`. An unknown kind is reported as an error of the value (the
/// content tests make sure it never happens with embedded content).
pub fn check(kind: &str, value: &str, cx: &Context<'_>) -> Validation {
    // Nothing invisible reaches the portal, a print or the log, whatever the field.
    if let Some(issue) = super::invisible_char("入力", value) {
        return Validation::default().error(issue);
    }
    match kind {
        "medical-code" => medical_code::validate(value, cx.prefecture, cx.score_table),
        "customer-id" => customer_id::validate(value, Some(cx.confirm.unwrap_or(value))),
        "postal-code" => match cx.postal {
            Some(table) => postal_code::check(value, table, cx.prefecture).0,
            None => postal_code::validate(value),
        },
        "phone" => phone::validate(value),
        "kana" => kana::validate(value),
        "claim-start" => claim_start::validate(value, cx.today, cx.rules),
        "email" => email::validate(value),
        "planned-month" => planned_month::validate(value, cx.today),
        "opening-date" => opening_date::validate(value, cx.today),
        "shokei-reason" => {
            let answer = |key: &str| {
                cx.answers
                    .and_then(|a| a.get(key))
                    .map_or("", String::as_str)
            };
            shokei_reason::validate(
                value,
                answer(crate::content_ids::SHOKEI_REASON_OTHER),
                answer(crate::content_ids::SHOKEI_OWNER),
                answer(crate::content_ids::SHOKEI_OWNER_CORPORATE) == "yes",
            )
        }
        "contact-person" => contact_person::validate(value),
        "terminal-name" => terminal_name::validate(value),
        "terminal-names" => terminal_names(value),
        "prefecture" => from_code(
            value,
            Prefecture::from_code(&text(value)).map(|p| p.code()),
            {
                "都道府県は 01〜47 の番号で指定してください（例：13 東京都）。"
            },
        ),
        "score-table" => from_code(
            value,
            ScoreTable::from_code(&text(value)).map(|t| t.code()),
            "点数表は 1（医科）・3（歯科）・4（調剤）・6（訪問看護）から選んでください。",
        ),
        "text" => {
            let t = text(value);
            if t.is_empty() {
                Validation::default().error(Issue::new("text.required", "入力してください。"))
            } else {
                ok(t)
            }
        }
        "choice" => {
            let t = text(value);
            if cx.choices.contains(&t.as_str()) {
                ok(t)
            } else {
                Validation::default().error(Issue::new(
                    "choice.unknown",
                    format!(
                        "「{t}」は選べません。次のどれかを指定してください: {}。",
                        cx.choices.join("、")
                    ),
                ))
            }
        }
        "date" => match parse_date(&text(value)) {
            Ok(d) => ok(d.to_string()),
            Err(e) => Validation::default().error(Issue::new("date.format", e.to_string())),
        },
        other => Validation::default().error(Issue::new(
            "field.unknown-kind",
            format!("項目の種類「{other}」は手順書のデータの誤りです。サポートにご連絡ください。"),
        )),
    }
}

fn ok(value: String) -> Validation {
    Validation {
        normalized: Some(value),
        ..Validation::default()
    }
}

fn from_code(value: &str, code: Option<String>, message: &str) -> Validation {
    match code {
        Some(code) => ok(code),
        None => Validation::default().error(Issue::new(
            "code.unknown",
            format!("「{}」は使えません。{message}", text(value)),
        )),
    }
}

fn terminal_names(value: &str) -> Validation {
    let names = split_terminals(value);
    if names.is_empty() {
        return terminal_name::validate("");
    }
    let mut seen: Vec<&str> = Vec::new();
    for n in &names {
        if seen.contains(&n.as_str()) {
            return Validation::default().error(Issue::new(
                "terminal-names.duplicate",
                format!("端末名称「{n}」が2回あります。端末ごとに違う名前にしてください（例：受付パソコン2）。"),
            ));
        }
        seen.push(n);
    }
    ok(names.join("、"))
}
