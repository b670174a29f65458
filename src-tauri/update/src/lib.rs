//! Content updates over the network (コンテンツ更新の取得). This crate only moves bytes: every
//! decision — the signature, the version, the expiry, each file's size and SHA-256, the swap — is
//! the core's ([`onshi_core::bundle`]), in the order that module documents.
//!
//! The publisher serves a directory: `manifest.json`, `manifest.json.minisig` and the files the
//! manifest lists, at the paths it lists. HTTPS uses rustls with the OS's certificate store (a
//! clinic's TLS-inspecting proxy is trusted when Windows trusts it) and the system proxy.

use std::time::Duration;

use jiff::civil::Date;
use onshi_core::bundle::{
    self, ContentFolder, Decision, Installed, Refusal, TrustedKeys, folder::MANIFEST_FILE,
    folder::SIGNATURE_FILE, manifest::MANIFEST_LIMIT, manifest::SIGNATURE_LIMIT,
};
use serde::Serialize;

/// Time to open a connection before the publisher counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest silence while a response is arriving (a stalled line).
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest time for one request, the 8.5 MB postal table on a slow clinic line included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

/// What one update call did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum Outcome {
    /// A newer bundle was verified and swapped in; it is used from the next start.
    Applied {
        version: u64,
        files: usize,
        bytes: u64,
    },
    /// The content in use (`version`) is as new as the publisher's, or newer (the app's own).
    AlreadyCurrent { version: u64 },
}

/// Progress of the download, for the window's bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub done_bytes: u64,
    pub total_bytes: u64,
    /// The file arriving now (a bundle path).
    pub file: String,
}

/// One update: where from, whom to trust, where to put it, what is installed, and today.
pub struct Request<'a> {
    /// The publisher's directory (`https://…/stable/`); a missing final `/` is added.
    pub url: &'a str,
    pub keys: &'a TrustedKeys,
    pub folder: &'a ContentFolder,
    pub installed: Installed,
    pub today: Date,
}

/// Fetches, verifies and applies the publisher's bundle. On any refusal the content in use and
/// the content folder are as they were (a staging folder is removed).
pub async fn update(
    request: Request<'_>,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Outcome, Refusal> {
    let base = base_url(request.url)?;
    let client = client()?;
    let manifest_bytes = fetch_small(&client, &base, MANIFEST_FILE, MANIFEST_LIMIT).await?;
    let signature =
        String::from_utf8(fetch_small(&client, &base, SIGNATURE_FILE, SIGNATURE_LIMIT).await?)
            .map_err(|_| Refusal::BadSignature)?;
    let manifest =
        bundle::verify_manifest(request.keys, &manifest_bytes, &signature, request.today)?;
    if bundle::decide(&manifest, &request.installed)? == Decision::AlreadyCurrent {
        return Ok(Outcome::AlreadyCurrent {
            version: request.installed.active,
        });
    }
    let total = manifest.total_size();
    let mut staging = request
        .folder
        .stage(manifest.clone(), &manifest_bytes, &signature)?;
    let mut done = 0u64;
    for entry in &manifest.files {
        let mut response = get(&client, &base, &entry.path).await?;
        let mut sink = staging.sink(&entry.path)?;
        if let Some(length) = response.content_length()
            && length > sink.expected_size()
        {
            // Refused before a byte is read: the server says it will send more than was signed.
            return Err(Refusal::SizeMismatch {
                path: entry.path.clone(),
                expected: entry.size,
                got: length,
            });
        }
        while let Some(chunk) = response.chunk().await.map_err(|e| network(&e))? {
            sink.write(&chunk)?;
            done += chunk.len() as u64;
            progress(Progress {
                done_bytes: done,
                total_bytes: total,
                file: entry.path.clone(),
            });
        }
        staging.finish(sink)?;
    }
    let applied = staging.commit(request.folder, request.keys)?;
    Ok(Outcome::Applied {
        version: applied.manifest().version,
        files: manifest.files.len(),
        bytes: total,
    })
}

/// [`update`] for callers without an async runtime (the CLI).
pub fn update_blocking(
    request: Request<'_>,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Outcome, Refusal> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Refusal::io(&e))?;
    runtime.block_on(update(request, progress))
}

fn base_url(url: &str) -> Result<reqwest::Url, Refusal> {
    let bad = || Refusal::BadUrl {
        url: url.chars().take(200).collect(),
    };
    let with_slash = if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    };
    let parsed = reqwest::Url::parse(&with_slash).map_err(|_| bad())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
        return Err(bad());
    }
    Ok(parsed)
}

fn client() -> Result<reqwest::Client, Refusal> {
    // reqwest is built without a default crypto provider: ring instead of aws-lc-rs, because
    // ring cross-builds for Windows with mingw alone. rustls 0.23.48 deprecates ring's provider
    // only for lacking post-quantum key exchange, which a public content bundle (signed, not
    // secret) does not need. Installing it twice is harmless, so that error is ignored.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("onshi-navi/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Refusal::Offline {
            detail: format!("通信の準備に失敗しました: {e}"),
        })
}

async fn get(
    client: &reqwest::Client,
    base: &reqwest::Url,
    name: &str,
) -> Result<reqwest::Response, Refusal> {
    // `name` is a checked bundle path (plain parts joined by `/`), so joining stays in `base`.
    let url = base
        .join(name)
        .map_err(|_| Refusal::UnsafePath { path: name.into() })?;
    let response = client.get(url).send().await.map_err(|e| network(&e))?;
    if !response.status().is_success() {
        return Err(Refusal::Server {
            name: name.into(),
            status: response.status().as_u16(),
        });
    }
    Ok(response)
}

/// A small file (the manifest, its signature), refused as soon as it passes `limit`.
async fn fetch_small(
    client: &reqwest::Client,
    base: &reqwest::Url,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, Refusal> {
    let mut response = get(client, base, name).await?;
    let too_large = || Refusal::TooLarge {
        path: name.into(),
        limit,
    };
    if response.content_length().is_some_and(|l| l > limit) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| network(&e))? {
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A transport failure in words a receptionist can act on.
fn network(e: &reqwest::Error) -> Refusal {
    let detail = if e.is_timeout() {
        "時間内に応答がありませんでした"
    } else if e.is_connect() {
        "接続できません"
    } else if e.is_body() || e.is_decode() {
        "受信が途中で切れました"
    } else {
        "通信に失敗しました"
    };
    Refusal::Offline {
        detail: detail.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_directories_are_accepted() {
        assert!(base_url("https://example.jp/content/stable").is_ok());
        assert_eq!(
            base_url("http://127.0.0.1:8080/b").map(|u| u.to_string()),
            Ok("http://127.0.0.1:8080/b/".to_string())
        );
        for bad in ["file:///etc/", "ftp://x/", "not a url", "mailto:a@b"] {
            assert!(
                matches!(base_url(bad), Err(Refusal::BadUrl { .. })),
                "{bad}"
            );
        }
    }
}
