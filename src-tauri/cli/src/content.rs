//! `onshi content …` (the content in use, updates from the publisher) and `onshi bundle …` (the
//! publisher's side: a minisign key pair, a signed bundle). The rules are the core's
//! ([`onshi_core::bundle`]); the download is `onshi-update`'s.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use onshi_core::bundle::{
    self, Bundle, ContentFolder, ContentStatus, Installed, Manifest, TrustedKeys,
    folder::MANIFEST_FILE, folder::SIGNATURE_FILE,
};

use crate::CliError;

#[derive(Subcommand)]
pub enum ContentCommand {
    /// 配信元から内容の更新を取り込む（署名・版・期限・各ファイルを確かめてから） / fetch and apply a signed update
    Update {
        /// 配信元のフォルダーのURL (manifest.json があるところ) / the publisher's directory URL
        #[arg(long, value_name = "URL")]
        url: String,
    },
    /// 使っている内容の版 (JSON) / the content in use, as JSON
    Status,
}

#[derive(Subcommand)]
pub enum BundleCommand {
    /// 署名用の鍵の組を作る（minisign 形式） / make a minisign key pair
    Keygen {
        /// 鍵を書くフォルダー / folder for onshi-content.key and onshi-content.pub
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 秘密鍵をパスワードで守る（標準入力の1行目） / encrypt the secret key with a password from stdin
        #[arg(long)]
        password_stdin: bool,
    },
    /// 内容のフォルダーに署名して配信用フォルダーを作る / sign a content folder into a bundle
    Sign {
        /// 秘密鍵のファイル / the secret key file
        #[arg(long, value_name = "KEYFILE")]
        key: PathBuf,
        /// manuals/ と同じ形のフォルダー（data/postal.bin, data/syukujitsu.tsv は任意）
        #[arg(long, value_name = "DIR")]
        content: PathBuf,
        /// 版（整数、前の版より大きく） / version (an integer above the last one)
        #[arg(long, value_name = "N")]
        version: u64,
        /// 有効期限 / expiry date
        #[arg(long, value_name = "YYYY-MM-DD")]
        expires: String,
        /// 配信用フォルダー（空か、まだないこと） / output folder (empty or new)
        #[arg(long, value_name = "OUTDIR")]
        out: PathBuf,
        /// 秘密鍵のパスワードを標準入力から読む / read the key's password from stdin
        #[arg(long)]
        password_stdin: bool,
        /// 発行日 (既定は日本時間の今日) / issue date (default: today in Japan)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

/// The keys to trust for this call: `--pubkey FILE` (a publisher testing its own bundles), else
/// the publisher's keys embedded in the build.
pub fn keys(pubkey: Option<&Path>) -> Result<TrustedKeys, CliError> {
    match pubkey {
        None => TrustedKeys::embedded().map_err(|e| CliError::Failed(e.to_string())),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::Usage(format!(
                    "公開鍵のファイルが読めません（{e}）: {}",
                    path.display()
                ))
            })?;
            TrustedKeys::from_texts(&[&text]).map_err(|e| {
                CliError::Usage(format!(
                    "公開鍵のファイルが minisign の公開鍵ではありません: {e}"
                ))
            })
        }
    }
}

/// Which keys this call trusts: a publisher's test key (`--pubkey`) must never move a clinic
/// PC's rollback floor, or the real bundles below its test version would be refused for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    Publisher,
    TestKey,
}

/// Puts the data folder's verified bundle in use for this process (before any content is read)
/// and says on stderr when a bundle is there but not used. A downloaded bundle in use is recorded
/// as the rollback floor (it may be missing after a database restore or an interrupted update).
pub fn activate(
    data_dir: &Path,
    keys: &TrustedKeys,
    trust: Trust,
    today: jiff::civil::Date,
) -> ContentStatus {
    let folder = ContentFolder::in_data_dir(data_dir);
    let highest = highest_seen(data_dir);
    let status = bundle::activate(&folder, keys, highest, today);
    if let Some(w) = &status.warning {
        eprintln!("注意: {w}");
    }
    if trust == Trust::Publisher
        && status.source == bundle::ContentOrigin::Downloaded
        && highest < Some(status.version)
        && let Err(e) =
            crate::open_store(data_dir).and_then(|mut s| s.note_content_applied(status.version))
    {
        eprintln!("注意: 使っている内容の版を記録できませんでした: {e}");
    }
    status
}

