//! The clinic profile form (郵便番号, 所在地, 所在地カナ, 電話番号, 担当者) and the address fill.

use onshi_core::postal::PostalTable;
use onshi_core::profile::{ProfileForm, address_candidates};
use onshi_core::{ErrorKind, Prefecture, ScoreTable};

fn postal() -> &'static PostalTable {
    PostalTable::embedded().unwrap()
}

fn tokyo() -> Prefecture {
    Prefecture::from_code("13").unwrap()
}

#[test]
fn an_empty_profile_is_allowed() {
    let (profile, report) = ProfileForm::default()
        .validate(tokyo(), ScoreTable::Medical, postal())
        .unwrap();
    assert_eq!(profile, Default::default());
    assert!(report.issues.is_empty());
}

#[test]
fn typed_values_are_normalised_to_portal_format() {
    let form = ProfileForm {
        postal_code: "〒100-0001".into(),
        address: " 東京都千代田区千代田１－１ ".into(),
        address_kana: "ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ".into(),
        phone: "03-1234-5678".into(),
        contact_person: "受付　花子".into(),
        ..Default::default()
    };
    let (p, report) = form
        .validate(tokyo(), ScoreTable::Medical, postal())
        .unwrap();
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!(p.postal_code, "1000001");
    assert_eq!(p.address, "東京都千代田区千代田1-1");
    assert_eq!(p.address_kana, "トウキョウト チヨダク");
    assert_eq!(p.phone, "0312345678");
    assert_eq!(p.contact_person, "受付 花子");
}

#[test]
fn every_bad_field_is_reported_with_its_name() {
    let form = ProfileForm {
        postal_code: "100-001".into(),
        address_kana: "東京".into(),
        phone: "123".into(),
        ..Default::default()
    };
    let err = form
        .validate(tokyo(), ScoreTable::Medical, postal())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let fields: Vec<&str> = err.report().unwrap().errors().map(|i| i.field).collect();
    assert_eq!(fields, ["postal_code", "address_kana", "phone"]);
}

#[test]
fn a_postal_code_of_another_prefecture_is_a_warning() {
    let form = ProfileForm {
        postal_code: "5300001".into(),
        ..Default::default()
    };
    let (_, report) = form
        .validate(tokyo(), ScoreTable::Medical, postal())
        .unwrap();
    let codes: Vec<&str> = report.warnings().map(|w| w.code).collect();
    assert_eq!(codes, ["postal-code.pref-mismatch"]);
}

#[test]
fn address_candidates_fill_kanji_and_kana() {
    let found = address_candidates(postal(), "100-0001");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].address, "東京都千代田区千代田");
    assert_eq!(found[0].address_kana, "トウキョウトチヨダクチヨダ");
    assert_eq!(found[0].pref_code, "13");
    assert_eq!(address_candidates(postal(), "4980000").len(), 2);
    assert!(address_candidates(postal(), "abc").is_empty());
    assert!(address_candidates(postal(), "9999999").is_empty());
}

#[test]
fn a_paired_code_is_checked_under_the_other_score_table() {
    // 医科歯科併設: a 医科 clinic's paired code is a 歯科 code (点数表 3), checked as one.
    let form = ProfileForm {
        paired_code: "０７１２３６２".into(),
        ..Default::default()
    };
    let (p, report) = form
        .validate(
            Prefecture::from_code("34").unwrap(),
            ScoreTable::Medical,
            postal(),
        )
        .unwrap();
    assert_eq!(p.paired_code, "0712362");
    // 34-3-071236 has a different check digit from 34-1-071236 (the MHLW example is 医科).
    let warning = report.warnings().next().expect("check-digit warning");
    assert!(warning.code.contains("check-digit"), "{}", warning.code);

    // A pharmacy has one 点数表: no paired code.
    let err = form
        .validate(tokyo(), ScoreTable::Pharmacy, postal())
        .unwrap_err();
    let issue = err.report().unwrap().errors().next().unwrap();
    assert_eq!(
        (issue.field, issue.code),
        ("paired_code", "paired-code.not-dual")
    );
    assert!(issue.message.contains("調剤"), "{}", issue.message);

    // Not 7 digits: an error on the field, nothing saved.
    let bad = ProfileForm {
        paired_code: "12345".into(),
        ..Default::default()
    };
    let err = bad
        .validate(tokyo(), ScoreTable::Dental, postal())
        .unwrap_err();
    assert_eq!(
        err.report().unwrap().errors().next().unwrap().field,
        "paired_code"
    );
}

#[test]
fn invisible_characters_in_the_profile_are_refused_per_field() {
    let form = ProfileForm {
        address: "広島県広島市\u{2066}中区".into(),
        contact_person: "受付\u{7}花子".into(),
        ..Default::default()
    };
    let err = form
        .validate(
            onshi_core::Prefecture::from_code("34").unwrap(),
            onshi_core::ScoreTable::Medical,
            onshi_core::postal::PostalTable::embedded().unwrap(),
        )
        .unwrap_err();
    let found: Vec<(&str, &str)> = err
        .report()
        .unwrap()
        .issues
        .iter()
        .map(|i| (i.field, i.code))
        .collect();
    assert_eq!(
        found,
        [
            ("address", "text.invisible-char"),
            ("contact_person", "text.invisible-char")
        ]
    );
}
