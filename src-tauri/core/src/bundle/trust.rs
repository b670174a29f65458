//! Trusted keys (信頼する鍵): the publisher's minisign public keys. Two are embedded, the one in use
//! and the next, so the publisher can move to a new key without an app release first. Only
//! prehashed (Ed25519ph) signatures are accepted; minisign has made them its default and will drop
//! the legacy kind.

use minisign_verify::{Error as MinisignError, PublicKey, Signature};

use super::Refusal;

const CURRENT: &str = include_str!("../../keys/current.pub");
const NEXT: &str = include_str!("../../keys/next.pub");

/// A set of minisign public keys; a signature by any of them is accepted.
pub struct TrustedKeys {
    keys: Vec<PublicKey>,
}

impl TrustedKeys {
    /// The publisher's keys embedded in this build (current and next).
    pub fn embedded() -> Result<TrustedKeys, Refusal> {
        TrustedKeys::from_texts(&[CURRENT, NEXT])
    }

    /// No key: every signature is refused (what is left when the embedded keys are unreadable).
    pub fn none() -> TrustedKeys {
        TrustedKeys { keys: Vec::new() }
    }

    /// Keys from minisign public-key files (`untrusted comment:` line, then the key) or bare
    /// base64 keys. Used by `onshi content update --pubkey` and by tests.
    pub fn from_texts(texts: &[&str]) -> Result<TrustedKeys, Refusal> {
        let keys = texts
            .iter()
            .map(|t| {
                let t = t.trim();
                let parsed = if t.starts_with("untrusted comment:") {
                    PublicKey::decode(t)
                } else {
                    PublicKey::from_base64(t)
                };
                parsed.map_err(|e| Refusal::MalformedManifest {
                    detail: format!("public key: {e}"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedKeys { keys })
    }

    /// Checks `signature` (the text of `manifest.json.minisig`) over `data` with the key whose
    /// id the signature names. Returns the signature's trusted comment.
    pub fn verify(&self, data: &[u8], signature: &str) -> Result<String, Refusal> {
        let sig = Signature::decode(signature).map_err(|_| Refusal::BadSignature)?;
        let mut wrong_key = None;
        for key in &self.keys {
            match key.verify(data, &sig, false) {
                Ok(()) => return Ok(sig.trusted_comment().to_string()),
                Err(MinisignError::UnexpectedKeyId) => wrong_key = Some(()),
                Err(_) => return Err(Refusal::BadSignature),
            }
        }
        match wrong_key {
            Some(()) => Err(Refusal::UnknownKey {
                key_id: key_id_of(signature),
            }),
            None => Err(Refusal::BadSignature),
        }
    }
}

/// The key id a minisign signature names, as minisign prints it (16 hex digits), for the message.
fn key_id_of(signature: &str) -> String {
    let Some(line) = signature.lines().nth(1) else {
        return "?".into();
    };
    let Some(bytes) = decode_base64(line.trim()) else {
        return "?".into();
    };
    if bytes.len() < 10 {
        return "?".into();
    }
    bytes[2..10]
        .iter()
        .rev()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// Standard base64 without padding checks; only used to name a key id in a message.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_keys_parse_and_are_two() {
        let keys = TrustedKeys::embedded().map(|k| k.keys.len());
        assert_eq!(keys, Ok(2));
    }

    #[test]
    fn a_garbled_signature_is_a_bad_signature() {
        let keys = TrustedKeys::embedded().ok();
        let refused = keys.map(|k| k.verify(b"{}", "not a signature"));
        assert_eq!(refused, Some(Err(Refusal::BadSignature)));
    }

    #[test]
    fn the_key_id_is_named_as_minisign_prints_it() {
        // The embedded current key's id is in its untrusted comment; a signature by it names the
        // same id. The public key's bytes have the same layout (2 bytes algorithm, 8 bytes id).
        let comment_id = CURRENT.lines().next().and_then(|l| l.rsplit(' ').next());
        let key_line = CURRENT.lines().nth(1).unwrap_or_default();
        let fake_sig = format!("untrusted comment: x\n{key_line}\n");
        assert_eq!(Some(key_id_of(&fake_sig).as_str()), comment_id);
    }
}
