//! 医療機関の基本情報 (clinic profile): 郵便番号, 所在地, 所在地カナ, 電話番号, 担当者 — the values
//! the portal forms ask for again and again, entered once, checked once, reused everywhere.
//!
//! A profile fills up over time: an empty field is allowed (未入力) and only what is typed is
//! checked. Procedures that need a field will ask for it when they get there.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clinic::Clinic;
use crate::postal::PostalTable;
use crate::validate::normalize::text;
use crate::validate::{FormReport, Issue, contact_person, kana, medical_code, phone, postal_code};
use crate::{Error, Prefecture, Result, ScoreTable};

/// Longest 所在地 we accept (the portal's limit is not published; this only stops pastes of
/// whole documents).
pub const ADDRESS_MAX_CHARS: usize = 200;

/// The stored profile: every value already in portal format ("" = not entered yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ClinicProfile {
    /// 郵便番号, 7 digits.
    pub postal_code: String,
    /// 所在地 (kanji), including the prefecture.
    pub address: String,
    /// 所在地カナ, full-width katakana.
    pub address_kana: String,
    /// 電話番号, digits only.
    pub phone: String,
    /// 担当者 (the 通知書 is addressed to this person).
    pub contact_person: String,
    /// 医科歯科併設: the 7-digit code under the other 点数表 (歯科 for a 医科 clinic, and the
    /// reverse); "" for a clinic with one code.
    pub paired_code: String,
}

/// The profile form exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ProfileForm {
    pub postal_code: String,
    pub address: String,
    pub address_kana: String,
    pub phone: String,
    pub contact_person: String,
    pub paired_code: String,
}

/// Changes to a profile (the CLI's `clinic profile` flags): `None` keeps the stored value, `""`
/// clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileChanges {
    pub postal_code: Option<String>,
    pub address: Option<String>,
    pub address_kana: Option<String>,
    pub phone: Option<String>,
    pub contact_person: Option<String>,
    pub paired_code: Option<String>,
}

impl ProfileChanges {
    /// Nothing given: the profile is only shown.
    pub fn is_empty(&self) -> bool {
        *self == ProfileChanges::default()
    }

    /// The stored profile as a form, with the given fields replaced.
    pub fn merged(&self, stored: &ClinicProfile) -> ProfileForm {
        let pick = |given: &Option<String>, current: &str| {
            given.clone().unwrap_or_else(|| current.to_string())
        };
        ProfileForm {
            postal_code: pick(&self.postal_code, &stored.postal_code),
            address: pick(&self.address, &stored.address),
            address_kana: pick(&self.address_kana, &stored.address_kana),
            phone: pick(&self.phone, &stored.phone),
            contact_person: pick(&self.contact_person, &stored.contact_person),
            paired_code: pick(&self.paired_code, &stored.paired_code),
        }
    }
}

impl From<&ClinicProfile> for ProfileForm {
    fn from(p: &ClinicProfile) -> Self {
        ProfileForm {
            postal_code: p.postal_code.clone(),
            address: p.address.clone(),
            address_kana: p.address_kana.clone(),
            phone: p.phone.clone(),
            contact_person: p.contact_person.clone(),
            paired_code: p.paired_code.clone(),
        }
    }
}

