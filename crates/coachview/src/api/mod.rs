//! Coachview REST client: token, queries, tolerant decoding, errors, rate limit.

pub mod auth;
pub mod capabilities;
#[allow(clippy::result_large_err)] // ApiError (144 bytes) is the shared error type
pub mod client;
pub mod decode;
pub mod error;
#[allow(clippy::result_large_err)]
mod http;
mod issue;
pub mod link;
#[allow(clippy::result_large_err)]
pub mod probe;
pub mod probe_report;
pub mod query;
pub mod rate_limit;
pub mod raw;
pub mod raw_sanitize;
pub mod scrub;
pub mod status;
#[allow(clippy::result_large_err)]
mod token;

pub use capabilities::{Capabilities, TenantState};
pub use client::{CannotTell, Client, ClientConfig, ReferenceLookup, WebaanvraagCreated};
pub use decode::{DecodeIssue, Page};
pub use error::{ApiError, ApiErrorKind};
pub use query::{Dir, Op, Query};
pub use rate_limit::RateLimitStatus;
