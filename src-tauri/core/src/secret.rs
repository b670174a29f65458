//! 秘密情報 (secrets): a clinic's portal login and password, the マスタアカウント's 4-digit
//! 秘密の番号 and the certificate download credentials from the 通知書. They live only in the
//! OS keychain, behind [`SecretStore`] (the keychain crate implements it; the tests use
//! [`MemorySecretStore`]). Nothing here writes them anywhere else: the database, the event log,
//! the logs, exports, backups and prints never see them.
//!
//! A value is wrapped in [`Secret`], whose `Debug` and `Display` never show it: a secret that
//! reaches a log line or an error message by mistake prints as 「［秘密情報］」.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clinic::ClinicId;
use crate::{Error, Result};

/// The kinds of secrets a clinic has. The ids are the CLI's and the keychain's (exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    /// ポータルのログインID（メールアドレス）: not secret itself, but kept with the password.
    PortalLogin,
    PortalPassword,
    /// マスタアカウントの秘密の番号 (4 digits).
    MasterPin,
    /// 電子証明書のダウンロードに使う ID (from the 通知書).
    CertDownloadId,
    /// 電子証明書のダウンロードに使うパスワード (from the 通知書).
    CertDownloadPassword,
}

impl SecretKind {
    pub const ALL: [SecretKind; 5] = [
        SecretKind::PortalLogin,
        SecretKind::PortalPassword,
        SecretKind::MasterPin,
        SecretKind::CertDownloadId,
        SecretKind::CertDownloadPassword,
    ];

    /// The id on the command line and in the keychain entry's name.
    pub fn id(self) -> &'static str {
        match self {
            SecretKind::PortalLogin => "portal-login",
            SecretKind::PortalPassword => "portal-password",
            SecretKind::MasterPin => "master-pin",
            SecretKind::CertDownloadId => "cert-download-id",
            SecretKind::CertDownloadPassword => "cert-download-password",
        }
    }

    /// In Japanese, as the screens and messages name it.
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::PortalLogin => "ポータルのログインID（メールアドレス）",
            SecretKind::PortalPassword => "ポータルのパスワード",
            SecretKind::MasterPin => "マスタアカウントの秘密の番号（4桁）",
            SecretKind::CertDownloadId => "電子証明書ダウンロード用のID",
            SecretKind::CertDownloadPassword => "電子証明書ダウンロード用のパスワード",
        }
    }

    /// The kind named `id`, or a Japanese message listing the kinds there are.
    pub fn parse(id: &str) -> Result<SecretKind> {
        SecretKind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| Error::UnknownSecretKind {
                given: id.to_string(),
                kinds: SecretKind::ALL.iter().map(|k| k.id()).collect(),
            })
    }
}

/// A secret value. `Debug`/`Display` never show it; [`Secret::expose`] is the one way to read
/// it, so every place that does is easy to find. The bytes are overwritten when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Checks a typed value for its kind (trimmed of the line end a paste or stdin adds) and
    /// wraps it. The message never repeats the value.
    pub fn new(kind: SecretKind, typed: &str) -> Result<Secret> {
        let value = typed.trim_end_matches(['\r', '\n']);
        let refuse = |why: &str| Error::SecretInvalid {
            kind: kind.label(),
            why: why.to_string(),
        };
        if value.trim().is_empty() {
            return Err(refuse("空です。値を入力してください"));
        }
        if value.chars().any(char::is_control) {
            return Err(refuse(
                "改行や制御文字が含まれています。1行で入力してください",
            ));
        }
        // Windows' Credential Manager keeps up to 2,560 bytes as UTF-16; no portal value is
        // anywhere near that.
        if value.chars().count() > 256 {
            return Err(refuse("長すぎます（256文字まで）"));
        }
        if kind == SecretKind::MasterPin {
            // Full-width digits typed with the IME are the same digits.
            let digits: String = value
                .chars()
                .map(|c| match c {
                    '０'..='９' => {
                        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                    }
                    _ => c,
                })
                .collect();
            if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(refuse("数字4桁で入力してください"));
            }
            return Ok(Secret(digits));
        }
        Ok(Secret(value.to_string()))
    }

    /// A value read back from the keychain (already checked when it was stored).
    pub fn from_store(value: String) -> Secret {
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(［秘密情報］)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("［秘密情報］")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Overwrite in place (same length, so no reallocation) before the memory is freed.
        let len = self.0.len();
        self.0.clear();
        self.0.extend(std::iter::repeat_n('\0', len));
        std::hint::black_box(&self.0);
    }
}

