//! 設定 (settings): how the window is used on this PC — 受付モード or 技術者モード, and the text
//! size — kept in the database so they survive a restart and travel with the data.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 受付モード (one clinic, one step at a time) or 技術者モード (every clinic, the full checklist).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Reception,
    Technician,
}

/// 文字の大きさ: 標準, 大, 特大.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum TextSize {
    Standard,
    #[default]
    Large,
    ExtraLarge,
}

impl TextSize {
    pub fn label(self) -> &'static str {
        match self {
            TextSize::Standard => "標準",
            TextSize::Large => "大",
            TextSize::ExtraLarge => "特大",
        }
    }
}

/// The settings of this PC's window. A receptionist meets 受付モード with large text first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    pub mode: Mode,
    pub text_size: TextSize,
    /// The clinic 受付モード opens (the one last chosen), so a PC that keeps several clinics
    /// opens the receptionist's own without a list first.
    pub clinic_id: Option<String>,
}

impl Settings {
    /// The three text sizes with their labels, in order (for the setting's choice).
    pub fn text_sizes() -> Vec<(TextSize, &'static str)> {
        [TextSize::Standard, TextSize::Large, TextSize::ExtraLarge]
            .into_iter()
            .map(|t| (t, t.label()))
            .collect()
    }
}
