//! The endpoints, one file per area of the portal: for each, its method, path, query, body and
//! answer type, and the client method that calls it. The data types and their validation
//! rules are in [`crate::models`]; the request path that sends them is [`crate::client`].

pub mod account;
pub mod allocation;
pub mod auth;
pub mod coins;
pub mod incentive;
pub mod redemption;
