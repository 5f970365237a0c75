//! The plain data types of each area (requests, answers, enums), with serde and TypeScript
//! derives and each request's validation rules ([`Request`]). No I/O and no
//! endpoint knowledge: the endpoints that send them are in [`crate::api`].

pub mod account;
pub mod allocation;
pub mod auth;
pub mod coins;
pub mod incentive;
pub mod redemption;

use crate::error::{Error, FieldError};
use crate::input::{self, Required};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A request type: read from loose JSON with field errors, then checked by its own rules.
pub trait Request: DeserializeOwned {
    /// Keys that must be present (with their accepted spellings).
    const REQUIRED: &'static [Required] = &[];

    /// Every rule the request breaks; empty when it may be sent.
    fn validate(&self) -> Vec<FieldError>;

    /// Reads loose input (as it comes from JS): missing and wrong-typed fields, not the
    /// request's own rules (the endpoint that sends it checks those, once).
    fn read_json(value: Value) -> Result<Self, Vec<FieldError>> {
        input::parse(value, Self::REQUIRED, None)
    }

    /// Reads and validates loose input.
    fn from_json(value: Value) -> Result<Self, Vec<FieldError>> {
        let request = Self::read_json(value)?;
        let errors = request.validate();
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }

    /// Validates, as an [`Error`].
    fn check(&self) -> Result<(), Error> {
        let errors = self.validate();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(errors))
        }
    }
}
