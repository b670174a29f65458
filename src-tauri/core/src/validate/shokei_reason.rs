//! 承継理由 (A–E) and the 承継先の開設者名 that goes with it (domain.md §3.1, KB0012432):
//! E needs free text; for B (法人化・個人化) or C (同一法人内) with a 法人 as 承継先, the 開設者名
//! must be the 法人名, not the representative's name — a warning when it does not look like one.

use super::normalize::text;
use super::{Issue, Validation};

/// Words that mark a 法人名.
const CORPORATE_MARKERS: [&str; 10] = [
    "医療法人",
    "社会医療法人",
    "社団",
    "財団",
    "株式会社",
    "有限会社",
    "合同会社",
    "法人",
    "（医）",
    "(医)",
];

/// `reason` is A–E; `other_text` the free text for E; `owner` the 承継先の開設者名;
/// `is_corporation` whether the 承継先 is a 法人.
pub fn validate(reason: &str, other_text: &str, owner: &str, is_corporation: bool) -> Validation {
    let code = text(reason).to_uppercase();
    let mut v = Validation::default();
    if !matches!(code.as_str(), "A" | "B" | "C" | "D" | "E") {
        return v.error(Issue::new(
            "shokei-reason.choice",
            "承継理由を A（開設者変更）・B（法人化・個人化）・C（同一法人内での承継）・D（所在地変更）・E（その他）から選んでください。",
        ));
    }
    if code == "E" && text(other_text).is_empty() {
        v.errors.push(Issue::new(
            "shokei-reason.other-text",
            "承継理由で「E：その他」を選んだときは、理由を具体的に入力してください。",
        ));
    }
    let owner = text(owner);
    if matches!(code.as_str(), "B" | "C")
        && is_corporation
        && !CORPORATE_MARKERS.iter().any(|m| owner.contains(m))
    {
        v.warnings.push(Issue::new(
            "shokei-reason.owner-not-corporate",
            "承継理由が B・C で承継先が法人の場合、「承継先の開設者名」には代表者の氏名ではなく法人名（例：医療法人社団〇〇会）を入力します。",
        ));
    }
    v.normalized = Some(code);
    v
}
