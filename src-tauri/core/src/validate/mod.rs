//! Validation (入力チェック): one validator per portal field. Each returns a [`Validation`] with the
//! value in portal format (ready to copy), hard `errors` and soft `warnings`. Rules marked
//! UNCERTAIN in domain.md are warnings, never errors.
//!
//! Validators normalise first (NFKC full-width→half-width, spaces, every kind of hyphen), so what
//! a receptionist types with an IME is accepted in the form the portal wants.

pub mod claim_start;
pub mod contact_person;
pub mod customer_id;
pub mod email;
pub mod field;
pub mod kana;
pub mod medical_code;
pub mod normalize;
pub mod opening_date;
pub mod phone;
pub mod planned_month;
pub mod postal_code;
pub mod shokei_reason;
pub mod terminal_name;

use serde::Serialize;
use ts_rs::TS;

/// One finding: a stable machine `code` (e.g. `medical-code.length`) and a Japanese `message`
/// that says what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Issue {
    pub code: &'static str,
    pub message: String,
}

impl Issue {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Issue {
            code,
            message: message.into(),
        }
    }
}

/// The finding for an invisible character in free text (see [`normalize::invisible`]): which
/// character and where, so that it can be found and deleted.
pub fn invisible_char(label: &str, input: &str) -> Option<Issue> {
    let (c, at) = normalize::invisible(input)?;
    let kind = if c.is_control() {
        "制御文字"
    } else {
        "文字の向きを変える制御文字"
    };
    Some(Issue::new(
        "text.invisible-char",
        format!(
            "{label}の{at}文字目に、見えない{kind}（U+{:04X}）が入っています。その文字を消してから入力し直してください（コピー元の書式が紛れ込むことがあります）。",
            u32::from(c)
        ),
    ))
}

/// The report of one field's validator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Validation {
    /// The value in portal format, or `None` when it could not be normalised.
    pub normalized: Option<String>,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Validation {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub(crate) fn error(mut self, issue: Issue) -> Self {
        self.errors.push(issue);
        self
    }
}

/// A digits-only field's first checks: something was typed, and it is only digits.
/// `codes` are the field's `(required, not-digits)` issue codes; `hint` says what to type.
pub(crate) fn digits_present(
    digits: &str,
    label: &str,
    hint: &str,
    codes: (&'static str, &'static str),
) -> Result<(), Issue> {
    if digits.is_empty() {
        return Err(Issue::new(
            codes.0,
            format!("{label}を入力してください（{hint}）。"),
        ));
    }
    let bad = normalize::non_digits(digits);
    if !bad.is_empty() {
        return Err(Issue::new(
            codes.1,
            format!(
                "{label}は数字だけで入力してください。数字以外の文字「{bad}」が含まれています。"
            ),
        ));
    }
    Ok(())
}

/// Hard (保存できない) or soft (確認してください).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
}

/// A finding attached to one form field (`field` is the form's field name, e.g. `medicalCode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FormIssue {
    pub field: &'static str,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

/// All findings of a whole form, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct FormReport {
    pub issues: Vec<FormIssue>,
}

impl FormReport {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &FormIssue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    pub fn errors(&self) -> impl Iterator<Item = &FormIssue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    pub(crate) fn push_error(&mut self, field: &'static str, issue: Issue) {
        self.push(field, Severity::Error, issue);
    }

    /// Adds every error and warning of one field's validation.
    pub(crate) fn absorb(&mut self, field: &'static str, v: &Validation) {
        for e in &v.errors {
            self.push(field, Severity::Error, e.clone());
        }
        for w in &v.warnings {
            self.push(field, Severity::Warning, w.clone());
        }
    }

    fn push(&mut self, field: &'static str, severity: Severity, issue: Issue) {
        self.issues.push(FormIssue {
            field,
            severity,
            code: issue.code,
            message: issue.message,
        });
    }
}