/// The highest applied version from the database, without creating a database that is not there.
fn highest_seen(data_dir: &Path) -> Option<u64> {
    if !data_dir.join(onshi_core::store::DB_FILE_NAME).exists() {
        return None;
    }
    crate::open_store(data_dir)
        .ok()
        .and_then(|s| s.content_highest_seen().ok().flatten())
}

pub fn run(
    cmd: &ContentCommand,
    data_dir: &Path,
    keys: &TrustedKeys,
    trust: Trust,
    status: ContentStatus,
    today: jiff::civil::Date,
) -> Result<(), CliError> {
    match cmd {
        ContentCommand::Status => {
            crate::print_json(&status);
            Ok(())
        }
        ContentCommand::Update { url } => {
            let mut store = crate::open_store(data_dir)?;
            let installed = Installed {
                active: status.version,
                highest_seen: store.content_highest_seen()?,
                embedded: status.embedded_version,
            };
            let folder = ContentFolder::in_data_dir(data_dir);
            let request = onshi_update::Request {
                url,
                keys,
                folder: &folder,
                installed,
                today,
            };
            match onshi_update::update_blocking(request, &|_| {}) {
                Ok(onshi_update::Outcome::Applied {
                    version,
                    files,
                    bytes,
                }) => {
                    if trust == Trust::Publisher {
                        store.note_content_applied(version)?;
                    }
                    println!(
                        "内容を版{version}に更新しました（{files}ファイル、{bytes}バイト、署名・各ファイルを確認済み）。次に起動したときから使います。"
                    );
                    Ok(())
                }
                Ok(onshi_update::Outcome::AlreadyCurrent { version }) => {
                    println!("すでに最新の内容（版{version}）を使っています。変更はありません。");
                    Ok(())
                }
                Err(refusal) => Err(CliError::Failed(format!(
                    "{refusal}\n今の内容（版{}）のまま使います。",
                    status.version
                ))),
            }
        }
    }
}

pub fn run_bundle(cmd: &BundleCommand) -> Result<(), CliError> {
    match cmd {
        BundleCommand::Keygen {
            out,
            password_stdin,
        } => keygen(out, *password_stdin),
        BundleCommand::Sign {
            key,
            content,
            version,
            expires,
            out,
            password_stdin,
            today,
        } => {
            let expires = crate::parse_date(expires)?;
            let today = crate::today(today.as_deref())?;
            sign(key, content, *version, expires, out, *password_stdin, today)
        }
    }
}

const KEY_NAME: &str = "onshi-content.key";
const PUB_NAME: &str = "onshi-content.pub";

fn failed(what: &str) -> impl Fn(minisign::PError) -> CliError + '_ {
    move |e| CliError::Failed(format!("{what}: {e}"))
}

fn io_failed<'a>(what: &'a str, path: &'a Path) -> impl Fn(std::io::Error) -> CliError + 'a {
    move |e| CliError::Failed(format!("{what}（{e}）: {}", path.display()))
}

fn read_password() -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| CliError::Failed(format!("パスワードが読めません: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(CliError::Usage(
            "パスワードが空です。標準入力の1行目にパスワードを渡してください。".into(),
        ));
    }
    Ok(password)
}

fn keygen(out: &Path, password_stdin: bool) -> Result<(), CliError> {
    let (key_path, pub_path) = (out.join(KEY_NAME), out.join(PUB_NAME));
    for p in [&key_path, &pub_path] {
        if p.exists() {
            return Err(CliError::Usage(format!(
                "{} がすでにあります。鍵を上書きしないよう、別のフォルダーを指定してください。",
                p.display()
            )));
        }
    }
    let pair = if password_stdin {
        minisign::KeyPair::generate_encrypted_keypair(Some(read_password()?))
    } else {
        minisign::KeyPair::generate_unencrypted_keypair()
    }
    .map_err(failed("鍵を作れませんでした"))?;
    std::fs::create_dir_all(out).map_err(io_failed("フォルダーを作れません", out))?;
    let comment = "onshi-navi content signing key";
    let secret = pair
        .sk
        .to_box(Some(comment))
        .map_err(failed("秘密鍵を書き出せません"))?
        .into_string();
    let public = pair
        .pk
        .to_box()
        .map_err(failed("公開鍵を書き出せません"))?
        .into_string();
    onshi_core::files::write_atomically(&key_path, secret.as_bytes())
        .map_err(io_failed("秘密鍵を保存できません", &key_path))?;
    onshi_core::files::write_atomically(&pub_path, public.as_bytes())
        .map_err(io_failed("公開鍵を保存できません", &pub_path))?;
    println!("{}", key_path.display());
    println!("{}", pub_path.display());
    if !password_stdin {
        eprintln!(
            "注意: 秘密鍵はパスワードなしで保存しました。持ち出さず、署名する人だけが読めるところに置いてください。"
        );
    }
    Ok(())
}

