//! 医療機関 (clinic): the profile every portal procedure reuses. This slice holds the fields the
//! 承継 and 利用申請 forms key on: 名称, 都道府県, 点数表, 医療機関コード.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::code::{FullCode, MedicalCode};
use crate::validate::normalize;
use crate::validate::{FormReport, Issue, medical_code};
use crate::{Error, Prefecture, Result, ScoreTable};

/// Longest clinic name we accept. The portal's own limit is not published (UNCERTAIN); this only
/// catches pastes of whole documents.
pub const NAME_MAX_CHARS: usize = 100;

/// Stable id of a clinic (a random UUID, so that clinics made on different PCs never collide
/// when a vendor later shares them through a server database).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClinicId(String);

impl ClinicId {
    /// A new random id (v4 UUID). Randomness is not the clock or the environment, so the core
    /// may make ids itself; tests that need fixed ids use [`ClinicId::parse`].
    pub fn random() -> Self {
        ClinicId(uuid::Uuid::new_v4().to_string())
    }

    /// Accepts any canonical UUID string.
    pub fn parse(s: &str) -> Option<Self> {
        uuid::Uuid::try_parse(s.trim())
            .ok()
            .map(|u| ClinicId(u.to_string()))
    }

    /// An id read back from the database: kept as it is when it is already in the canonical
    /// form ids are stored in (saves a format per clinic on the dashboard), else re-parsed.
    pub(crate) fn from_stored(s: String) -> Option<Self> {
        let canonical = s.len() == 36
            && !s.bytes().any(|b| b.is_ascii_uppercase())
            && uuid::Uuid::try_parse(&s).is_ok();
        if canonical {
            Some(ClinicId(s))
        } else {
            ClinicId::parse(&s)
        }
    }

    /// An id as typed or passed in by a caller: one that is not even a UUID cannot exist, so it
    /// is reported as 「見つかりません」 like any other unknown id.
    pub fn from_input(raw: &str) -> Result<Self> {
        ClinicId::parse(raw).ok_or_else(|| Error::NotFound {
            what: "医療機関",
            id: raw.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClinicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The 「医療機関を追加」 form exactly as typed (strings, possibly full-width or empty).
/// Field names are the ones the form's findings point at (`score_table`, `medical_code`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewClinicForm {
    pub name: String,
    /// 都道府県番号 "01"–"47".
    pub prefecture: String,
    /// 点数表番号 "1" | "3" | "4" | "6".
    pub score_table: String,
    /// 医療機関コード, 7 digits (a 10-digit paste is accepted).
    pub medical_code: String,
}

/// A clinic that passed validation, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClinic {
    pub name: String,
    pub prefecture: Prefecture,
    pub score_table: ScoreTable,
    pub medical_code: MedicalCode,
}

impl NewClinicForm {
    /// Checks every field; returns the clinic and the warnings, or [`Error::Invalid`] with the
    /// full report (errors and warnings) when any hard rule is broken.
    pub fn validate(&self) -> Result<(NewClinic, FormReport)> {
        let mut report = FormReport::default();

        let name = normalize::text(&self.name);
        if let Some(issue) = crate::validate::invisible_char("医療機関名", &self.name) {
            report.push_error("name", issue);
        } else if name.is_empty() {
            report.push_error(
                "name",
                Issue::new(
                    "clinic-name.required",
                    "医療機関名を入力してください（例：山田歯科医院）。",
                ),
            );
        } else if name.chars().count() > NAME_MAX_CHARS {
            report.push_error(
                "name",
                Issue::new(
                    "clinic-name.too-long",
                    format!(
                        "医療機関名が長すぎます（{}文字）。{NAME_MAX_CHARS}文字以内で入力してください。",
                        name.chars().count()
                    ),
                ),
            );
        }

        let prefecture = Prefecture::from_code(&normalize::compact(&self.prefecture));
        if prefecture.is_none() {
            report.push_error(
                "prefecture",
                Issue::new("prefecture.required", "都道府県を一覧から選んでください。"),
            );
        }
        let score_table = ScoreTable::from_code(&normalize::compact(&self.score_table));
        if score_table.is_none() {
            report.push_error(
                "score_table",
                Issue::new(
                    "score-table.required",
                    "点数表を一覧から選んでください（医科・歯科・調剤・訪問看護ステーション）。",
                ),
            );
        }

        let code = medical_code::validate(&self.medical_code, prefecture, score_table);
        report.absorb("medical_code", &code);

        let medical_code = code.normalized.as_deref().and_then(MedicalCode::parse);
        match (prefecture, score_table, medical_code) {
            (Some(prefecture), Some(score_table), Some(medical_code)) if !report.has_errors() => {
                Ok((
                    NewClinic {
                        name,
                        prefecture,
                        score_table,
                        medical_code,
                    },
                    report,
                ))
            }
            _ => Err(Error::Invalid(report)),
        }
    }
}

/// A stored clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "ClinicJson")]
pub struct Clinic {
    pub id: ClinicId,
    pub name: String,
    pub prefecture: Prefecture,
    pub score_table: ScoreTable,
    /// The 7 digits the portal asks for.
    pub medical_code: MedicalCode,
    /// RFC 3339 UTC, set by the caller's clock.
    pub created_at: String,
}

impl Clinic {
    /// 都道府県 + 点数表 + 7 digits, as printed on prescriptions and snapshot by events.
    pub fn full_code(&self) -> FullCode {
        FullCode::new(self.prefecture, self.score_table, self.medical_code.clone())
    }
}

/// A clinic as the window shows it: every part of the code as text, names beside numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Clinic")]
pub struct ClinicJson {
    pub id: String,
    pub name: String,
    /// 都道府県番号 "01"–"47".
    pub pref_code: String,
    pub prefecture: String,
    /// 点数表番号 "1" | "3" | "4" | "6".
    pub score_table: String,
    pub score_table_name: String,
    pub medical_code: String,
    /// 都道府県(2) + 点数表(1) + 7 digits.
    pub full_code: String,
    pub created_at: String,
}

impl From<Clinic> for ClinicJson {
    fn from(c: Clinic) -> ClinicJson {
        ClinicJson {
            full_code: c.full_code().to_string(),
            id: c.id.to_string(),
            name: c.name,
            pref_code: c.prefecture.code(),
            prefecture: c.prefecture.name().to_string(),
            score_table: c.score_table.code(),
            score_table_name: c.score_table.name().to_string(),
            medical_code: c.medical_code.to_string(),
            created_at: c.created_at,
        }
    }
}

impl NewClinicForm {
    /// The form filled with a stored clinic, each field replaced where `changes` gives one (the
    /// CLI's `clinic update`: only what is given changes).
    pub fn merged(current: &Clinic, changes: &ClinicChanges) -> NewClinicForm {
        let pick = |given: &Option<String>, stored: String| given.clone().unwrap_or(stored);
        NewClinicForm {
            name: pick(&changes.name, current.name.clone()),
            prefecture: pick(&changes.prefecture, current.prefecture.code()),
            score_table: pick(&changes.score_table, current.score_table.code()),
            medical_code: pick(&changes.medical_code, current.medical_code.to_string()),
        }
    }
}

/// Changes to a clinic's name or code (after 承継); `None` keeps the stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClinicChanges {
    pub name: Option<String>,
    pub prefecture: Option<String>,
    pub score_table: Option<String>,
    pub medical_code: Option<String>,
}
