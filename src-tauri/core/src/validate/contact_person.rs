//! 担当者 (contact person): the 電子証明書発行通知書 is posted by 簡易書留 addressed to this
//! person, so it must be someone at the clinic — a warning when it looks like a company or a
//! vendor (the letter would be refused or lost).

use super::normalize::text;
use super::{Issue, Validation};

const COMPANY_MARKERS: [&str; 9] = [
    "株式会社",
    "有限会社",
    "合同会社",
    "(株)",
    "（株）",
    "㈱",
    "システム",
    "サポート",
    "ベンダー",
];

pub fn validate(input: &str) -> Validation {
    let name = text(input);
    let mut v = Validation::default();
    if name.is_empty() {
        return v.error(Issue::new(
            "contact-person.required",
            "担当者の氏名を入力してください。電子証明書発行通知書はこの方あてに簡易書留で届きます。",
        ));
    }
    if COMPANY_MARKERS.iter().any(|m| name.contains(m)) {
        v.warnings.push(Issue::new(
            "contact-person.not-clinic-staff",
            "担当者は医療機関の職員にしてください。通知書は医療機関の所在地へ、この方あての簡易書留で届きます（業者名や会社名だと受け取れないことがあります）。",
        ));
    }
    v.normalized = Some(name);
    v
}
