//! 医療機関コード (medical institution code) as types: the 7 digits the portal asks for
//! ([`MedicalCode`]) and the 10-digit form printed on prescriptions, 都道府県(2) + 点数表(1) + the
//! 7 digits ([`FullCode`]). This is the only place that knows where the parts of a code sit;
//! everything else asks the type.
//!
//! Checking what a user typed (full-width digits, pasted 10-digit codes, the 検証番号) is
//! [`crate::validate::medical_code`]'s job; these types hold codes that already passed it, or
//! that were stored by this app.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::{Prefecture, ScoreTable};

/// The 7 digits of a 医療機関コード (郡市区番号2 + 医療機関番号4 + 検証番号1), ASCII.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MedicalCode(String);

impl MedicalCode {
    /// Seven ASCII digits, else `None` (callers normalise typed input first).
    pub fn parse(digits: &str) -> Option<MedicalCode> {
        (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| MedicalCode(digits.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MedicalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for MedicalCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// 都道府県 + 点数表 + 7 digits: the code a record was made under. Two clinics of a
/// 医科歯科併設 share the 都道府県 and differ in the 点数表 (and usually the 7 digits).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FullCode {
    pub prefecture: Prefecture,
    pub score_table: ScoreTable,
    pub code: MedicalCode,
}

impl FullCode {
    pub fn new(prefecture: Prefecture, score_table: ScoreTable, code: MedicalCode) -> FullCode {
        FullCode {
            prefecture,
            score_table,
            code,
        }
    }

    /// Ten ASCII digits with a known 都道府県 and 点数表 (as events store them), else `None`.
    pub fn parse(ten: &str) -> Option<FullCode> {
        let (pref, table, code) = split_full(ten)?;
        Some(FullCode {
            prefecture: Prefecture::from_code(pref)?,
            score_table: ScoreTable::from_code(table)?,
            code: MedicalCode::parse(code)?,
        })
    }

    /// The 7 digits the portal asks for.
    pub fn digits(&self) -> &str {
        self.code.as_str()
    }

    /// Does `typed` (7 or 10 digits, already normalised) name this code?
    pub fn matches(&self, typed: &str) -> bool {
        typed == self.digits() || typed == self.to_string()
    }
}

impl fmt::Display for FullCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.prefecture.code(),
            self.score_table.code(),
            self.code
        )
    }
}

impl Serialize for FullCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The parts of a 10-digit code as typed — 都道府県(2), 点数表(1), the 7 digits — before they
/// are known to be valid (the validator reports each part that is wrong).
pub fn split_full(ten: &str) -> Option<(&str, &str, &str)> {
    if ten.len() != 10 || !ten.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (pref, rest) = ten.split_at(2);
    let (table, seven) = rest.split_at(1);
    Some((pref, table, seven))
}

/// The nine digits the 検証番号 is computed over (都道府県 + 点数表 + the first six of the
/// seven) and the 検証番号 the code carries.
pub fn check_digit_parts(
    prefecture: Prefecture,
    score_table: ScoreTable,
    seven: &str,
) -> Option<(String, u8)> {
    let code = MedicalCode::parse(seven)?;
    let (first6, last) = code.as_str().split_at(6);
    let given = last.bytes().next()? - b'0';
    Some((
        format!("{}{}{first6}", prefecture.code(), score_table.code()),
        given,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_code_splits_into_its_parts_and_back() {
        let code = FullCode::parse("3410712362").unwrap();
        assert_eq!(code.prefecture, Prefecture::from_code("34").unwrap());
        assert_eq!(code.score_table, ScoreTable::Medical);
        assert_eq!(code.digits(), "0712362");
        assert_eq!(code.to_string(), "3410712362");
        assert!(code.matches("0712362") && code.matches("3410712362"));
        assert!(!code.matches("0712370"));
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "341071236",
            "34107123620",
            "9910712362",
            "3420712362",
            "34１0712362",
        ] {
            assert_eq!(FullCode::parse(bad), None, "{bad}");
        }
        assert_eq!(MedicalCode::parse("071236"), None);
        assert_eq!(MedicalCode::parse("071236a"), None);
    }
}