impl ProfileForm {
    /// Checks what was typed against the clinic's 都道府県 and 点数表 and Japan Post data.
    /// Returns the normalised profile and the warnings, or [`Error::Invalid`] with every finding.
    pub fn validate(
        &self,
        clinic_pref: Prefecture,
        clinic_table: ScoreTable,
        postal: &PostalTable,
    ) -> Result<(ClinicProfile, FormReport)> {
        let mut report = FormReport::default();
        let mut profile = ClinicProfile::default();
        // A field with an invisible character gets that finding only; the others are still
        // checked, so every problem is reported at once.
        let mut invisible: Vec<&str> = Vec::new();
        for (field, label, value) in [
            ("postal_code", "郵便番号", &self.postal_code),
            ("address", "所在地", &self.address),
            ("address_kana", "所在地カナ", &self.address_kana),
            ("phone", "電話番号", &self.phone),
            ("contact_person", "担当者", &self.contact_person),
            ("paired_code", "併設の医療機関コード", &self.paired_code),
        ] {
            if let Some(issue) = crate::validate::invisible_char(label, value) {
                report.push_error(field, issue);
                invisible.push(field);
            }
        }
        let check =
            |field: &str, value: &str| !invisible.contains(&field) && !text(value).is_empty();

        if check("postal_code", &self.postal_code) {
            let (v, _) = postal_code::check(&self.postal_code, postal, Some(clinic_pref));
            report.absorb("postal_code", &v);
            profile.postal_code = v.normalized.unwrap_or_default();
        }
        let address = text(&self.address);
        if !invisible.contains(&"address") && address.chars().count() > ADDRESS_MAX_CHARS {
            report.push_error(
                "address",
                Issue::new(
                    "address.too-long",
                    format!("所在地が長すぎます。{ADDRESS_MAX_CHARS}文字以内で入力してください。"),
                ),
            );
        }
        profile.address = address;
        if check("address_kana", &self.address_kana) {
            let v = kana::validate(&self.address_kana);
            report.absorb("address_kana", &v);
            profile.address_kana = v.normalized.unwrap_or_default();
        }
        if check("phone", &self.phone) {
            let v = phone::validate(&self.phone);
            report.absorb("phone", &v);
            profile.phone = v.normalized.unwrap_or_default();
        }
        if check("contact_person", &self.contact_person) {
            let v = contact_person::validate(&self.contact_person);
            report.absorb("contact_person", &v);
            profile.contact_person = v.normalized.unwrap_or_default();
        }
        if check("paired_code", &self.paired_code) {
            match clinic_table.dual_partner() {
                Some(partner) => {
                    let v = medical_code::validate(&self.paired_code, Some(clinic_pref), Some(partner));
                    report.absorb("paired_code", &v);
                    profile.paired_code = v.normalized.unwrap_or_default();
                }
                None => report.push_error(
                    "paired_code",
                    Issue::new(
                        "paired-code.not-dual",
                        format!(
                            "併設の医療機関コードは、医科と歯科を併設する医療機関だけが持ちます（この医療機関は{}）。空欄にしてください。",
                            clinic_table.name()
                        ),
                    ),
                ),
            }
        }
        if report.has_errors() {
            Err(Error::Invalid(report))
        } else {
            Ok((profile, report))
        }
    }

    /// [`ProfileForm::validate`] against a stored clinic's 都道府県 and 点数表.
    pub fn validate_for(
        &self,
        clinic: &Clinic,
        postal: &PostalTable,
    ) -> Result<(ClinicProfile, FormReport)> {
        self.validate(clinic.prefecture, clinic.score_table, postal)
    }
}

/// One 住所 candidate for a postal code, ready to fill 所在地 and 所在地カナ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AddressFill {
    pub postal_code: String,
    pub pref_code: String,
    /// 都道府県 + 市区町村 + 町域 (+ 番地 for a 事業所).
    pub address: String,
    /// The same in full-width katakana, as far as Japan Post gives it.
    pub address_kana: String,
    pub office: Option<String>,
}

/// The address candidates for a postal code, for the 「住所を入力」 button.
pub fn address_candidates(postal: &PostalTable, input: &str) -> Vec<AddressFill> {
    let v = postal_code::validate(input);
    let Some(digits) = v.normalized.as_deref() else {
        return Vec::new();
    };
    postal
        .addresses_of(digits)
        .map(|a| AddressFill {
            postal_code: digits.to_string(),
            pref_code: a.prefecture.code(),
            address: format!("{}{}{}", a.prefecture.name(), a.city, a.town),
            address_kana: kana::normalize(&format!(
                "{}{}{}",
                a.prefecture_kana, a.city_kana, a.town_kana
            )),
            office: a.office.map(str::to_string),
        })
        .collect()
}
