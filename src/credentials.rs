//! Client secrets live only in the OS keyring (Credential Manager, Keychain, Secret Service).
//!
//! `CredentialStore` has an OS implementation and an in-memory one for tests and for
//! "use this secret for this session only". There is no file fallback, ever.

use std::collections::HashMap;
use std::sync::Mutex;

/// The keyring service name under which coachdesk stores secrets.
pub(crate) const SERVICE: &str = "coachdesk";

/// Why the keyring could not be used. The text never contains the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// No keyring service is running or reachable (e.g. Linux without a Secret Service).
    #[error("no keyring available: {0}")]
    NoKeyring(String),
    /// The keyring is there but locked or refused access.
    #[error("the keyring refused access: {0}")]
    Locked(String),
    /// Any other keyring failure.
    #[error("keyring error: {0}")]
    Other(String),
}

/// Stores one secret per account (the connection key: base URL + client id).
pub trait CredentialStore: Send + Sync {
    /// Saves or replaces the secret.
    fn set(&self, account: &str, secret: &str) -> Result<(), CredentialError>;
    /// The secret, or `None` when none is stored.
    fn get(&self, account: &str) -> Result<Option<String>, CredentialError>;
    /// Removes the secret; removing a missing one is fine.
    fn delete(&self, account: &str) -> Result<(), CredentialError>;
}

/// The OS keyring through the `keyring` crate.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeyring;

fn map_keyring_error(err: keyring::Error) -> CredentialError {
    use keyring::Error as E;
    match err {
        E::NoStorageAccess(inner) => CredentialError::Locked(inner.to_string()),
        E::NoDefaultStore => CredentialError::NoKeyring(match keyring::Entry::store_status() {
            Err(reason) => reason.to_string(),
            Ok(()) => "no default credential store".to_string(),
        }),
        E::PlatformFailure(inner) => {
            let text = inner.to_string();
            if text.contains("ServiceUnknown")
                || text.contains("NotFound")
                || text.contains("org.freedesktop.secrets")
                || text.contains("Connection")
            {
                CredentialError::NoKeyring(text)
            } else {
                CredentialError::Other(text)
            }
        }
        other => CredentialError::Other(other.to_string()),
    }
}

impl CredentialStore for OsKeyring {
    fn set(&self, account: &str, secret: &str) -> Result<(), CredentialError> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(map_keyring_error)?;
        entry.set_password(secret).map_err(map_keyring_error)
    }

    fn get(&self, account: &str) -> Result<Option<String>, CredentialError> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(map_keyring_error)?;
        match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring_error(e)),
        }
    }

    fn delete(&self, account: &str) -> Result<(), CredentialError> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(map_keyring_error)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring_error(e)),
        }
    }
}

/// Secrets held in memory only: tests, and "use for this session only".
#[derive(Debug, Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, String>>,
}

impl CredentialStore for MemoryStore {
    fn set(&self, account: &str, secret: &str) -> Result<(), CredentialError> {
        self.secrets
            .lock()
            .map_err(|_| CredentialError::Other("poisoned".into()))?
            .insert(account.to_string(), secret.to_string());
        Ok(())
    }

    fn get(&self, account: &str) -> Result<Option<String>, CredentialError> {
        Ok(self
            .secrets
            .lock()
            .map_err(|_| CredentialError::Other("poisoned".into()))?
            .get(account)
            .cloned())
    }

    fn delete(&self, account: &str) -> Result<(), CredentialError> {
        self.secrets
            .lock()
            .map_err(|_| CredentialError::Other("poisoned".into()))?
            .remove(account);
        Ok(())
    }
}

/// The secret of a connection (base URL, client id). A secret stored under the connection's
/// older key ([`crate::paths::legacy_connection_key`]: only when that key can have been this
/// connection's alone) is found too and moved to today's key. Blocking.
pub(crate) fn connection_secret(
    store: &dyn CredentialStore,
    base_url: &str,
    client_id: &str,
) -> Result<Option<String>, CredentialError> {
    let key = crate::paths::connection_key(base_url, client_id);
    if let Some(secret) = store.get(&key)? {
        return Ok(Some(secret));
    }
    let Some(old) = crate::paths::legacy_connection_key(base_url, client_id) else {
        return Ok(None);
    };
    let secret = store.get(&old)?;
    if let Some(secret) = &secret {
        match store.set(&key, secret) {
            // Moved: "forget" in Settings removes the one entry left.
            Ok(()) => {
                if let Err(e) = store.delete(&old) {
                    tracing::warn!("could not remove the connection's old keyring entry: {e}");
                }
            }
            Err(e) => tracing::warn!("could not move the secret to the new keyring entry: {e}"),
        }
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trip() {
        let store = MemoryStore::default();
        assert_eq!(store.get("a").unwrap(), None);
        store.set("a", "s3cret").unwrap();
        assert_eq!(store.get("a").unwrap().as_deref(), Some("s3cret"));
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert_eq!(store.get("a").unwrap(), None);
    }
}
