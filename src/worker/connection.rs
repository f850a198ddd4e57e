//! The worker's live connection: a [`Session`] (folder, client, store, outbox), its label, and
//! the in-process demo simulator.

use super::WorkerEnv;
use crate::api::ApiError;
use crate::config::Profile;
use crate::credentials::CredentialError;
use crate::session::{Folder, Login, Session};
use crate::simulator::{SimHandle, Simulator};

/// The demo client's credentials (they only open the built-in simulator).
pub(super) const DEMO_CLIENT: &str = "demo";
const DEMO_SECRET: &str = "demo";

/// One connection the worker is using; derefs to its [`Session`].
pub(super) struct Connection {
    pub session: Session,
    pub label: String,
    pub base_url: String,
    pub demo: bool,
    /// The connection's key (host + client id; the demo's own): what its quota is reported under.
    pub key: String,
    /// Keeps the demo simulator alive while connected to it.
    pub simulator: Option<SimHandle>,
}

impl std::ops::Deref for Connection {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Connection {
    /// The rate limit as last reported, under this connection's key.
    pub(super) fn rate_event(&self) -> super::Event {
        super::Event::RateLimit {
            key: self.key.clone(),
            rate: self.client().rate_limit(),
        }
    }
}

/// Why connecting failed.
pub(crate) enum ConnectError {
    Api(ApiError),
    Keyring(CredentialError),
    NoSecret,
    Local(String),
}

/// The demo's connection key (the same whatever port the demo simulator gets).
pub(super) fn demo_key() -> String {
    crate::paths::connection_key(crate::session::DEMO_STORE.0, crate::session::DEMO_STORE.1)
}

/// Starts the simulator in-process and connects with the demo client.
pub(super) async fn demo(env: &WorkerEnv) -> Result<Connection, ConnectError> {
    let sim = Simulator::start(env.demo.clone())
        .await
        .map_err(|e| ConnectError::Local(e.to_string()))?;
    let base_url = sim.base_url();
    let login = Login::new(&base_url, DEMO_CLIENT, DEMO_SECRET.to_string());
    // The demo's port changes every start; its data folder must not.
    let session = Session::in_folder(Folder::demo(&env.dirs), login)
        .map_err(ConnectError::Api)?
        .with_clock(env.clock.clone());
    session
        .client()
        .ensure_token()
        .await
        .map_err(ConnectError::Api)?;
    Ok(Connection {
        session,
        label: "Demo".into(),
        base_url,
        demo: true,
        key: demo_key(),
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
            let (base, id) = (profile.environment.base_url(), profile.client_id.clone());
            tokio::task::spawn_blocking(move || {
                crate::credentials::connection_secret(store.as_ref(), &base, &id)
            })
            .await
            .map_err(|e| ConnectError::Local(e.to_string()))?
            .map_err(ConnectError::Keyring)?
            .ok_or(ConnectError::NoSecret)?
        }
    };
    let base_url = profile.environment.base_url();
    let login = Login::new(&base_url, &profile.client_id, secret).scopes(Some(&profile.scopes));
    let session = Session::open(&env.dirs, login)
        .map_err(ConnectError::Api)?
        .with_clock(env.clock.clone());
    session.restore_tenant_async().await;
    session
        .client()
        .ensure_token()
        .await
        .map_err(ConnectError::Api)?;
    Ok(Connection {
        session,
        label: profile.name.clone(),
        base_url,
        demo: false,
        key: profile.key(),
        simulator: None,
    })
}
