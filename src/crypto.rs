//! Payload encryption, as the portal documents it for the sibling Payouts API and the reward
//! guide requires: AES-128-ECB with PKCS#7 padding, the key the first 16 bytes of
//! SHA-256(client secret), the ciphertext in Base64, sent as `{"request": "<base64>"}`; the
//! answer comes wrapped the same way (`{"response": ...}` or `{"request": ...}`).
//!
//! Whether an environment enforces it is a deployment fact: the client turns it on with
//! `encryptPayloads: true`. The token call is never encrypted. Only in builds with the
//! `encryption` feature (the Node entry and Rust), never in the browser build: it needs the
//! client secret, which does not belong in a browser.

use crate::error::Error;
use crate::secret::Secret;
use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyInit};
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

type Encryptor = ecb::Encryptor<aes::Aes128>;
type Decryptor = ecb::Decryptor<aes::Aes128>;

/// The key derived from a client secret. `Debug` does not print it.
#[derive(Clone)]
pub struct PayloadCipher {
    key: [u8; 16],
}

impl std::fmt::Debug for PayloadCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PayloadCipher(***)")
    }
}

impl PayloadCipher {
    /// Derives the key: the first 16 bytes of SHA-256(secret).
    pub fn from_secret(secret: &Secret) -> Self {
        let digest = Sha256::digest(secret.expose().as_bytes());
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        PayloadCipher { key }
    }

    /// Encrypts text to Base64.
    pub fn encrypt(&self, plaintext: &str) -> String {
        let bytes = Encryptor::new(&self.key.into()).encrypt_padded_vec_mut::<Pkcs7>(plaintext.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// Decrypts Base64 to text.
    pub fn decrypt(&self, encoded: &str) -> Result<String, String> {
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|e| format!("not Base64: {e}"))?;
        let plain = Decryptor::new(&self.key.into()).decrypt_padded_vec_mut::<Pkcs7>(&bytes).map_err(|_| "wrong key or damaged ciphertext".to_owned())?;
        String::from_utf8(plain).map_err(|_| "the decrypted text is not UTF-8".to_owned())
    }

    /// Wraps a JSON body: `{"request": "<base64>"}`.
    pub fn wrap_request(&self, body: &str) -> String {
        serde_json::json!({ "request": self.encrypt(body) }).to_string()
    }

    /// Unwraps an answer wrapped as `{"response": "<base64>"}` (or `request`); any other
    /// body is returned as it is (error answers are often not encrypted).
    pub fn unwrap_response(&self, status: u16, body: &str) -> Result<String, Error> {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else { return Ok(body.to_owned()) };
        if map.len() != 1 {
            return Ok(body.to_owned());
        }
        let Some(Value::String(encoded)) = map.get("response").or_else(|| map.get("request")) else { return Ok(body.to_owned()) };
        self.decrypt(encoded).map_err(|why| Error::redacted_decode(status, format!("could not decrypt the answer: {why}"), body))
    }
}
