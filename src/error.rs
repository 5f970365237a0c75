//! The one error type of the SDK, and the field errors of validation.

use serde::Serialize;
use std::fmt;

/// What went wrong with one input field. Returned by validation, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The field's wire name, e.g. `loadAmount`. For a bulk request's own fields (not a
    /// row's), the name of that field (`companyId`, `rows`, ...).
    pub field: String,
    /// A stable machine-readable reason, see [`FieldErrorCode`].
    pub code: FieldErrorCode,
    /// A sentence for a person: what is wrong and what to do.
    pub message: String,
    /// For bulk rows: the index of the row (0-based) in the list that was validated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
}

/// Why a field was rejected. More codes may come: a `match` needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FieldErrorCode {
    /// Missing, null or blank.
    Required,
    /// Present with the wrong JSON type (a string where a number belongs, ...).
    InvalidType,
    /// Not one of the allowed values (title, gender, transaction type, ...).
    InvalidValue,
    /// Right type, wrong shape (email syntax, mobile number digits).
    InvalidFormat,
    /// A number outside its allowed range (zero, negative, NaN, Infinity, too large).
    OutOfRange,
    /// More than two decimals in an amount: paise are the smallest unit.
    TooPrecise,
    /// Fields that must agree do not (CR goes with ALLOCATE_POINT, DR with UNALLOCATE_POINT).
    Mismatch,
    /// The same value appears twice where it must be unique (a reference within one bulk request).
    Duplicate,
    /// A list that must not be empty is empty.
    Empty,
    /// A key the SDK does not know (a typo, or an option in the wrong place): the message
    /// names the closest valid key.
    UnknownField,
}

impl FieldError {
    pub(crate) fn new(field: impl Into<String>, code: FieldErrorCode, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code, message: message.into(), row: None }
    }

    pub(crate) fn in_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row {
            Some(row) => write!(f, "row {row}: {}: {}", self.field, self.message),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

/// The code of a response envelope (`code` or `response_code`), sent as a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ServerCode {
    /// A numeric code (also a string that holds a whole number, such as `"1"`).
    Number(i64),
    /// Any other text.
    Text(String),
}

impl ServerCode {
    /// Whether the code means success (0).
    pub fn is_success(&self) -> bool {
        matches!(self, ServerCode::Number(0))
    }
}

impl fmt::Display for ServerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerCode::Number(n) => write!(f, "{n}"),
            ServerCode::Text(t) => f.write_str(t),
        }
    }
}

