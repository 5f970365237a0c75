//! The plain data types of each area (requests, answers, enums), with serde and TypeScript
//! derives and each request's validation rules ([`crate::api::endpoint::Request`]). No I/O and no
//! endpoint knowledge: the endpoints that send them are in [`crate::api`].

pub mod account;
pub mod allocation;
pub mod auth;
pub mod coins;
pub mod incentive;
pub mod redemption;
