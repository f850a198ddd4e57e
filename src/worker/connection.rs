//! The worker's live connection: client, store path, and the in-process demo simulator.

use super::WorkerEnv;
use crate::api::{ApiError, Client, ClientConfig};
use crate::config::Profile;
use crate::credentials::CredentialError;
use crate::simulator::{SimHandle, Simulator};
use std::path::PathBuf;
use std::time::Duration;

/// The demo client's credentials (they only open the built-in simulator).
pub(super) const DEMO_CLIENT: &str = "demo";
const DEMO_SECRET: &str = "demo";

/// The record store's file name in a connection's folder.
pub(super) const STORE_FILE: &str = "records.sqlite";

/// One connection the worker is using.
pub(super) struct Connection {
    pub client: Client,
    pub label: String,
    pub base_url: String,
    /// This connection's data folder (records.sqlite, outbox.sqlite).
    pub dir: PathBuf,
    pub demo: bool,
    /// Keeps the demo simulator alive while connected to it.
    pub simulator: Option<SimHandle>,
}

impl Connection {
    /// The record store file.
    pub(super) fn store_path(&self) -> PathBuf {
        self.dir.join(STORE_FILE)
    }
}

/// Why connecting failed.
pub enum ConnectError {
    Api(ApiError),
    Keyring(CredentialError),
    NoSecret,
    Local(String),
}

fn client(
    base_url: &str,
    client_id: &str,
    secret: String,
    scopes: &str,
) -> Result<Client, ApiError> {
    Client::new(ClientConfig {
        base_url: base_url.to_string(),
        client_id: client_id.to_string(),
        client_secret: secret,
        scopes: (!scopes.trim().is_empty()).then(|| scopes.trim().to_string()),
        timeout: Duration::from_secs(60),
    })
}

/// Starts the client informed: the tenant's known capabilities and last rate limit, from disk.
pub(super) async fn restore_tenant(client: &Client, dir: &std::path::Path) {
    let dir = dir.to_path_buf();
    if let Ok(state) =
        tokio::task::spawn_blocking(move || crate::api::capabilities::load(&dir)).await
    {
        client.restore(state);
    }
}

/// Keeps what was learned about the tenant (capabilities, rate limit) on disk.
pub(super) async fn save_tenant(conn: &Connection) {
    let dir = conn.dir.clone();
    let state = conn.client.tenant_state();
    let saved =
        tokio::task::spawn_blocking(move || crate::api::capabilities::save(&dir, &state)).await;
    if let Ok(Err(e)) = saved {
        tracing::warn!("could not keep the tenant state: {e}");
    }
}

/// Starts the simulator in-process and connects with the demo client.
pub(super) async fn demo(env: &WorkerEnv) -> Result<Connection, ConnectError> {
    let sim = Simulator::start(env.demo.clone())
        .await
        .map_err(|e| ConnectError::Local(e.to_string()))?;
    let base_url = sim.base_url();
    let client =
        client(&base_url, DEMO_CLIENT, DEMO_SECRET.to_string(), "").map_err(ConnectError::Api)?;
    client.ensure_token().await.map_err(ConnectError::Api)?;
    Ok(Connection {
        client,
        label: "Demo".into(),
        // The demo's port changes every start; its data folder must not.
        dir: env
            .dirs
            .connection(super::DEMO_STORE.0, super::DEMO_STORE.1),
        base_url,
        demo: true,
        simulator: Some(sim),
    })
}

/// Connects with a saved profile: the secret from `session_secret` or the OS keyring.
pub(super) async fn profile(
    env: &WorkerEnv,
    profile: &Profile,
    session_secret: Option<String>,
) -> Result<Connection, ConnectError> {
    if profile.demo {
        return demo(env).await;
    }
    let secret = match session_secret {
        Some(secret) => secret,
        None => {
            let store = env.credentials.clone();
            let account = profile.key();
            tokio::task::spawn_blocking(move || store.get(&account))
                .await
                .map_err(|e| ConnectError::Local(e.to_string()))?
                .map_err(ConnectError::Keyring)?
                .ok_or(ConnectError::NoSecret)?
        }
    };
    let base_url = profile.environment.base_url();
    let client = client(&base_url, &profile.client_id, secret, &profile.scopes)
        .map_err(ConnectError::Api)?;
    let dir = env.dirs.connection(&base_url, &profile.client_id);
    restore_tenant(&client, &dir).await;
    client.ensure_token().await.map_err(ConnectError::Api)?;
    Ok(Connection {
        client,
        label: profile.name.clone(),
        dir,
        base_url,
        demo: false,
        simulator: None,
    })
}
