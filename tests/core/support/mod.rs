//! Builders and fixed inputs shared by the core tests. No test reads the real clock.

use onshi_core::NewClinicForm;

/// A fixed "now" so stored timestamps are predictable.
pub fn now() -> jiff::Timestamp {
    "2026-11-23T01:00:00Z".parse().unwrap()
}

/// The MHLW worked example (domain.md §1.2): 広島県 (34), 医科 (1), 0712362.
pub fn form() -> NewClinicForm {
    NewClinicForm {
        name: "テスト内科クリニック".into(),
        prefecture: "34".into(),
        score_table: "1".into(),
        medical_code: "0712362".into(),
    }
}
