//! Jobs on the keyring: save, forget or move a connection's secret (in order, on the keyring lane).

use super::{Event, EventSender, RequestId};
use crate::credentials::CredentialStore;
use crate::error::WorkerError;
use std::sync::Arc;

/// Stores a secret in the keyring; answers `SecretSaved` or a keyring failure.
pub(super) async fn save_secret(
    store: Arc<dyn CredentialStore>,
    req: RequestId,
    account: String,
    secret: String,
    events: EventSender,
) {
    let result = tokio::task::spawn_blocking(move || store.set(&account, &secret)).await;
    match result.map_err(WorkerError::task).and_then(|r| Ok(r?)) {
        Ok(()) => events.send(Event::SecretSaved { req }),
        Err(e) => events.fail(req, e),
    }
}

/// Removes a secret from the keyring; answers `SecretForgotten` or a keyring failure.
pub(super) async fn forget_secret(
    store: Arc<dyn CredentialStore>,
    req: RequestId,
    account: String,
    events: EventSender,
) {
    let result = tokio::task::spawn_blocking(move || store.delete(&account)).await;
    match result.map_err(WorkerError::task).and_then(|r| Ok(r?)) {
        Ok(()) => events.send(Event::SecretForgotten { req }),
        Err(e) => events.fail(req, e),
    }
}

/// Moves a secret to another keyring account (a profile's host or client id was corrected):
/// reads `from`, stores it under `to`, and removes `from` when `forget_from`. Answers
/// `SecretMoved` with what it found, or a keyring failure.
pub(super) async fn move_secret(
    store: Arc<dyn CredentialStore>,
    req: RequestId,
    (from, to): (String, String),
    forget_from: bool,
    events: EventSender,
) {
    use super::event::SecretMove;
    let result = tokio::task::spawn_blocking(move || {
        let Some(secret) = store.get(&from)? else {
            return Ok(match store.get(&to)? {
                Some(_) => SecretMove::AlreadyThere,
                None => SecretMove::Missing,
            });
        };
        store.set(&to, &secret)?;
        if forget_from {
            store.delete(&from)?;
        }
        Ok::<_, crate::credentials::CredentialError>(SecretMove::Moved)
    })
    .await;
    match result.map_err(WorkerError::task).and_then(|r| Ok(r?)) {
        Ok(outcome) => events.send(Event::SecretMoved { req, outcome }),
        Err(e) => events.fail(req, e),
    }
}
