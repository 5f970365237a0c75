//! The one retry policy, used by every call and by the bulk engine's batches (which are calls
//! like any other): what may be repeated, how long to wait, and when to give up.
//!
//! - **What**: a connection that failed before anything was sent, and 429, always; for
//!   retry-safe endpoints (reads, setting operations, writes carrying the caller's idempotency
//!   key, bulk batches whose rows all carry references) also a connection lost after sending,
//!   a timeout, 500/502/503/504 and an unreadable 2xx answer.
//! - **How often**: `maxRetries` retries after the first attempt (client option, per call too).
//! - **How long**: the server's `Retry-After` when it sends one, else exponential backoff
//!   (500 ms doubling, capped at [`MAX_BACKOFF_MS`]) with jitter (50 to 100 % of it).
//! - **Until when**: no wait runs past the call's deadline (its `timeoutMs`, counted from the
//!   call's start) or [`MAX_RETRY_WAIT_MS`]; a wait that would is not started, and the call
//!   ends with the last answer and a message saying why it was not retried. An abort ends a
//!   wait at once.

use crate::error::Error;

/// The longest wait the client accepts between attempts; a `Retry-After` asking for more
/// ends the call with the server's answer instead.
pub const MAX_RETRY_WAIT_MS: u64 = 30_000;
/// The cap of the exponential backoff.
pub const MAX_BACKOFF_MS: u32 = 8_000;

/// Whether a failed attempt may be repeated.
pub fn should_retry(e: &Error, retry_safe: bool) -> bool {
    match e {
        Error::Network { sent: false, .. } => true,
        Error::Api { status: 429, .. } => true,
        _ if !retry_safe => false,
        Error::Network { .. } | Error::Timeout { .. } => true,
        Error::Api { status, .. } => matches!(status, 500 | 502 | 503 | 504),
        Error::Decode { status, .. } => (200..300).contains(status),
        _ => false,
    }
}

/// A little pseudo-random jitter without a dependency: xorshift over the clock.
pub fn jitter(seed: f64, attempt: u32) -> f64 {
    let mut x = (seed as u64) ^ (u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x % 1000) as f64 / 1000.0
}

/// Backoff before attempt `attempt + 1`: 500 ms doubling, capped at 8 s, with jitter (50 to 100 %).
pub fn backoff_ms(attempt: u32, random: f64) -> u32 {
    let base = (500u64 << attempt.saturating_sub(1).min(10)).min(u64::from(MAX_BACKOFF_MS)) as f64;
    (base * (0.5 + 0.5 * random.clamp(0.0, 1.0))) as u32
}

/// What to do after failed attempt number `attempt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Wait this many ms, then send again.
    Wait(u32),
    /// Give up: the last error is final (this says why, when it is not obvious).
    GiveUp(Option<String>),
}

/// The policy's decision after failed attempt `attempt` (1-based) of a call allowed
/// `max_retries` retries, with `remaining_ms` left before its deadline.
pub fn decide(error: &Error, retry_safe: bool, attempt: u32, max_retries: u32, retry_after: Option<&str>, now_ms: f64, remaining_ms: u64) -> Decision {
    if attempt > max_retries || !should_retry(error, retry_safe) {
        return Decision::GiveUp(None);
    }
    let wait = match retry_after.and_then(|v| parse_retry_after(v, now_ms)) {
        Some(ms) if ms > MAX_RETRY_WAIT_MS => {
            return Decision::GiveUp(Some(format!(
                "not retried: the server asked to wait {} s (Retry-After), longer than the {} s the SDK waits",
                ms.div_ceil(1000),
                MAX_RETRY_WAIT_MS / 1000
            )))
        }
        Some(ms) => ms,
        None => u64::from(backoff_ms(attempt, jitter(now_ms, attempt))),
    };
    if wait >= remaining_ms {
        return Decision::GiveUp(Some(format!("not retried: the wait of {wait} ms before the next attempt would pass the call's time limit")));
    }
    Decision::Wait(wait as u32)
}

