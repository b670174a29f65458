//! 都道府県 (prefecture), numbered 01–47 as in JIS X 0401 and in the first two digits of the
//! 10-digit 医療機関コード (domain.md §1.4, VERIFIED).

use serde::Serialize;

const NAMES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// A prefecture, 1..=47 (都道府県番号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prefecture(u8);

impl Prefecture {
    /// From the number 1..=47.
    pub fn from_number(n: u8) -> Option<Self> {
        (1..=47).contains(&n).then_some(Prefecture(n))
    }

    /// From the two-digit code ("01"–"47"); also accepts "1"–"9".
    pub fn from_code(code: &str) -> Option<Self> {
        if code.is_empty() || code.len() > 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        code.parse::<u8>().ok().and_then(Self::from_number)
    }

    /// From its Japanese name, e.g. 「東京都」.
    pub fn from_name(name: &str) -> Option<Self> {
        let index = NAMES.iter().position(|n| *n == name)?;
        Self::from_number(u8::try_from(index + 1).ok()?)
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// Two-digit code, e.g. "01".
    pub fn code(self) -> String {
        format!("{:02}", self.0)
    }

    /// Japanese name, e.g. 「北海道」.
    pub fn name(self) -> &'static str {
        NAMES[usize::from(self.0 - 1)]
    }

    pub fn all() -> impl Iterator<Item = Prefecture> {
        (1..=47).map(Prefecture)
    }
}

/// Serialized as `{"code": "13", "name": "東京都"}` for option lists.
impl Serialize for Prefecture {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_option(&self.code(), self.name(), s)
    }
}

/// A choice of a select list: `{"code", "name"}`.
pub(crate) fn serialize_option<S: serde::Serializer>(
    code: &str,
    name: &str,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Option", 2)?;
    st.serialize_field("code", code)?;
    st.serialize_field("name", name)?;
    st.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_round_trip() {
        assert_eq!(Prefecture::all().count(), 47);
        for p in Prefecture::all() {
            assert_eq!(Prefecture::from_code(&p.code()), Some(p));
            assert_eq!(Prefecture::from_name(p.name()), Some(p));
        }
        assert_eq!(
            Prefecture::from_code("13").map(Prefecture::name),
            Some("東京都")
        );
        assert_eq!(
            Prefecture::from_code("47").map(Prefecture::name),
            Some("沖縄県")
        );
    }

    #[test]
    fn rejects_out_of_range_and_garbage() {
        for bad in ["", "0", "00", "48", "99", "1a", "013", "-1"] {
            assert_eq!(Prefecture::from_code(bad), None, "{bad:?} must be rejected");
        }
    }
}