fn sign(
    key_path: &Path,
    content: &Path,
    version: u64,
    expires: jiff::civil::Date,
    out: &Path,
    password_stdin: bool,
    today: jiff::civil::Date,
) -> Result<(), CliError> {
    let key_text =
        std::fs::read_to_string(key_path).map_err(io_failed("秘密鍵が読めません", key_path))?;
    let key_box =
        minisign::SecretKeyBox::from_string(&key_text).map_err(failed("秘密鍵の形が違います"))?;
    let secret = if password_stdin {
        key_box.into_secret_key(Some(read_password()?))
    } else {
        key_box.into_unencrypted_secret_key()
    }
    .map_err(failed(
        "秘密鍵を開けません（パスワード付きの鍵なら --password-stdin を付けてください）",
    ))?;
    let public =
        minisign::PublicKey::from_secret_key(&secret).map_err(failed("公開鍵を導けません"))?;

    let files = collect(content)?;
    let manifest = Manifest::describe(version, today, expires, &files)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let manifest_bytes = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| CliError::Failed(format!("目録を書けません: {e}")))?;
    // The same checks the app runs before it swaps a bundle in: never sign what it would refuse.
    Bundle::from_files(manifest.clone(), files.clone())
        .check_content()
        .map_err(|e| CliError::Failed(format!("署名しませんでした: {e}")))?;
    if expires < today {
        eprintln!(
            "注意: 有効期限 {expires} は今日（{today}）より前です。この更新はどのパソコンでも期限切れとして断られます。"
        );
    }
    if version <= bundle::embedded_version() {
        eprintln!(
            "注意: 版{version}は、このアプリに入っている内容（版{}）より新しくありません。この版のアプリでは適用されません。",
            bundle::embedded_version()
        );
    }

    if out.exists()
        && std::fs::read_dir(out)
            .map_err(io_failed("出力フォルダーが読めません", out))?
            .next()
            .is_some()
    {
        return Err(CliError::Usage(format!(
            "出力フォルダー {} が空ではありません。空のフォルダーか、まだないフォルダーを指定してください。",
            out.display()
        )));
    }
    std::fs::create_dir_all(out).map_err(io_failed("出力フォルダーを作れません", out))?;
    for (path, bytes) in &files {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io_failed("フォルダーを作れません", parent))?;
        }
        onshi_core::files::write_atomically(&target, bytes)
            .map_err(io_failed("ファイルを書けません", &target))?;
    }
    let signature = minisign::sign(
        Some(&public),
        &secret,
        std::io::Cursor::new(&manifest_bytes),
        Some(&manifest.trusted_comment()),
        Some("onshi-navi content bundle signature"),
    )
    .map_err(failed("署名できませんでした"))?;
    let manifest_path = out.join(MANIFEST_FILE);
    onshi_core::files::write_atomically(&manifest_path, &manifest_bytes)
        .map_err(io_failed("目録を書けません", &manifest_path))?;
    let sig_path = out.join(SIGNATURE_FILE);
    onshi_core::files::write_atomically(&sig_path, signature.into_string().as_bytes())
        .map_err(io_failed("署名を書けません", &sig_path))?;
    println!(
        "版{version}（{}ファイル、期限 {expires}）に署名しました: {}",
        files.len(),
        out.display()
    );
    Ok(())
}

/// Every file under `dir` by its bundle path (`/`-separated), hidden files skipped; a file the
/// bundle format does not allow is an error naming it.
fn collect(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, CliError> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> Result<(), CliError> {
        let entries = std::fs::read_dir(dir).map_err(io_failed("フォルダーが読めません", dir))?;
        for entry in entries {
            let entry = entry.map_err(io_failed("フォルダーが読めません", dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out)?;
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            bundle::manifest::check_path(&rel).map_err(|_| {
                CliError::Usage(format!(
                    "{rel} は更新に入れられないファイルです（*.toml, *.md, procedures/*.toml, data/postal.bin, data/syukujitsu.tsv のみ）。"
                ))
            })?;
            let mut bytes = Vec::new();
            std::fs::File::open(&path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(io_failed("ファイルが読めません", &path))?;
            out.insert(rel, bytes);
        }
        Ok(())
    }
    if !dir.is_dir() {
        return Err(CliError::Usage(format!(
            "内容のフォルダー {} がありません。",
            dir.display()
        )));
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}
