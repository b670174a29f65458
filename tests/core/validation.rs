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

/// (input, normalized, error codes, warning codes) for validators that take only the value.
type SimpleRow = (
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    &'static [&'static str],
);

fn check_rows(
    what: &str,
    rows: &[SimpleRow],
    f: impl Fn(&str) -> onshi_core::validate::Validation,
) {
    for (input, normalized, errors, warnings) in rows {
        let v = f(input);
        let got_e: Vec<_> = v.errors.iter().map(|i| i.code).collect();
        let got_w: Vec<_> = v.warnings.iter().map(|i| i.code).collect();
        assert_eq!(
            v.normalized.as_deref(),
            *normalized,
            "{what} normalized for {input:?}"
        );
        assert_eq!(&got_e, errors, "{what} errors for {input:?}");
        assert_eq!(&got_w, warnings, "{what} warnings for {input:?}");
        assert_eq!(v.ok(), errors.is_empty());
    }
}

#[test]
fn customer_id_table() {
    use onshi_core::validate::customer_id::validate;
    check_rows(
        "customer-id",
        &[
            ("CAF1234567890", Some("CAF1234567890"), &[], &[]),
            ("caf 1234 5678 90", Some("CAF1234567890"), &[], &[]),
            (
                "ＣＡＦ１２３４５６７８９０",
                Some("CAF1234567890"),
                &[],
                &[],
            ),
            ("CAF-1234-567890", Some("CAF1234567890"), &[], &[]),
            // 13 characters, CAF or COP + 10 digits (004 「13桁のお客様ID」): no warning.
            ("COP1234567890", Some("COP1234567890"), &[], &[]),
            // COP + 8 digits is in one old source only: accepted with a warning.
            (
                "COP12345678",
                Some("COP12345678"),
                &[],
                &["customer-id.cop-length"],
            ),
            ("COP123456789", None, &["customer-id.length"], &[]),
            ("COP12345678901", None, &["customer-id.length"], &[]),
            ("CAF123456789", None, &["customer-id.length"], &[]),
            ("CAF12345678901", None, &["customer-id.length"], &[]),
            ("CAF12345O7890", None, &["customer-id.not-digits"], &[]),
            ("COP1234", None, &["customer-id.length"], &[]),
            ("ABC1234567890", None, &["customer-id.prefix"], &[]),
            ("0312345678", None, &["customer-id.prefix"], &[]),
            ("", None, &["customer-id.required"], &[]),
        ],
        |s| validate(s, None),
    );
}

#[test]
fn customer_id_confirmation_must_match_after_normalising() {
    use onshi_core::validate::customer_id::validate;
    assert!(validate("CAF1234567890", Some("caf-1234567890")).ok());
    let v = validate("CAF1234567890", Some("CAF1234567809"));
    assert_eq!(v.errors[0].code, "customer-id.confirm-mismatch");
}

#[test]
fn phone_table() {
    use onshi_core::validate::phone::validate;
    check_rows(
        "phone",
        &[
            ("0312345678", Some("0312345678"), &[], &[]),
            ("03-1234-5678", Some("0312345678"), &[], &[]),
            ("03(1234)5678", Some("0312345678"), &[], &[]),
            ("０９０－１２３４－５６７８", Some("09012345678"), &[], &[]),
            ("05058100744", Some("05058100744"), &[], &[]), // seed 000's example
            ("08001234567", Some("08001234567"), &[], &[]),
            ("0120123456", Some("0120123456"), &[], &[]),
            (
                "03123456789",
                Some("03123456789"),
                &[],
                &["phone.unusual-11"],
            ),
            ("031234567", None, &["phone.length"], &[]),
            ("3123456789", None, &["phone.leading-zero"], &[]),
            ("03-1234-567x", None, &["phone.not-digits"], &[]),
            ("", None, &["phone.required"], &[]),
        ],
        validate,
    );
}

#[test]
fn kana_table() {
    use onshi_core::validate::kana::validate;
    check_rows(
        "kana",
        &[
            (
                "トウキョウトチヨダク1-2-3",
                Some("トウキョウトチヨダク1-2-3"),
                &[],
                &[],
            ),
            ("ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ", Some("トウキョウト チヨダク"), &[], &[]),
            ("とうきょうと", Some("トウキョウト"), &[], &[]),
            ("ｶﾌﾞｼｷｶﾞｲｼｬ ABC", Some("カブシキガイシャ ABC"), &[], &[]),
            (
                "トータスビル　２－１６－１２",
                Some("トータスビル 2-16-12"),
                &[],
                &[],
            ),
            ("東京都", None, &["kana.characters"], &[]),
            ("トウキョウ（本店）", None, &["kana.characters"], &[]),
            ("", None, &["kana.required"], &[]),
        ],
        validate,
    );
    let v = validate("トウキョウ東京都");
    assert!(
        v.errors[0].message.contains("東京都"),
        "lists the offenders"
    );
}

#[test]
fn email_table() {
    use onshi_core::validate::email::validate;
    check_rows(
        "email",
        &[
            ("uketsuke@example.jp", Some("uketsuke@example.jp"), &[], &[]),
            (
                " uketsuke@example.jp ",
                Some("uketsuke@example.jp"),
                &[],
                &[],
            ),
            (
                "ｕｋｅｔｓｕｋｅ＠ｅｘａｍｐｌｅ．ｊｐ",
                Some("uketsuke@example.jp"),
                &[],
                &[],
            ),
            ("1234567@01", None, &["email.provisional-account"], &[]),
            ("1234567@48", None, &["email.provisional-account"], &[]),
            ("1234567@49", None, &["email.format"], &[]),
            ("uketsuke.example.jp", None, &["email.format"], &[]),
            ("@example.jp", None, &["email.format"], &[]),
            ("", None, &["email.required"], &[]),
        ],
        validate,
    );
}

