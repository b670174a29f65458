//! Launch options (起動オプション) read from the command line by the shell, never by the core.

use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaunchOptions {
    /// `--data-dir DIR`: where the database and logs live (tests use a fresh one each).
    pub data_dir: Option<PathBuf>,
    /// `--startup-probe`: print `startup-ms=N` when the first page has loaded, then exit.
    pub startup_probe: bool,
    /// `--today YYYY-MM-DD`: the app's "today" (training on a dummy clinic, and the E2E
    /// journey over several weeks); by default today in Japan.
    pub today: Option<jiff::civil::Date>,
    /// `--save-dir DIR`: 「PDFで保存」 writes into DIR without a dialog (the E2E tests, which
    /// cannot drive the system's dialog; also a technician's fixed folder).
    pub save_dir: Option<PathBuf>,
    /// `--clipboard-seconds N`: how long a copied secret stays on the clipboard (30 by default;
    /// the E2E test waits for a shorter one).
    pub clipboard_seconds: Option<u32>,
    /// `--open-file PATH`: 「取り込む」 reads this file without the open dialog (the E2E tests).
    pub open_file: Option<PathBuf>,
    /// `--content-url URL`: where content updates are checked (a vendor's own mirror, a test
    /// server); the publisher's address by default. The keys trusted never change.
    pub content_url: Option<String>,
}

impl LaunchOptions {
    /// Accepts `--data-dir DIR`, `--data-dir=DIR` and `--startup-probe`; ignores anything else
    /// (the OS or a WebDriver may add arguments of their own).
    pub fn from_args(args: impl IntoIterator<Item = OsString>) -> Self {
        let mut options = LaunchOptions::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--data-dir" {
                options.data_dir = args.next().map(PathBuf::from);
            } else if arg == "--today" {
                // A date that does not parse is ignored (the real today is used), and logged.
                options.today = args
                    .next()
                    .and_then(|a| a.into_string().ok())
                    .and_then(|a| onshi_core::calendar::parse_date(&a).ok());
            } else if arg == "--clipboard-seconds" {
                options.clipboard_seconds = args
                    .next()
                    .and_then(|a| a.into_string().ok())
                    .and_then(|a| a.parse().ok());
            } else if arg == "--open-file" {
                options.open_file = args.next().map(PathBuf::from);
            } else if arg == "--content-url" {
                options.content_url = args.next().and_then(|a| a.into_string().ok());
            } else if arg == "--save-dir" {
                options.save_dir = args.next().map(PathBuf::from);
            } else if arg == "--startup-probe" {
                options.startup_probe = true;
            } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
                options.data_dir = Some(PathBuf::from(value));
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> LaunchOptions {
        LaunchOptions::from_args(args.iter().map(OsString::from))
    }

    #[test]
    fn reads_data_dir_in_both_spellings() {
        assert_eq!(
            parse(&["--data-dir", "/tmp/a"]).data_dir,
            Some("/tmp/a".into())
        );
        assert_eq!(
            parse(&["--data-dir=/tmp/b"]).data_dir,
            Some("/tmp/b".into())
        );
        assert_eq!(parse(&[]), LaunchOptions::default());
    }

    #[test]
    fn ignores_unknown_arguments() {
        let o = parse(&["--foo", "--startup-probe", "bar", "--save-dir", "/tmp/pdf"]);
        assert_eq!(o.save_dir, Some("/tmp/pdf".into()));
        assert!(o.startup_probe);
        assert_eq!(o.data_dir, None);
    }
}