/// Everything that can go wrong in a call. Each variant is one `kind` of the JS `EnKashError`.
/// More kinds may come: a `match` needs a `_` arm.
///
/// No variant ever holds a secret: request bodies and headers are not kept, and the response
/// bodies kept are redacted (see [`crate::redact::redact_body`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input was rejected before anything was sent. `field_errors` names every field.
    #[error("{message}")]
    Validation {
        /// A summary naming the first problem and how many there are.
        message: String,
        /// One entry per problem.
        field_errors: Vec<FieldError>,
    },
    /// The server answered and refused: HTTP 200 with a non-zero envelope code (a business
    /// failure such as insufficient balance), or an HTTP error status (400, 404, 422, 5xx).
    #[error("{message}")]
    Api {
        /// HTTP status.
        status: u16,
        /// The envelope's `code`/`response_code`, when the body had one.
        code: Option<ServerCode>,
        /// The server's message (`message`, `response_message`, `error_description`, ...).
        message: String,
        /// The response body, redacted (see [`crate::redact::redact_body`]).
        body: String,
        /// An earlier attempt of this call may have been applied (its answer was lost, it
        /// timed out, or it failed with 5xx) before this refusal.
        earlier_attempt_uncertain: bool,
    },
    /// The server refused a keyed write because its idempotency key (`uniqueReferenceNumber`,
    /// `requestId`, `orderReferenceId`, or a bulk row's reference) was already used: the
    /// write it names exists on the server. Recognised in one place (`crate::wire::answer`).
    #[error("{message}")]
    DuplicateReference {
        /// HTTP status.
        status: u16,
        /// The envelope's code, when the body had one.
        code: Option<ServerCode>,
        /// The server's message.
        message: String,
        /// The response body, redacted (see [`crate::redact::redact_body`]).
        body: String,
        /// An earlier attempt of this same call may have been applied (its answer was lost,
        /// it timed out, or it failed with 5xx): the existing write is then most likely this
        /// call's own, and the caller can treat the error as "already done". `false` when the
        /// first attempt was refused: the key was used before this call (an earlier call of
        /// yours whose answer you did not see, or a key reused by mistake).
        already_applied: bool,
    },
    /// Authentication failed: credentials rejected at `/oauth/token` (never retried
    /// automatically: three failures lock the account), a token provider failed, or a data
    /// call was refused with 401 even with a fresh token.
    #[error("{message}")]
    Auth {
        /// HTTP status, when there was a response.
        status: Option<u16>,
        /// What happened and what to do.
        message: String,
        /// The response body, redacted, when any.
        body: Option<String>,
        /// An earlier attempt of this call may have been applied before this failure.
        earlier_attempt_uncertain: bool,
    },
    /// The request could not be completed: connection refused, reset, DNS, CORS.
    #[error("network error: {message}")]
    Network {
        /// The transport's description.
        message: String,
        /// Whether this call's request (this attempt or an earlier one) may have reached the
        /// server.
        sent: bool,
    },
    /// No complete answer within the time limit: the request may have been applied when it
    /// was sent (`sent`), or nothing was sent (the time ran out waiting for a token).
    #[error("no answer within {timeout_ms} ms")]
    Timeout {
        /// The limit that ran out.
        timeout_ms: u32,
        /// Whether this call's request (this attempt or an earlier one) was sent.
        sent: bool,
    },
    /// The answer could not be read: not JSON, not an envelope, or a field of the wrong type.
    #[error("{message}")]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// What could not be read, with the path of the failing field when known.
        message: String,
        /// The response body, redacted (see [`crate::redact::redact_body`]).
        body: String,
        /// An earlier attempt of this call may have been applied before this failure.
        earlier_attempt_uncertain: bool,
    },
    /// The caller cancelled the call (AbortSignal).
    #[error("the call was aborted")]
    Aborted {
        /// Whether the request was in flight, or an earlier attempt may have been applied.
        sent: bool,
    },
    /// The client was configured wrongly (no base URL, two auth methods, ...).
    #[error("{message}")]
    Config {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The error's kind, as in the JS `EnKashError.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation { .. } | Error::Config { .. } => "validation",
            Error::Api { .. } => "api",
            Error::DuplicateReference { .. } => "duplicateReference",
            Error::Auth { .. } => "auth",
            Error::Network { .. } => "network",
            Error::Timeout { .. } => "timeout",
            Error::Decode { .. } => "decode",
            Error::Aborted { .. } => "aborted",
        }
    }

    /// Whether the server may have acted on the request, so that repeating it without an
    /// idempotency key could apply it twice: true after a connection lost once the request
    /// was sent, a timeout, an abort in flight, a 5xx answer, or an unreadable 2xx answer;
    /// false when the server refused it (4xx, a business failure) or it was never sent.
    /// Check the state (e.g. the transaction search) before repeating such a call.
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Network { sent, .. } | Error::Aborted { sent } => *sent,
            Error::Timeout { sent, .. } => *sent,
            Error::Api { status, earlier_attempt_uncertain, .. } => *status >= 500 || *earlier_attempt_uncertain,
            Error::Decode { status, earlier_attempt_uncertain, .. } => (200..300).contains(status) || *earlier_attempt_uncertain,
            Error::Auth { earlier_attempt_uncertain, .. } => *earlier_attempt_uncertain,
            Error::DuplicateReference { already_applied, .. } => *already_applied,
            Error::Validation { .. } | Error::Config { .. } => false,
        }
    }

    /// The same error, marked as following an earlier attempt of the same call that may have
    /// been applied: [`Self::may_have_been_applied`] is then true whatever this attempt's
    /// answer was.
    pub(crate) fn after_uncertain_attempt(self) -> Self {
        match self {
            Error::Api { status, code, message, body, .. } => Error::Api { status, code, message, body, earlier_attempt_uncertain: true },
            Error::Decode { status, message, body, .. } => Error::Decode { status, message, body, earlier_attempt_uncertain: true },
            Error::Auth { status, message, body, .. } => Error::Auth { status, message, body, earlier_attempt_uncertain: true },
            Error::DuplicateReference { status, code, message, body, .. } => Error::DuplicateReference { status, code, message, body, already_applied: true },
            Error::Network { message, .. } => Error::Network { message, sent: true },
            Error::Aborted { .. } => Error::Aborted { sent: true },
            Error::Timeout { timeout_ms, .. } => Error::Timeout { timeout_ms, sent: true },
            other => other,
        }
    }

    /// HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } | Error::DuplicateReference { status, .. } => Some(*status),
            Error::Auth { status, .. } => *status,
            _ => None,
        }
    }

    /// The envelope code, for `api` errors that had one.
    pub fn server_code(&self) -> Option<&ServerCode> {
        match self {
            Error::Api { code, .. } | Error::DuplicateReference { code, .. } => code.as_ref(),
            _ => None,
        }
    }

    /// The field errors, for `validation` errors.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation { field_errors, .. } => field_errors,
            _ => &[],
        }
    }

    /// The response body (redacted), when there was one.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } | Error::Decode { body, .. } | Error::DuplicateReference { body, .. } => Some(body),
            Error::Auth { body, .. } => body.as_deref(),
            _ => None,
        }
    }

    /// Builds a validation error from field errors (which must not be empty).
    pub fn validation(field_errors: Vec<FieldError>) -> Self {
        let message = match field_errors.as_slice() {
            [] => "invalid input".to_owned(),
            [only] => format!("invalid input: {only}"),
            [first, rest @ ..] => format!("invalid input: {first} (and {} more)", rest.len()),
        };
        Error::Validation { message, field_errors }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config { message: message.into() }
    }
}
