//! The references the bulk engine gives rows that have none, and the person keys behind them.
//!
//! A row's reference must not depend on its position: people fix a typo, insert, delete or
//! reorder rows and run the same file again with the same run id, and every row that was paid
//! must come back with the reference it was paid under. So the reference is derived from who is
//! paid, not where the row sits:
//!
//! `{runId}-{16 hex digits of SHA-256("enkash-rewards/ref/v2", runId, email, mobile, n)}`
//!
//! where `email` is trimmed and lower-cased, `mobile` keeps only its digits, and `n` is the
//! occurrence of that person among the file's valid rows that have no reference of their own
//! (1 for their first such row in file order, 2 for the second, ...). Within one run id a
//! person can then be paid at most as many times as they appear in the file: a person's `n`-th
//! row always maps to the same reference wherever it sits, the server pays a reference once,
//! and a file with `k` rows of a person can only ever name references 1 to `k`. (Rows of the
//! same person may swap references when they are reordered or one is deleted; that changes
//! which row is reported as paid, never how often the person is paid.)
//!
//! These functions are part of the SDK's promise: a reference derived by one version must be
//! derived the same by every later version (tests pin literal values), or a re-run across an
//! upgrade could pay twice.

use sha2::{Digest, Sha256};

/// Who a row pays: the normalised email and mobile, hashed to 64 bits (collisions between two
/// of a million people: about 3 in 100 million).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonKey(pub u64);

/// Email trimmed and lower-cased.
pub fn normal_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The digits of a mobile number, in order.
pub fn normal_mobile(mobile: &str) -> String {
    mobile.chars().filter(char::is_ascii_digit).collect()
}

