//! Normalisation (正規化) shared by the validators: what an IME or a paste produces → what the
//! portal accepts.

use unicode_normalization::UnicodeNormalization;

/// Characters that people type for a hyphen in numbers: ASCII, full-width, the long-vowel mark
/// (ー, often typed by mistake with the IME), hyphen, non-breaking hyphen, figure dash, en/em dash,
/// minus sign and half-width ｰ.
const HYPHENS: &[char] = &[
    '-', '－', 'ー', 'ｰ', '‐', '‑', '‒', '–', '—', '―', '−', '﹣',
];

/// NFKC (full-width → half-width for digits and Latin letters), then drop every space and
/// hyphen-like character. Used for codes and numbers, never for names.
pub fn compact(input: &str) -> String {
    input
        .nfkc()
        .filter(|c| !c.is_whitespace() && !HYPHENS.contains(c))
        .collect()
}

/// NFKC, then collapse runs of white space (incl. 全角スペース) to one space and trim.
/// Used for free text such as clinic names.
pub fn text(input: &str) -> String {
    let folded: String = input.nfkc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The characters of `s` that are not ASCII digits, each once, in order of appearance.
pub fn non_digits(s: &str) -> String {
    let mut seen = String::new();
    for c in s.chars().filter(|c| !c.is_ascii_digit()) {
        if !seen.contains(c) {
            seen.push(c);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_folds_width_spaces_and_hyphens() {
        assert_eq!(compact("０７１２３６２"), "0712362");
        assert_eq!(compact(" 07-12　362 "), "0712362");
        assert_eq!(compact("071ー2362"), "0712362");
        assert_eq!(compact("ｃａｆ１２３"), "caf123");
    }

    #[test]
    fn text_collapses_spaces() {
        assert_eq!(text("　山田　 歯科  医院 "), "山田 歯科 医院");
        assert_eq!(text("ＡＢＣクリニック"), "ABCクリニック");
    }

    #[test]
    fn non_digits_lists_each_offender_once() {
        assert_eq!(non_digits("07a2b3a"), "ab");
        assert_eq!(non_digits("0712362"), "");
    }
}
