//! 資格情報の保管場所 (the OS keychain): onshi-core's [`SecretStore`] over `keyring` — the
//! Windows Credential Manager on the clinic PC, Secret Service (gnome-keyring) on Linux. One
//! entry per clinic and kind, service `onshi-navi`, user `<clinic id>/<kind>`.
//!
//! Every call goes through one lock: the keychains do not serialise concurrent access to one
//! entry, and Secret Service dislikes rapid calls from many threads. When there is no keychain
//! (no Secret Service on the session bus, a locked collection), every call says so with
//! [`Error::KeychainUnavailable`]; nothing ever falls back to a file.

#[cfg(not(any(windows, target_os = "linux")))]
compile_error!(
    "onshi-keychain names a real keychain for Windows and Linux only; add this platform's store"
);

use std::sync::Mutex;

use keyring::Entry;
use onshi_core::secret::{SERVICE, Secret, SecretKind, SecretStore, entry_name};
use onshi_core::{ClinicId, Error, Result};

/// The OS keychain.
#[derive(Default)]
pub struct Keychain {
    lock: Mutex<()>,
}

impl Keychain {
    pub fn new() -> Keychain {
        Keychain::default()
    }

    fn entry(clinic: &ClinicId, kind: SecretKind) -> Result<Entry> {
        Entry::new(SERVICE, &entry_name(clinic, kind)).map_err(unavailable)
    }

    fn locked<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        f()
    }
}

/// Any failure of the keychain itself. keyring's messages name the platform's error, never the
/// value.
fn unavailable(e: keyring::Error) -> Error {
    Error::KeychainUnavailable {
        detail: e.to_string(),
    }
}

impl SecretStore for Keychain {
    fn get(&self, clinic: &ClinicId, kind: SecretKind) -> Result<Option<Secret>> {
        self.locked(|| match Self::entry(clinic, kind)?.get_password() {
            Ok(value) => Ok(Some(Secret::from_store(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        })
    }

    fn set(&self, clinic: &ClinicId, kind: SecretKind, value: &Secret) -> Result<()> {
        // A Secret Service whose collection is locked answers a write with NoEntry: that, too,
        // is a keychain that cannot be used (mapped by `unavailable`).
        self.locked(|| {
            Self::entry(clinic, kind)?
                .set_password(value.expose())
                .map_err(unavailable)
        })
    }

    fn delete(&self, clinic: &ClinicId, kind: SecretKind) -> Result<bool> {
        self.locked(|| match Self::entry(clinic, kind)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(unavailable(e)),
        })
    }
}
