//! Validation helpers shared by every request type. Each check pushes a [`FieldError`]
//! naming the wire field; nothing is sent while any error stands.

use crate::error::{FieldError, FieldErrorCode as C};
use crate::types::{to_paise, MAX_AMOUNT};

/// Collects field errors for one object (or one bulk row).
#[derive(Debug, Default)]
pub struct Checker {
    /// The errors found so far.
    pub errors: Vec<FieldError>,
    row: Option<usize>,
}

impl Checker {
    /// A checker for a top-level object.
    pub fn new() -> Self {
        Self::default()
    }

    /// A checker for bulk row `row`.
    pub fn for_row(row: usize) -> Self {
        Checker { errors: Vec::new(), row: Some(row) }
    }

    /// Records an error.
    pub fn push(&mut self, field: &str, code: C, message: impl Into<String>) {
        let e = FieldError::new(field, code, message);
        self.errors.push(match self.row {
            Some(r) => e.in_row(r),
            None => e,
        });
    }

    /// Requires a non-blank string. Returns the trimmed value when present.
    pub fn required<'a>(&mut self, field: &str, value: Option<&'a str>) -> Option<&'a str> {
        match value.map(str::trim) {
            Some(v) if !v.is_empty() => Some(v),
            _ => {
                self.push(field, C::Required, format!("{field} is required"));
                None
            }
        }
    }

    /// Requires a value to be present.
    pub fn present<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.push(field, C::Required, format!("{field} is required"));
        }
        value
    }

    /// An optional string, when given, must not be blank.
    pub fn not_blank(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            if v.trim().is_empty() {
                self.push(field, C::Required, format!("{field} must not be blank when given"));
            }
        }
    }

    /// An amount in rupees: finite, greater than zero, at most two decimals.
    pub fn amount(&mut self, field: &str, value: Option<f64>) {
        let Some(v) = self.present(field, value) else { return };
        if !v.is_finite() {
            self.push(field, C::OutOfRange, format!("{field} must be a finite number, got {v}"));
        } else if v <= 0.0 {
            self.push(field, C::OutOfRange, format!("{field} must be greater than 0, got {v}"));
        } else if v > MAX_AMOUNT {
            self.push(field, C::OutOfRange, format!("{field} is too large (at most {MAX_AMOUNT})"));
        } else if to_paise(v).is_none() {
            self.push(field, C::TooPrecise, format!("{field} may have at most 2 decimals (paise), got {v}"));
        }
    }

    /// A required email address with a plausible syntax.
    pub fn email(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = self.required(field, value) {
            if !is_email(v) {
                // Masked (`a***@example.com`): a message may end up in a log or a results file.
                self.push(field, C::InvalidFormat, format!("{field} is not a valid email address (got {})", crate::redact::mask_email(v)));
            }
        }
    }

    /// A required 10-digit Indian mobile number (starts with 6, 7, 8 or 9; no +91 or 0 prefix).
    pub fn mobile(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = self.required(field, value) {
            if !is_indian_mobile(v) {
                self.push(
                    field,
                    C::InvalidFormat,
                    format!("{field} must be a 10-digit Indian mobile number starting with 6-9, without +91 or 0 (got {})", crate::redact::mask_mobile(v)),
                );
            }
        }
    }
}

impl Checker {
    /// A required whole number greater than zero.
    pub fn positive_int(&mut self, field: &str, value: Option<i64>) {
        if let Some(v) = self.present(field, value) {
            if v <= 0 {
                self.push(field, C::OutOfRange, format!("{field} must be a whole number greater than 0, got {v}"));
            }
        }
    }

    /// An optional amount bound: finite, 0 or more, at most two decimals.
    pub fn bound(&mut self, field: &str, value: Option<f64>) {
        if let Some(v) = value {
            if !v.is_finite() || !(0.0..=MAX_AMOUNT).contains(&v) {
                self.push(field, C::OutOfRange, format!("{field} must be a finite amount of 0 or more, got {v}"));
            } else if to_paise(v).is_none() {
                self.push(field, C::TooPrecise, format!("{field} may have at most 2 decimals, got {v}"));
            }
        }
    }

