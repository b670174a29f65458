//! 点数表番号 (score-table number): the third digit of the 10-digit 医療機関コード.
//! The portal forms offer exactly 1 医科, 3 歯科, 4 調剤, 6 訪問看護ステーション
//! (domain.md §1.3, VERIFIED (seed 000)).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScoreTable {
    /// 1：医科
    Medical,
    /// 3：歯科
    Dental,
    /// 4：調剤 (薬局)
    Pharmacy,
    /// 6：訪問看護ステーション
    HomeNursing,
}

impl ScoreTable {
    pub const ALL: [ScoreTable; 4] = [
        ScoreTable::Medical,
        ScoreTable::Dental,
        ScoreTable::Pharmacy,
        ScoreTable::HomeNursing,
    ];

    /// The one-digit number as the portal shows it.
    pub fn number(self) -> u8 {
        match self {
            ScoreTable::Medical => 1,
            ScoreTable::Dental => 3,
            ScoreTable::Pharmacy => 4,
            ScoreTable::HomeNursing => 6,
        }
    }

    pub fn code(self) -> String {
        self.number().to_string()
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The other 点数表 of a 医科歯科併設 clinic (医科 ↔ 歯科); `None` for 調剤 and 訪問看護.
    pub fn dual_partner(self) -> Option<ScoreTable> {
        match self {
            ScoreTable::Medical => Some(ScoreTable::Dental),
            ScoreTable::Dental => Some(ScoreTable::Medical),
            _ => None,
        }
    }

    /// Japanese name as on the portal's select, e.g. 「医科」.
    pub fn name(self) -> &'static str {
        match self {
            ScoreTable::Medical => "医科",
            ScoreTable::Dental => "歯科",
            ScoreTable::Pharmacy => "調剤",
            ScoreTable::HomeNursing => "訪問看護ステーション",
        }
    }
}

/// Serialized as `{"code": "1", "name": "医科"}` for option lists.
impl Serialize for ScoreTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::prefecture::serialize_option(&self.code(), self.name(), s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_portal_values_exist() {
        let codes: Vec<String> = ScoreTable::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(codes, ["1", "3", "4", "6"]);
        for bad in ["0", "2", "5", "7", "", "11"] {
            assert_eq!(
                ScoreTable::from_code(bad),
                None,
                "{bad:?} is not on the portal"
            );
        }
    }
}