/// Reads `Retry-After`: seconds, or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`).
/// Returns the wait in ms from `now_ms`.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    let parts: Vec<&str> = v.split_whitespace().collect();
    if parts.len() != 6 || parts[5] != "GMT" {
        return None;
    }
    let day: i64 = parts[1].parse().ok()?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].iter().position(|m| *m == parts[2])? as i64 + 1;
    let year: i64 = parts[3].parse().ok()?;
    let hms: Vec<i64> = parts[4].split(':').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    if hms.len() != 3 || !(1..=31).contains(&day) || !(0..=23).contains(&hms[0]) || !(0..=59).contains(&hms[1]) || !(0..=60).contains(&hms[2]) {
        return None;
    }
    if !(1970..=9999).contains(&year) {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), then ms since the epoch.
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let at_ms = (days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]) as f64 * 1000.0;
    Some((at_ms - now_ms).max(0.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_both_forms() {
        assert_eq!(parse_retry_after("7", 0.0), Some(7000));
        // 1 Jan 2026 00:00:10 GMT is 1767225610 s after the epoch.
        assert_eq!(parse_retry_after("Thu, 01 Jan 2026 00:00:10 GMT", 1_767_225_600_000.0), Some(10_000));
        assert_eq!(parse_retry_after("Thu, 01 Jan 2026 00:00:10 GMT", 1_767_225_700_000.0), Some(0), "a date in the past: no wait");
        assert_eq!(parse_retry_after("soon", 0.0), None);
        assert_eq!(parse_retry_after("Thu, 01 Foo 2026 00:00:10 GMT", 0.0), None);
        assert_eq!(parse_retry_after("Thu, 01 Jan 2026 -1:00:10 GMT", 0.0), None);
    }

    #[test]
    fn only_what_cannot_apply_twice_is_retried() {
        let net = |sent| Error::Network { message: "x".into(), sent };
        let api = |status| Error::Api { status, code: None, message: "m".into(), body: String::new(), earlier_attempt_uncertain: false };
        assert!(should_retry(&net(false), false));
        assert!(!should_retry(&net(true), false));
        assert!(should_retry(&net(true), true));
        assert!(should_retry(&api(429), false));
        assert!(!should_retry(&api(503), false));
        assert!(should_retry(&api(503), true));
        assert!(!should_retry(&api(400), true));
        assert!(!should_retry(&api(200), true), "a business refusal is final");
        assert!(!should_retry(&Error::Timeout { timeout_ms: 1, sent: true }, false));
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1, 1.0), 500);
        assert_eq!(backoff_ms(2, 1.0), 1000);
        assert_eq!(backoff_ms(3, 0.0), 1000);
        assert_eq!(backoff_ms(9, 1.0), 8000);
        assert!((0.0..1.0).contains(&jitter(1234.0, 2)));
    }

    #[test]
    fn decisions() {
        let busy = Error::Api { status: 429, code: None, message: "slow down".into(), body: String::new(), earlier_attempt_uncertain: false };
        assert_eq!(decide(&busy, false, 1, 2, Some("2"), 0.0, 30_000), Decision::Wait(2000), "Retry-After is honoured");
        assert_eq!(decide(&busy, false, 3, 2, Some("2"), 0.0, 30_000), Decision::GiveUp(None), "maxRetries is honoured");
        assert!(
            matches!(decide(&busy, false, 1, 2, Some("120"), 0.0, 600_000), Decision::GiveUp(Some(m)) if m.contains("120 s")),
            "too long a Retry-After ends the call"
        );
        assert!(
            matches!(decide(&busy, false, 1, 2, Some("5"), 0.0, 4_000), Decision::GiveUp(Some(m)) if m.contains("time limit")),
            "no wait past the deadline"
        );
        match decide(&busy, false, 2, 5, None, 1234.0, 30_000) {
            Decision::Wait(ms) => assert!((500..=1000).contains(&ms), "{ms}"),
            other => panic!("{other:?}"),
        }
    }
}
