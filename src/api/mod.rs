//! Coachview REST client: token, queries, tolerant decoding, errors, rate limit.

pub mod auth;
pub mod client;
pub mod decode;
pub mod error;
mod http;
pub mod query;
pub mod rate_limit;

pub use client::{Client, ClientConfig, WebaanvraagCreated};
pub use decode::{DecodeIssue, Page};
pub use error::{ApiError, ApiErrorKind};
pub use query::{Dir, Op, Query};
pub use rate_limit::RateLimitStatus;