    /// `from` must not be greater than `to` when both are given.
    pub fn ordered<T: PartialOrd + std::fmt::Display>(&mut self, from_field: &str, from: Option<T>, to_field: &str, to: Option<T>) {
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                self.push(to_field, C::OutOfRange, format!("{to_field} ({b}) must not be before {from_field} ({a})"));
            }
        }
    }

    /// An optional ISO date-time (`2024-06-20T14:56:47`, fraction and offset allowed).
    /// Returns the normalised value for ordering checks.
    pub fn iso_datetime(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let v = value?;
        match crate::types::parse_portal_date(v) {
            Some(norm) if v.trim().as_bytes().get(10) == Some(&b'T') => Some(norm),
            _ => {
                self.push(field, C::InvalidFormat, format!("{field} must be an ISO date-time such as 2024-06-20T14:56:47, got {}", shorten(v)));
                None
            }
        }
    }

    /// Every listed optional string must not be blank.
    pub fn not_blank_all(&mut self, fields: &[(&str, Option<&str>)]) {
        for (field, value) in fields {
            self.not_blank(field, *value);
        }
    }
}

/// A required, non-blank argument (a path id such as `coinConfigId`), as an [`crate::Error`].
pub fn required_arg(field: &str, value: &str) -> Result<(), crate::Error> {
    let mut c = Checker::new();
    c.required(field, Some(value));
    if c.errors.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::validation(c.errors))
    }
}

fn shorten(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    format!("{s:?}")
}

/// Whether `s` is a plausible email address: one `@`, a non-empty local part, a domain with
/// a dot and no empty label, no white space or control characters, at most 254 characters.
pub fn is_email(s: &str) -> bool {
    if s.is_ascii() {
        return is_ascii_email(s.as_bytes());
    }
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else { return false };
    if local.is_empty() || local.len() > 64 || domain.contains('@') || local.starts_with('.') || local.ends_with('.') {
        return false;
    }
    // Labels checked as they come (no list is built: this runs for every bulk row).
    let mut labels = 0usize;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') || !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && last.chars().all(char::is_alphabetic) && last.chars().count() >= 2
}

/// [`is_email`] for ASCII text, byte by byte (it runs for every bulk row).
fn is_ascii_email(s: &[u8]) -> bool {
    // ASCII white space and control characters, as char::is_whitespace / is_control see them.
    if s.len() > 254 || s.iter().any(|b| b.is_ascii_control() || *b == b' ') {
        return false;
    }
    let Some(at) = s.iter().position(|b| *b == b'@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.is_empty() || local.len() > 64 || domain.contains(&b'@') || local[0] == b'.' || local[local.len() - 1] == b'.' {
        return false;
    }
    let mut labels = 0usize;
    let mut last: &[u8] = &[];
    for label in domain.split(|b| *b == b'.') {
        if label.is_empty() || label[0] == b'-' || label[label.len() - 1] == b'-' || !label.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && last.len() >= 2 && last.iter().all(u8::is_ascii_alphabetic)
}

/// Whether `s` is exactly ten ASCII digits, the first 6 to 9.
pub fn is_indian_mobile(s: &str) -> bool {
    s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) && matches!(s.as_bytes()[0], b'6'..=b'9')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["xyz2@gmail.com", "a.b+c@sub.example.co.in", "x@y.io"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "plain", "@x.com", "a@", "a@b", "a@@b.com", "a b@c.com", "a@b..com", "a@-b.com", "a@b.c", ".a@b.com", "a@b.com\n", "a@b.12"] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn mobiles() {
        for ok in ["9600098867", "6836111111", "7000000000", "8123456789"] {
            assert!(is_indian_mobile(ok), "{ok}");
        }
        for bad in ["", "5600098867", "960009886", "96000988670", "+919600098867", "09600098867", "96000 98867", "９６００９８８８６７", "960009886a"]
        {
            assert!(!is_indian_mobile(bad), "{bad}");
        }
    }

    #[test]
    fn amounts() {
        let mut c = Checker::new();
        c.amount("loadAmount", Some(11.0));
        c.amount("loadAmount", Some(10.25));
        assert!(c.errors.is_empty());
        for (bad, code) in [
            (0.0, C::OutOfRange),
            (-1.0, C::OutOfRange),
            (f64::NAN, C::OutOfRange),
            (f64::INFINITY, C::OutOfRange),
            (1.001, C::TooPrecise),
            (1e300, C::OutOfRange),
        ] {
            let mut c = Checker::new();
            c.amount("loadAmount", Some(bad));
            assert_eq!(c.errors.len(), 1, "{bad}");
            assert_eq!(c.errors[0].code, code, "{bad}");
            assert_eq!(c.errors[0].field, "loadAmount");
        }
        let mut c = Checker::for_row(3);
        c.amount("loadAmount", None);
        assert_eq!(c.errors[0].code, C::Required);
        assert_eq!(c.errors[0].row, Some(3));
    }
}