#[test]
fn postal_code_format_table() {
    use onshi_core::validate::postal_code::validate;
    check_rows(
        "postal-code",
        &[
            ("1000001", Some("1000001"), &[], &[]),
            ("〒100-0001", Some("1000001"), &[], &[]),
            ("０６０ー００００", Some("0600000"), &[], &[]),
            ("100-001", None, &["postal-code.length"], &[]),
            ("100-000a", None, &["postal-code.not-digits"], &[]),
            ("", None, &["postal-code.required"], &[]),
        ],
        validate,
    );
}

#[test]
fn claim_start_follows_the_20th_cutoff() {
    use jiff::civil::date;
    use onshi_core::validate::claim_start::validate;
    let rules = onshi_core::timeline::Rules::embedded().unwrap();
    let on_20th = date(2026, 11, 20);
    let on_21st = date(2026, 11, 21);
    assert!(validate("2027-01", on_20th, &rules).ok());
    assert!(validate("2027年1月", on_20th, &rules).ok());
    let late = validate("2027-01", on_21st, &rules);
    assert_eq!(late.errors[0].code, "claim-start.too-early");
    assert!(
        late.errors[0].message.contains("2027年2月以降"),
        "{}",
        late.errors[0].message
    );
    assert!(validate("2027-02", on_21st, &rules).ok());
    assert_eq!(
        validate("来年", on_20th, &rules).errors[0].code,
        "claim-start.format"
    );
    assert_eq!(
        validate("2027-13", on_20th, &rules).errors[0].code,
        "claim-start.format"
    );
}

#[test]
fn shokei_reason_rules() {
    use onshi_core::validate::shokei_reason::validate;
    assert!(validate("a", "", "山田太郎", false).ok());
    assert_eq!(
        validate("F", "", "", false).errors[0].code,
        "shokei-reason.choice"
    );
    assert_eq!(
        validate("E", " ", "山田太郎", false).errors[0].code,
        "shokei-reason.other-text"
    );
    assert!(validate("E", "事業譲渡", "山田太郎", false).ok());
    // B/C with a 法人: the 開設者名 should be the 法人名 (warning only).
    let v = validate("B", "", "山田太郎", true);
    assert!(v.ok());
    assert_eq!(v.warnings[0].code, "shokei-reason.owner-not-corporate");
    assert!(
        validate("C", "", "医療法人社団オン資会", true)
            .warnings
            .is_empty()
    );
    assert!(
        validate("B", "", "山田太郎", false).warnings.is_empty(),
        "個人 is fine"
    );
    assert!(
        validate("A", "", "山田太郎", true).warnings.is_empty(),
        "only B/C"
    );
}

#[test]
fn contact_person_must_be_clinic_staff() {
    use onshi_core::validate::contact_person::validate;
    assert!(validate("受付 花子").warnings.is_empty());
    let v = validate("株式会社オン資システム 佐藤");
    assert!(v.ok());
    assert_eq!(v.warnings[0].code, "contact-person.not-clinic-staff");
    assert_eq!(validate("").errors[0].code, "contact-person.required");
}

#[test]
fn terminal_name_is_required_and_suggests_a_name() {
    use onshi_core::validate::terminal_name::{SUGGESTED, validate};
    assert_eq!(validate(" 受付PC ").normalized.as_deref(), Some("受付PC"));
    let v = validate("");
    assert_eq!(v.errors[0].code, "terminal-name.required");
    assert!(v.errors[0].message.contains(SUGGESTED));
}

#[test]
fn planned_month_is_not_in_the_past() {
    use jiff::civil::date;
    use onshi_core::validate::planned_month::validate;
    let today = date(2026, 11, 23);
    assert!(validate("2026-11", today).ok(), "this month is fine");
    assert_eq!(
        validate("2027年1月", today).normalized.as_deref(),
        Some("2027-01")
    );
    assert_eq!(
        validate("2026-10", today).errors[0].code,
        "planned-month.past"
    );
    assert_eq!(
        validate("そのうち", today).errors[0].code,
        "planned-month.format"
    );
}

#[test]
fn opening_date_is_a_real_date() {
    use jiff::civil::date;
    use onshi_core::validate::opening_date::validate;
    let today = date(2026, 11, 23);
    assert_eq!(
        validate("2026-12-01", today).normalized.as_deref(),
        Some("2026-12-01")
    );
    assert_eq!(
        validate("2026-02-30", today).errors[0].code,
        "opening-date.format"
    );
    assert_eq!(
        validate("2028-12-01", today).warnings[0].code,
        "opening-date.far-future"
    );
}

/// Every validator kind that content may name dispatches to a validator (the list of kinds and
/// the dispatcher cannot drift apart).
#[test]
fn every_validator_kind_dispatches() {
    use onshi_core::validate::field::{Context, KINDS, check};
    let rules = onshi_core::timeline::Rules::embedded().unwrap();
    let cx = Context {
        today: jiff::civil::date(2026, 12, 1),
        prefecture: None,
        score_table: None,
        rules: &rules,
        postal: None,
        choices: &["x"],
        confirm: None,
        answers: None,
    };
    for kind in KINDS {
        let v = check(kind, "x", &cx);
        assert!(
            v.errors.iter().all(|e| e.code != "field.unknown-kind"),
            "{kind} has no validator"
        );
    }
    let unknown = check("no-such-kind", "x", &cx);
    assert_eq!(unknown.errors[0].code, "field.unknown-kind");
}
