//! カナ fields (所在地カナ, 名称カナ): full-width katakana, ー, digits, hyphen, space and
//! full-width letters. Half-width katakana is converted to full-width rather than rejected
//! (whether the portal rejects it is UNCERTAIN, domain.md §3.3); hiragana is converted too.

use unicode_normalization::UnicodeNormalization;

use super::{Issue, Validation};

fn allowed(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30F6}' | 'ー' | '・' | ' ' | '-' | '0'..='9')
        || c.is_ascii_alphabetic()
}

/// NFKC (half-width kana → full-width, full-width digits → half-width), hiragana → katakana,
/// hyphen-like characters between digits → '-', runs of spaces → one.
pub fn normalize(input: &str) -> String {
    let folded: String = input
        .nfkc()
        .map(|c| match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            '－' | '‐' | '‑' | '–' | '—' | '−' => '-',
            '　' => ' ',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn validate(input: &str) -> Validation {
    let kana = normalize(input);
    let mut v = Validation::default();
    if kana.is_empty() {
        return v.error(Issue::new(
            "kana.required",
            "カナを入力してください（全角カタカナ。例：トウキョウトチヨダク1-2-3）。",
        ));
    }
    let mut bad = String::new();
    for c in kana.chars().filter(|c| !allowed(*c)) {
        if !bad.contains(c) {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        return v.error(Issue::new(
            "kana.characters",
            format!(
                "カナ欄に使えない文字「{bad}」があります。漢字や記号はカタカナで入力してください（使える文字：カタカナ、ー、数字、ハイフン、スペース、英字）。"
            ),
        ));
    }
    v.normalized = Some(kana);
    v
}