/// Calls `f` with the normalised email and mobile ([`normal_email`], [`normal_mobile`]) as
/// bytes: on the stack for the usual short ASCII values (no allocation per row of a bulk
/// run), else through the two functions. Either way the same bytes.
fn with_normal<R>(email: &str, mobile: &str, f: impl FnOnce(&[u8], &[u8]) -> R) -> R {
    let email = email.trim();
    let mut e = [0u8; 128];
    let mut m = [0u8; 64];
    let digits = mobile.bytes().filter(u8::is_ascii_digit).count();
    if email.is_ascii() && email.len() <= e.len() && digits <= m.len() {
        let e = &mut e[..email.len()];
        e.copy_from_slice(email.as_bytes());
        e.make_ascii_lowercase();
        for (slot, digit) in m.iter_mut().zip(mobile.bytes().filter(u8::is_ascii_digit)) {
            *slot = digit;
        }
        return f(e, &m[..digits]);
    }
    f(normal_email(email).as_bytes(), normal_mobile(mobile).as_bytes())
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in parts {
        // Length-prefixed, so that no two different part lists hash the same bytes.
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.finalize().into()
}

impl PersonKey {
    /// The key of the person with this email and mobile (normalised here).
    pub fn of(email: &str, mobile: &str) -> PersonKey {
        let d = with_normal(email, mobile, |email, mobile| digest(&[b"enkash-rewards/person/v2", email, mobile]));
        let mut first = [0u8; 8];
        first.copy_from_slice(&d[..8]);
        PersonKey(u64::from_be_bytes(first))
    }

    /// The shard (0-based) this person belongs to among `count` shards (`count` >= 1).
    pub fn shard(self, count: u32) -> u32 {
        (self.0 % u64::from(count.max(1))) as u32
    }
}

/// The reference of the `occurrence`-th row (1-based, in file order) of the person with this
/// email and mobile, in run `run_id`.
pub fn derive_reference(run_id: &str, email: &str, mobile: &str, occurrence: u32) -> String {
    let d =
        with_normal(email, mobile, |email, mobile| digest(&[b"enkash-rewards/ref/v2", run_id.as_bytes(), email, mobile, occurrence.to_string().as_bytes()]));
    let mut out = String::with_capacity(run_id.len() + 17);
    out.push_str(run_id);
    out.push('-');
    for b in &d[..8] {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    out
}

/// Whether `reference` has the shape of a reference this run derives (`{runId}-` and 16
/// lower-case hex digits): a row's own reference may not, so that it can never collide with
/// a derived one.
pub fn looks_derived(run_id: &str, reference: &str) -> bool {
    reference
        .strip_prefix(run_id)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// A 64-bit fingerprint of a row's own reference, for the duplicate check (the engine keeps
/// fingerprints, not strings, so that a run of a million rows stays small).
pub fn fingerprint(reference: &str) -> u64 {
    let d = digest(&[b"enkash-rewards/own-ref", reference.as_bytes()]);
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    u64::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising() {
        assert_eq!(normal_email("  Asha@Example.COM "), "asha@example.com");
        assert_eq!(normal_mobile(" 96000-98867"), "9600098867");
        assert_eq!(PersonKey::of("A@b.co ", "98765 43210"), PersonKey::of("a@b.co", "9876543210"));
        assert_ne!(PersonKey::of("a@b.co", "9876543210"), PersonKey::of("a@b.co", "9876543211"));
    }

    /// Pinned: these values were computed outside the SDK (Python's hashlib over the same
    /// length-prefixed parts). If this test fails, a re-run across an SDK upgrade could pay
    /// people twice: do not change the values, change the code back.
    #[test]
    fn derived_references_never_change_between_versions() {
        assert_eq!(derive_reference("diwali-2026", "asha@example.com", "9600098867", 1), "diwali-2026-031a595fffb8b064");
        assert_eq!(derive_reference("diwali-2026", " Asha@Example.com", "96000 98867", 2), "diwali-2026-eee5319a231d7b16");
        assert_eq!(derive_reference("q3", "ravi@example.com", "9876543210", 1), "q3-e169aa3e91987b4c");
        assert_eq!(PersonKey::of("asha@example.com", "9600098867").shard(3), 1);
        assert_eq!(PersonKey::of("ravi@example.com", "9876543210").shard(3), 0);
        assert_eq!(PersonKey::of("asha@example.com", "9600098867").shard(7), 4);
        // The same, for the values normalised through the allocating path (non-ASCII, or an
        // email over 128 bytes), computed the same way outside the SDK (str.strip().lower()).
        assert_eq!(derive_reference("diwali-2026", " ÄSHA@Exämple.com ", "+91 96000 98867", 1), "diwali-2026-51eb6e14dcf77a45");
        let long = format!("{}@Example.com", "A".repeat(140));
        assert_eq!(derive_reference("q3", &long, "9876543210", 2), "q3-f3eadd9f364763b1");
        assert_eq!(PersonKey::of(" ÄSHA@Exämple.com ", "+91 96000 98867").shard(7), 5);
        assert_eq!(PersonKey::of(&long, "9876543210").shard(5), 3);
    }

    /// The stack path of `with_normal` gives the bytes of `normal_email`/`normal_mobile`,
    /// including at its limits and for the values it hands back to them.
    #[test]
    fn normalised_bytes_are_the_same_on_either_path() {
        let long_email = format!(" {}@Example.com ", "A".repeat(140));
        let long_mobile = "9".repeat(70);
        let emails = ["  Asha@Example.COM ", "", "ÄSHA@exämple.com", &long_email, &format!("{}@b.co", "x".repeat(123)), &format!("{}@b.co", "x".repeat(124))];
        let mobiles = [" 96000-98867", "", "+91 (960) 009 8867 ext. ٣", &long_mobile, &"1".repeat(64), &"1".repeat(65)];
        for email in emails {
            for mobile in mobiles {
                let (e, m) = with_normal(email, mobile, |e, m| (e.to_vec(), m.to_vec()));
                assert_eq!((e.as_slice(), m.as_slice()), (normal_email(email).as_bytes(), normal_mobile(mobile).as_bytes()), "{email:?} {mobile:?}");
            }
        }
    }

    #[test]
    fn derived_shape() {
        let r = derive_reference("diwali-2026", "a@b.co", "9876543210", 1);
        assert!(looks_derived("diwali-2026", &r), "{r}");
        assert!(!looks_derived("diwali-2026", "diwali-2026-0001"));
        assert!(!looks_derived("diwali", &r));
        assert_ne!(r, derive_reference("diwali-2026", "a@b.co", "9876543210", 2));
    }
}
