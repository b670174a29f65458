//! Whole-form validation: every field a clinic profile has today, as a receptionist submits it
//! (goal ≤ 50 µs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use onshi_core::postal::PostalTable;
use onshi_core::timeline::Rules;
use onshi_core::validate::{
    claim_start, customer_id, email, kana, medical_code, phone, postal_code,
};
use onshi_core::{NewClinicForm, Prefecture, ScoreTable};

fn benches(c: &mut Criterion) {
    let table = PostalTable::embedded().unwrap();
    let rules = Rules::embedded().unwrap();
    let form = NewClinicForm {
        name: "オン資ナビ内科クリニック".into(),
        prefecture: "13".into(),
        score_table: "1".into(),
        medical_code: "０７１２３６２".into(),
    };
    c.bench_function("validate/whole_profile_form", |b| {
        b.iter(|| {
            let pref = Prefecture::from_code("13");
            black_box(black_box(&form).validate().ok());
            black_box(medical_code::validate(
                "0712362",
                pref,
                Some(ScoreTable::Medical),
            ));
            black_box(customer_id::validate(
                "CAF1234567890",
                Some("caf-1234567890"),
            ));
            black_box(postal_code::check("〒100-0001", table, pref));
            black_box(phone::validate("03-1234-5678"));
            black_box(kana::validate("ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ ﾁﾖﾀﾞ 1-1"));
            black_box(email::validate("uketsuke@example.jp"));
            black_box(claim_start::validate("2027-02", date(2026, 11, 23), &rules));
        })
    });
}

criterion_group!(validate, benches);
criterion_main!(validate);
