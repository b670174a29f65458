//! 医療機関コード validation and its check digit (domain.md §1).

use onshi_core::validate::medical_code::{check_digit, validate};
use onshi_core::{Prefecture, ScoreTable};
use proptest::prelude::*;

fn pref(code: &str) -> Option<Prefecture> {
    Prefecture::from_code(code)
}

/// (input, pref, table, normalized, error codes, warning codes)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn medical_code_table() {
    let rows: &[Row] = &[
        // MHLW worked examples (VERIFIED): clean.
        ("0712362", "34", "1", Some("0712362"), &[], &[]),
        ("0113719", "01", "1", Some("0113719"), &[], &[]),
        // Full-width digits, spaces and every hyphen are normalised.
        ("０７１２３６２", "34", "1", Some("0712362"), &[], &[]),
        ("07-1236-2", "34", "1", Some("0712362"), &[], &[]),
        (" 07－12ー362 ", "34", "1", Some("0712362"), &[], &[]),
        // A pasted 10-digit code is split into the 7 digits the portal wants.
        ("3410712362", "34", "1", Some("0712362"), &[], &[]),
        ("3410712362", "", "", Some("0712362"), &[], &[]),
        // …and its prefecture/table must agree with the clinic's.
        (
            "3410712362",
            "13",
            "1",
            Some("0712362"),
            &["medical-code.pref-mismatch"],
            &[],
        ),
        (
            "3410712362",
            "34",
            "3",
            Some("0712362"),
            &["medical-code.table-mismatch"],
            &[],
        ),
        (
            "9910712362",
            "",
            "",
            Some("0712362"),
            &["medical-code.bad-10-digit"],
            &[],
        ),
        // Check-digit mismatch is a warning only (legacy codes exist: UNCERTAIN).
        (
            "0712363",
            "34",
            "1",
            Some("0712362").map(|_| "0712363"),
            &[],
            &["medical-code.check-digit"],
        ),
        // Without 都道府県/点数表 the check digit cannot be computed: no warning.
        ("0712363", "", "", Some("0712363"), &[], &[]),
        // Hard errors.
        ("", "34", "1", None, &["medical-code.required"], &[]),
        ("   ", "34", "1", None, &["medical-code.required"], &[]),
        ("071236", "34", "1", None, &["medical-code.length"], &[]),
        ("07123620", "34", "1", None, &["medical-code.length"], &[]),
        (
            "07l2362",
            "34",
            "1",
            None,
            &["medical-code.not-digits"],
            &[],
        ),
        (
            "abcdefg",
            "34",
            "1",
            None,
            &["medical-code.not-digits"],
            &[],
        ),
    ];
    for (input, p, t, normalized, errors, warnings) in rows {
        let v = validate(input, pref(p), ScoreTable::from_code(t));
        let got_errors: Vec<_> = v.errors.iter().map(|i| i.code).collect();
        let got_warnings: Vec<_> = v.warnings.iter().map(|i| i.code).collect();
        assert_eq!(
            v.normalized.as_deref(),
            *normalized,
            "normalized for {input:?}"
        );
        assert_eq!(&got_errors, errors, "errors for {input:?} ({p}/{t})");
        assert_eq!(&got_warnings, warnings, "warnings for {input:?} ({p}/{t})");
        for issue in v.errors.iter().chain(&v.warnings) {
            assert!(
                issue
                    .message
                    .chars()
                    .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "message for {} must be Japanese: {}",
                issue.code,
                issue.message
            );
        }
    }
}

#[test]
fn check_digit_warning_names_the_expected_digit() {
    let v = validate("0712369", pref("34"), Some(ScoreTable::Medical));
    assert_eq!(v.warnings.len(), 1);
    assert!(
        v.warnings[0].message.contains("最後の桁は 2"),
        "{}",
        v.warnings[0].message
    );
}

/// Luhn over a whole number string: valid when the weighted digit sum is a multiple of 10.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 1 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

proptest! {
    /// domain.md §1.2: the MHLW check digit is exactly the Luhn digit of the 10-digit code.
    #[test]
    fn check_digit_is_luhn(body in "[0-9]{9}") {
        let cd = check_digit(&body).unwrap();
        let full = format!("{body}{cd}");
        prop_assert!(luhn_valid(&full), "{full} should be Luhn-valid");
        for other in (0..10u8).filter(|d| *d != cd) {
            let wrong = format!("{body}{other}");
            prop_assert!(!luhn_valid(&wrong), "{wrong} should not be Luhn-valid");
        }
    }
}
