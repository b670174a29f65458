//! `onshi secret`: a clinic's secrets in the OS keychain (never in the database). A value is
//! read from stdin, never from an argument (arguments are visible to other users' `ps` and
//! stay in shell history).

use std::io::{BufRead, Write};
use std::path::Path;

use clap::Subcommand;
use onshi_core::Error;
use onshi_core::secret::{Secret, SecretKind, SecretStore};
use onshi_keychain::Keychain;

use crate::{CliError, clinic_id};

#[derive(Subcommand)]
pub enum SecretCommand {
    /// 秘密情報を保存（値は標準入力から1行） / store a secret (the value from stdin)
    Set {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// portal-login | portal-password | master-pin | cert-download-id | cert-download-password
        kind: String,
    },
    /// 秘密情報を表示 / print a secret
    Show {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 種類 / kind
        kind: String,
    },
    /// 保存されている種類の一覧（値は出さない） / the kinds stored (never the values)
    List {
        /// 医療機関ID / clinic id
        clinic_id: String,
    },
    /// 秘密情報を削除 / delete a secret
    Delete {
        /// 医療機関ID / clinic id
        clinic_id: String,
        /// 種類 / kind
        kind: String,
    },
}

pub fn run(cmd: &SecretCommand, data_dir: &Path) -> Result<(), CliError> {
    let keychain = Keychain::new();
    let (id, kind) = match cmd {
        SecretCommand::Set { clinic_id: c, kind }
        | SecretCommand::Show { clinic_id: c, kind }
        | SecretCommand::Delete { clinic_id: c, kind } => (c, Some(kind)),
        SecretCommand::List { clinic_id: c } => (c, None),
    };
    let id = clinic_id(id)?;
    let kind = kind.map(|k| SecretKind::parse(k)).transpose()?;
    // The clinic must exist: a secret filed under a mistyped id would never be found again.
    let clinic = crate::open_store(data_dir)?.clinic(&id)?;
    let mut out = std::io::stdout().lock();
    match (cmd, kind) {
        (SecretCommand::Set { .. }, Some(kind)) => {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CliError::Failed(format!("標準入力を読めませんでした（{e}）。")))?;
            let secret = Secret::new(kind, &line)?;
            keychain.set(&id, kind, &secret)?;
            let _ = writeln!(out, "{}の{}を保存しました。", clinic.name, kind.label());
        }
        (SecretCommand::Show { .. }, Some(kind)) => {
            let secret = keychain
                .get(&id, kind)?
                .ok_or(Error::SecretMissing { kind: kind.label() })?;
            let _ = writeln!(out, "{}", secret.expose());
        }
        (SecretCommand::Delete { .. }, Some(kind)) => {
            if keychain.delete(&id, kind)? {
                let _ = writeln!(out, "{}の{}を削除しました。", clinic.name, kind.label());
            } else {
                return Err(Error::SecretMissing { kind: kind.label() }.into());
            }
        }
        _ => {
            for kind in keychain.kinds(&id)? {
                let _ = writeln!(out, "{}\t{}", kind.id(), kind.label());
            }
        }
    }
    Ok(())
}
