//! What the server said about the daily request limit (`X-Rate-Limit-*` headers).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The last known state of the rate limit; fields are `None` until a response told us.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitStatus {
    /// `X-Rate-Limit-Limit`, e.g. 5,000 per 24 h.
    pub limit: Option<u32>,
    /// `X-Rate-Limit-Remaining`.
    pub remaining: Option<u32>,
    /// `X-Rate-Limit-Reset`: when the window resets.
    pub reset_at: Option<DateTime<Utc>>,
}
