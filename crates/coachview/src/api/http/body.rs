//! Reading an answer's body under a size limit, and the error for one over it.

use crate::api::{ApiError, ApiErrorKind};

/// Why a body could not be read.
pub(in crate::api) enum BodyError {
    Transport(reqwest::Error),
    /// More than the limit (announced or streamed).
    TooLarge(u64),
}

/// Reads a body chunk by chunk, refusing it as soon as it passes `limit` bytes (a hostile or
/// broken server cannot make us allocate more than that).
pub(in crate::api) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge(limit));
    }
    let mut out = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if out.len() as u64 + chunk.len() as u64 > limit {
            return Err(BodyError::TooLarge(limit));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// The error for a body over the limit.
pub(in crate::api) fn too_large_error(
    limit: u64,
    status: u16,
    method: &str,
    path: &str,
) -> ApiError {
    ApiError::new(
        ApiErrorKind::Decode {
            path: format!("$ (answer larger than {} MB)", limit / (1024 * 1024)),
            snippet: String::new(),
        },
        Some(status),
        method,
        path,
        "",
    )
}
