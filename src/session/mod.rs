//! One connection to Coachview as the app's worker and the command line both use it: its data
//! folder and the names of the files in it, the API client (one builder), opening the record
//! store and the outbox, what was learned about the tenant, fetching a range ([`fetch`]) and
//! sending an enrolment ([`enrol`]). The worker's connection and every CLI command are thin
//! users of it, so a behaviour exists once.

pub mod courses;
pub mod enrol;
mod export;
pub mod fetch;
pub mod names;
mod people;

pub use enrol::{Enrolled, Queued, Reused, needs_sending};
pub use export::StoredExport;
pub(crate) use export::unnamed_in;
pub use fetch::Span;

use crate::api::{ApiError, Client, ClientConfig};
use crate::error::WorkerError;
use crate::outbox::Outbox;
use crate::paths::Dirs;
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The record store's file name in a connection's folder.
pub const RECORDS_FILE: &str = "records.sqlite";
/// The outbox's file name in a connection's folder (next to the record store, so the record
/// cache can be deleted without touching unsent enrolments).
pub(crate) const OUTBOX_FILE: &str = "outbox.sqlite";
/// The profiles file's name in the config folder (never holds a secret).
pub(crate) const CONFIG_FILE: &str = "profiles.json";
/// The demo's folder key (base URL, client id): stable, though the demo's port is not.
pub const DEMO_STORE: (&str, &str) = ("demo", "demo");

/// The default per-request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Where the profiles file of `dirs` is.
pub(crate) fn config_path(dirs: &Dirs) -> PathBuf {
    dirs.config.join(CONFIG_FILE)
}

/// One connection's data folder: the record store, the outbox and the tenant file. Everything
/// in it is owner-only (`0700` folder, `0600` stores).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    dir: PathBuf,
    /// The folder this connection had under its older, lossy key (see
    /// [`crate::paths::legacy_connection_key`]); taken over when first used.
    legacy: Option<PathBuf>,
}

impl Folder {
    /// The folder of the connection (base URL, client id) under `dirs`.
    pub fn of(dirs: &Dirs, base_url: &str, client_id: &str) -> Folder {
        Folder {
            dir: dirs.connection(base_url, client_id),
            legacy: dirs.legacy_connection(base_url, client_id),
        }
    }

    /// The demo's folder (the same whatever port the demo simulator gets).
    pub(crate) fn demo(dirs: &Dirs) -> Folder {
        Folder::of(dirs, DEMO_STORE.0, DEMO_STORE.1)
    }

    /// A folder given as a path (a test's temporary folder).
    pub fn at(dir: impl Into<PathBuf>) -> Folder {
        Folder {
            dir: dir.into(),
            legacy: None,
        }
    }

    /// The folder itself.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The record store file.
    pub fn records_path(&self) -> PathBuf {
        self.dir.join(RECORDS_FILE)
    }

    /// The outbox file.
    pub(crate) fn outbox_path(&self) -> PathBuf {
        self.dir.join(OUTBOX_FILE)
    }

    /// Takes over the folder this connection had under its older key (renamed, once, when this
    /// one does not exist yet). Blocking; a failure is logged and the new folder is used.
    pub(crate) fn adopt_legacy(&self) {
        let Some(old) = &self.legacy else {
            return;
        };
        if self.dir.exists() || !old.is_dir() {
            return;
        }
        match std::fs::rename(old, &self.dir) {
            Ok(()) => tracing::info!(
                "connection folder {} renamed to {}",
                old.display(),
                self.dir.display()
            ),
            Err(e) => tracing::warn!("could not take over {}: {e}", old.display()),
        }
    }

    fn create(&self) -> Result<(), WorkerError> {
        self.adopt_legacy();
        crate::paths::create_private_dir(&self.dir).map_err(|source| WorkerError::Folder {
            path: self.dir.clone(),
            source,
        })
    }

    /// Opens (creating when needed) the record store; a fresh SQLite connection per call (WAL
    /// lets readers run beside a writer). Blocking.
    pub fn open_store(&self) -> Result<Store, WorkerError> {
        // Owner-only: the record store holds names, addresses and IBANs.
        self.create()?;
        let path = self.records_path();
        crate::paths::create_private_file(&path).map_err(|source| WorkerError::Folder {
            path: path.clone(),
            source,
        })?;
        Ok(Store::open(&path)?)
    }

    /// Opens the record store only when one exists (nothing was ever fetched: `None`). Blocking.
    pub fn open_existing_store(&self) -> Result<Option<Store>, WorkerError> {
        self.adopt_legacy();
        if !self.records_path().exists() {
            return Ok(None);
        }
        self.open_store().map(Some)
    }

    /// Opens (creating and migrating when needed) the outbox. Blocking.
    pub(crate) fn open_outbox(&self) -> Result<Outbox, WorkerError> {
        self.create()?;
        let path = self.outbox_path();
        Ok(Outbox::open(&path)?)
    }
}

