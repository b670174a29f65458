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

/// The first character that must never reach the portal, a print or the log, and its place
/// (1-based, in characters): a control character other than white space (tabs and line breaks
/// become a space in [`text`]), or a bidirectional control (U+202A–U+202E, U+2066–U+2069) that
/// would reorder what is shown.
pub fn invisible(input: &str) -> Option<(char, usize)> {
    input
        .chars()
        .enumerate()
        .find(|(_, c)| {
            (c.is_control() && !c.is_whitespace())
                || ('\u{202A}'..='\u{202E}').contains(c)
                || ('\u{2066}'..='\u{2069}').contains(c)
        })
        .map(|(i, c)| (c, i + 1))
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
    fn invisible_finds_control_and_bidi_characters_but_not_white_space() {
        assert_eq!(invisible("a\tb\nc　d"), None);
        assert_eq!(invisible("ab\u{1}c"), Some(('\u{1}', 3)));
        assert_eq!(invisible("山田\u{202E}内科"), Some(('\u{202E}', 3)));
        assert_eq!(invisible("\u{2066}x"), Some(('\u{2066}', 1)));
        assert_eq!(invisible("\u{7f}"), Some(('\u{7f}', 1)));
        assert_eq!(invisible("受付パソコン"), None);
    }

    #[test]
    fn non_digits_lists_each_offender_once() {
        assert_eq!(non_digits("07a2b3a"), "ab");
        assert_eq!(non_digits("0712362"), "");
    }
}
