//! The 「医療機関を追加」 form as a whole.

use onshi_core::validate::Severity;
use onshi_core::{ErrorKind, NewClinicForm, Prefecture, ScoreTable};

use crate::support::form;

fn error_fields(f: &NewClinicForm) -> Vec<(&'static str, &'static str)> {
    match f.validate() {
        Ok(_) => vec![],
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            err.report()
                .unwrap()
                .errors()
                .map(|i| (i.field, i.code))
                .collect()
        }
    }
}

#[test]
fn a_clean_form_yields_a_clinic_without_findings() {
    let (clinic, report) = form().validate().unwrap();
    assert_eq!(clinic.name, "テスト内科クリニック");
    assert_eq!(clinic.prefecture, Prefecture::from_code("34").unwrap());
    assert_eq!(clinic.score_table, ScoreTable::Medical);
    assert_eq!(clinic.medical_code.as_str(), "0712362");
    assert!(report.issues.is_empty(), "{:?}", report.issues);
}

#[test]
fn names_are_normalised_not_rejected() {
    let f = NewClinicForm {
        name: "　ＡＢＣ　 歯科 ".into(),
        ..form()
    };
    assert_eq!(f.validate().unwrap().0.name, "ABC 歯科");
}

#[test]
fn every_missing_field_is_reported_at_once() {
    let empty = NewClinicForm::default();
    assert_eq!(
        error_fields(&empty),
        vec![
            ("name", "clinic-name.required"),
            ("prefecture", "prefecture.required"),
            ("score_table", "score-table.required"),
            ("medical_code", "medical-code.required"),
        ]
    );
}

#[test]
fn values_outside_the_portal_choices_are_errors() {
    let f = NewClinicForm {
        prefecture: "48".into(),
        score_table: "2".into(),
        ..form()
    };
    assert_eq!(
        error_fields(&f),
        vec![
            ("prefecture", "prefecture.required"),
            ("score_table", "score-table.required")
        ]
    );
}

#[test]
fn overlong_names_are_rejected() {
    let f = NewClinicForm {
        name: "医".repeat(101),
        ..form()
    };
    assert_eq!(error_fields(&f), vec![("name", "clinic-name.too-long")]);
}

#[test]
fn a_check_digit_mismatch_saves_with_a_warning() {
    let f = NewClinicForm {
        medical_code: "0712360".into(),
        ..form()
    };
    let (_, report) = f.validate().unwrap();
    let warnings: Vec<_> = report.warnings().map(|w| (w.field, w.code)).collect();
    assert_eq!(warnings, vec![("medical_code", "medical-code.check-digit")]);
    assert!(
        report
            .issues
            .iter()
            .all(|i| i.severity == Severity::Warning)
    );
}

/// Nothing invisible reaches the portal, a print or the log: a control character or a
/// bidirectional control in a name is refused with a message naming it and its place; tabs and
/// line breaks in a one-line field become a space.
#[test]
fn invisible_characters_in_a_name_are_refused_and_tabs_become_spaces() {
    let mut f = form();
    f.name = "a\tb\u{1}c".into();
    let err = f.validate().unwrap_err();
    let issue = &err.report().unwrap().issues[0];
    assert_eq!((issue.field, issue.code), ("name", "text.invisible-char"));
    assert!(
        issue.message.contains("U+0001") && issue.message.contains("4文字目"),
        "{}",
        issue.message
    );
    f.name = "山田\u{202E}内科".into();
    let err = f.validate().unwrap_err();
    assert!(err.report().unwrap().issues[0].message.contains("U+202E"));
    f.name = "山田\t内科\nクリニック".into();
    let (clinic, _) = f.validate().unwrap();
    assert_eq!(clinic.name, "山田 内科 クリニック");
}
