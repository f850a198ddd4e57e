//! Coachview REST client: token, queries, tolerant decoding, errors, rate limit.

pub mod error;
pub mod rate_limit;

pub use error::{ApiError, ApiErrorKind};
pub use rate_limit::RateLimitStatus;
