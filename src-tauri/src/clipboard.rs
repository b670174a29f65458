//! クリップボード for secrets: written from Rust (the page never sees the value), marked so
//! that clipboard history, cloud clipboard and clipboard monitors leave it out (Windows' Win+V
//! history and cloud sync; KDE's history on Linux), and cleared later only if it still holds
//! that value. One long-lived handle: on Linux the copied text lives as long as it does.

use std::sync::Mutex;

#[derive(Default)]
pub struct SecretClipboard {
    inner: Mutex<Option<arboard::Clipboard>>,
}

/// Why the clipboard could not be used (logged; the user gets a Japanese message).
pub type ClipboardError = arboard::Error;

impl SecretClipboard {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, ClipboardError>,
    ) -> Result<T, ClipboardError> {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(arboard::Clipboard::new()?);
        }
        match guard.as_mut() {
            Some(clipboard) => f(clipboard),
            None => Err(ClipboardError::ClipboardNotSupported),
        }
    }

    /// Puts `text` on the clipboard, kept out of history and cloud sync where the platform
    /// allows.
    pub fn put(&self, text: &str) -> Result<(), ClipboardError> {
        self.with(|c| {
            let set = c.set();
            #[cfg(windows)]
            let set = {
                use arboard::SetExtWindows;
                set.exclude_from_history()
                    .exclude_from_cloud()
                    .exclude_from_monitoring()
            };
            #[cfg(target_os = "linux")]
            let set = {
                use arboard::SetExtLinux;
                set.exclude_from_history()
            };
            set.text(text)
        })
    }

    /// Clears the clipboard if it still holds `text` (something copied since is left alone).
    /// `true` when it was cleared.
    pub fn clear_if(&self, text: &str) -> Result<bool, ClipboardError> {
        self.with(|c| {
            if c.get_text().is_ok_and(|now| now == text) {
                c.clear()?;
                Ok(true)
            } else {
                Ok(false)
            }
        })
    }
}
