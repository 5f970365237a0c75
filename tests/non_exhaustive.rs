//! The public error enums may grow without breaking a caller's build: a `match` outside the
//! crate needs a wildcard arm (this file only compiles while they are `#[non_exhaustive]`).

#![deny(unreachable_patterns)]

use enkash_rewards::{Error, FieldErrorCode};

fn code_name(c: FieldErrorCode) -> &'static str {
    match c {
        FieldErrorCode::Required => "required",
        FieldErrorCode::InvalidType => "invalid_type",
        FieldErrorCode::InvalidValue => "invalid_value",
        FieldErrorCode::InvalidFormat => "invalid_format",
        FieldErrorCode::OutOfRange => "out_of_range",
        FieldErrorCode::TooPrecise => "too_precise",
        FieldErrorCode::Mismatch => "mismatch",
        FieldErrorCode::Duplicate => "duplicate",
        FieldErrorCode::Empty => "empty",
        FieldErrorCode::UnknownField => "unknown_field",
        // Unreachable (a compile error under `deny(unreachable_patterns)`) were the enum exhaustive.
        _ => "other",
    }
}

fn is_validation(e: &Error) -> bool {
    match e {
        Error::Validation { .. } | Error::Config { .. } => true,
        Error::Api { .. } | Error::DuplicateReference { .. } | Error::Auth { .. } | Error::Network { .. } => false,
        Error::Timeout { .. } | Error::Decode { .. } | Error::Aborted { .. } => false,
        // Likewise for the error kinds.
        _ => false,
    }
}

#[test]
fn error_enums_are_non_exhaustive() {
    for c in [FieldErrorCode::Required, FieldErrorCode::UnknownField] {
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(code_name(c)));
    }
    assert!(!is_validation(&Error::Aborted { sent: false }));
}