/// Where secrets are kept: the OS keychain in the app and the CLI. Every method fails with
/// [`Error::KeychainUnavailable`] when there is no keychain to use — never falling back to a
/// file.
pub trait SecretStore: Send + Sync {
    fn get(&self, clinic: &ClinicId, kind: SecretKind) -> Result<Option<Secret>>;
    fn set(&self, clinic: &ClinicId, kind: SecretKind, value: &Secret) -> Result<()>;
    /// `true` when there was one to delete.
    fn delete(&self, clinic: &ClinicId, kind: SecretKind) -> Result<bool>;

    /// The kinds stored for the clinic (a keychain cannot list by prefix, so each is asked).
    fn kinds(&self, clinic: &ClinicId) -> Result<Vec<SecretKind>> {
        let mut out = Vec::new();
        for kind in SecretKind::ALL {
            if self.get(clinic, kind)?.is_some() {
                out.push(kind);
            }
        }
        Ok(out)
    }
}

/// The name of a clinic's secret in the keychain: 「<clinic id>/<kind>」 under the service
/// `onshi-navi`.
pub fn entry_name(clinic: &ClinicId, kind: SecretKind) -> String {
    format!("{clinic}/{}", kind.id())
}

/// The keychain's service name.
pub const SERVICE: &str = "onshi-navi";

/// Secrets in memory, for tests (and a keychain-less build that must not pretend).
#[derive(Default)]
pub struct MemorySecretStore {
    entries: Mutex<BTreeMap<String, String>>,
    /// When set, every call fails as a machine without a keychain does.
    pub unavailable: bool,
}

impl MemorySecretStore {
    /// A store that fails every call, as a PC without a keychain does.
    pub fn unavailable() -> MemorySecretStore {
        MemorySecretStore {
            unavailable: true,
            ..MemorySecretStore::default()
        }
    }

    fn check(&self) -> Result<()> {
        if self.unavailable {
            return Err(Error::KeychainUnavailable {
                detail: "memory store set unavailable".into(),
            });
        }
        Ok(())
    }

    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, clinic: &ClinicId, kind: SecretKind) -> Result<Option<Secret>> {
        self.check()?;
        Ok(self
            .map()
            .get(&entry_name(clinic, kind))
            .cloned()
            .map(Secret::from_store))
    }

    fn set(&self, clinic: &ClinicId, kind: SecretKind, value: &Secret) -> Result<()> {
        self.check()?;
        self.map()
            .insert(entry_name(clinic, kind), value.expose().to_string());
        Ok(())
    }

    fn delete(&self, clinic: &ClinicId, kind: SecretKind) -> Result<bool> {
        self.check()?;
        Ok(self.map().remove(&entry_name(clinic, kind)).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_shows_in_debug_or_display() {
        let s = Secret::new(SecretKind::PortalPassword, "hunter2-秘密\n").unwrap();
        assert_eq!(s.expose(), "hunter2-秘密");
        assert!(!format!("{s:?}{s}").contains("hunter2"));
        let e = Secret::new(SecretKind::MasterPin, "12a4").unwrap_err();
        assert!(!e.to_string().contains("12a4"), "{e}");
        assert!(e.to_string().contains("数字4桁"), "{e}");
    }

    #[test]
    fn a_master_pin_is_four_digits_full_width_allowed() {
        assert_eq!(
            Secret::new(SecretKind::MasterPin, "０１２３")
                .unwrap()
                .expose(),
            "0123"
        );
        for bad in ["123", "12345", "", " ", "12 3"] {
            assert!(Secret::new(SecretKind::MasterPin, bad).is_err(), "{bad:?}");
        }
        assert!(Secret::new(SecretKind::PortalPassword, "a\tb").is_err());
        assert!(Secret::new(SecretKind::PortalPassword, &"x".repeat(257)).is_err());
    }

    #[test]
    fn kinds_parse_from_their_exact_ids() {
        for k in SecretKind::ALL {
            assert_eq!(SecretKind::parse(k.id()).unwrap(), k);
        }
        let e = SecretKind::parse("password").unwrap_err();
        assert!(e.to_string().contains("portal-password"), "{e}");
    }
}