/// Who connects and how: the one place a [`Client`] is configured. `Debug` redacts the secret.
#[derive(Clone)]
pub struct Login {
    /// The API's base URL, as given.
    pub base_url: String,
    /// The OAuth client id.
    pub client_id: String,
    secret: String,
    /// Space-separated scopes to ask for; `None` = the client's own.
    pub scopes: Option<String>,
    /// Per-request timeout (1 s to 1 h).
    pub timeout: Duration,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Login {
    /// A login with the client's own scopes and a 60 s timeout.
    pub fn new(base_url: &str, client_id: &str, secret: String) -> Login {
        Login {
            base_url: base_url.to_string(),
            client_id: client_id.to_string(),
            secret,
            scopes: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Asks for these scopes (blank: the client's own).
    pub(crate) fn scopes(mut self, scopes: Option<&str>) -> Login {
        self.scopes = scopes
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        self
    }

    /// A per-request timeout of `secs` seconds, bounded to 1 s … 1 h.
    pub(crate) fn timeout_secs(mut self, secs: u64) -> Login {
        self.timeout = Duration::from_secs(secs.clamp(1, 3_600));
        self
    }

    fn client(self) -> Result<Client, ApiError> {
        Client::new(ClientConfig {
            base_url: self.base_url,
            client_id: self.client_id,
            client_secret: self.secret,
            scopes: self.scopes,
            timeout: self.timeout,
        })
    }
}

/// A connection in use: its folder and its API client.
pub struct Session {
    folder: Folder,
    client: Client,
    /// What "now" and "today" are to this connection's jobs (the app's clock in the worker).
    clock: crate::clock::Clock,
}

impl Session {
    /// The session of `login` with its own folder under `dirs`. Does no I/O; call
    /// [`Session::restore_tenant`] to start informed.
    pub(crate) fn open(dirs: &Dirs, login: Login) -> Result<Session, ApiError> {
        let folder = Folder::of(dirs, &login.base_url, &login.client_id);
        Session::in_folder(folder, login)
    }

    /// The session of `login` keeping its data in `folder` (the demo's fixed folder).
    pub fn in_folder(folder: Folder, login: Login) -> Result<Session, ApiError> {
        Ok(Session {
            folder,
            client: login.client()?,
            clock: crate::clock::Clock::system(),
        })
    }

    /// The session on `clock` (the worker gives it the app's).
    pub fn with_clock(mut self, clock: crate::clock::Clock) -> Session {
        self.clock = clock;
        self
    }

    /// The session's clock.
    pub fn clock(&self) -> &crate::clock::Clock {
        &self.clock
    }

    /// The outbox of this session's folder, on the session's clock. Blocking.
    pub fn open_outbox(&self) -> Result<Outbox, WorkerError> {
        Ok(self.folder.open_outbox()?.with_clock(self.clock.clone()))
    }

    /// The API client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The data folder.
    pub(crate) fn folder(&self) -> &Folder {
        &self.folder
    }

    /// The data folder's path.
    pub fn dir(&self) -> &Path {
        self.folder.path()
    }

    /// Starts the client informed: the tenant's known capabilities and last rate limit, from
    /// `tenant.json` (a missing or unreadable file: nothing known). Blocking (a small file).
    pub fn restore_tenant(&self) {
        self.folder.adopt_legacy();
        self.client
            .restore(crate::api::capabilities::load(self.folder.path()));
    }

    /// [`Session::restore_tenant`] on a blocking thread.
    pub(crate) async fn restore_tenant_async(&self) {
        let folder = self.folder.clone();
        if let Ok(state) = tokio::task::spawn_blocking(move || {
            folder.adopt_legacy();
            crate::api::capabilities::load(folder.path())
        })
        .await
        {
            self.client.restore(state);
        }
    }

    /// Whether the probe should run on its own before this connection's next job (see
    /// [`crate::api::Capabilities::probe_due`]); never while the daily limit is known used up.
    pub fn probe_due(&self) -> bool {
        self.client.may_send() && self.client.capabilities().probe_due(self.clock.now_utc())
    }

    /// The probe (about a dozen read-only requests): finds what this tenant does with each
    /// unconfirmed fact and keeps it in `tenant.json`. The one way the app's connection test,
    /// its probe on first connection, `coachdesk probe` and the CLI's probe before a job run it.
    /// A failed probe keeps what was known before, and is not tried on its own again that day.
    pub async fn probe(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<crate::api::probe::ProbeReport, ApiError> {
        let result = crate::api::probe::probe(&self.client, today).await;
        let now = self.clock.now_utc();
        self.client
            .update_capabilities(|c| c.probe_tried_at = Some(now));
        self.save_tenant_async().await;
        result
    }

    /// Keeps what was learned about the tenant (capabilities, rate limit) in `tenant.json`.
    pub fn save_tenant(&self) -> std::io::Result<()> {
        crate::api::capabilities::save(self.folder.path(), &self.client.tenant_state())
    }

    /// [`Session::save_tenant`] on a blocking thread; a failure is logged (the next run only
    /// starts less informed).
    pub(crate) async fn save_tenant_async(&self) {
        let dir = self.folder.path().to_path_buf();
        let state = self.client.tenant_state();
        let saved =
            tokio::task::spawn_blocking(move || crate::api::capabilities::save(&dir, &state)).await;
        if let Ok(Err(e)) = saved {
            tracing::warn!("could not keep the tenant state: {e}");
        }
    }
}

#[cfg(test)]
mod tests;
