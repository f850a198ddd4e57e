//! Connection flags shared by `sync`, `export`, `enrol` and `outbox`, and where the secret comes
//! from: `--secret-stdin`, else `COACHDESK_CLIENT_SECRET`, else the OS keyring. Never a flag.

use crate::api::capabilities::AutoProbe;
use crate::credentials::{CredentialStore, OsKeyring};
use crate::error::WorkerError;
use crate::paths::Dirs;
use crate::session::{Folder, Login, Session};
use clap::Args;
use std::io::BufRead;

/// The environment variable a scheduled job may use for the secret.
pub const SECRET_ENV: &str = "COACHDESK_CLIENT_SECRET";

/// Which Coachview connection to use.
#[derive(Debug, Clone, Args)]
pub(crate) struct ConnectionArgs {
    /// Coachview base URL: https://secure.coachview.net, https://training.coachview.net, a
    /// tenant host, or the simulator (http://127.0.0.1:8787).
    #[arg(long, default_value = "http://127.0.0.1:8787", value_parser = base_url_arg)]
    pub base_url: String,
    /// The API client id.
    #[arg(long, default_value = "demo")]
    pub client_id: String,
    /// Space-separated scopes to request (default: none, the client's own).
    #[arg(long)]
    pub scope: Option<String>,
    /// Read the client secret from the first line of standard input.
    #[arg(long)]
    pub secret_stdin: bool,
    /// Never run the probe on its own (it runs once per tenant before the first job, about a
    /// dozen read-only requests): only the documented query forms until `coachdesk probe`.
    #[arg(long, env = "COACHDESK_NO_PROBE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_probe: bool,
}

/// `--base-url` is refused before anything is opened when it carries a user name or password
/// (it would name the data folder and the keyring account).
fn base_url_arg(s: &str) -> Result<String, String> {
    match url::Url::parse(s.trim()) {
        Ok(u) if crate::paths::check_no_credentials(&u).is_err() => {
            let lang = crate::i18n::Lang::from_code(
                &std::env::var("COACHDESK_LANG").unwrap_or_else(|_| "nl".into()),
            );
            let say = |key: &str| crate::i18n::Text::key(key).in_lang(lang);
            Err(format!(
                "{} {}",
                say("err.url_credentials.what"),
                say("err.url_credentials.todo")
            ))
        }
        _ => Ok(s.to_string()),
    }
}

impl ConnectionArgs {
    /// This connection's data folder (record store, outbox), under `COACHDESK_HOME` or the OS
    /// folders.
    pub(crate) fn folder(&self) -> Folder {
        Folder::of(&Dirs::from_env(), &self.base_url, &self.client_id)
    }

    /// The session of this connection (the secret from stdin, environment or keyring), started
    /// informed: the tenant's capabilities and last rate limit come from disk (so a run after a
    /// 429 waits for the reset without asking), and what it learns is kept when it is dropped.
    /// `timeout_secs`: per request (default 60, bounded to 1 s … 1 h).
    pub(crate) fn session(&self, timeout_secs: Option<u64>) -> Result<CliSession, WorkerError> {
        let secret = self.secret()?;
        let mut login =
            Login::new(&self.base_url, &self.client_id, secret).scopes(self.scope.as_deref());
        if let Some(secs) = timeout_secs {
            login = login.timeout_secs(secs);
        }
        let session = Session::in_folder(self.folder(), login)?;
        session.restore_tenant();
        // Every 429 wait is told on stderr as it starts (whatever command is waiting).
        session.client().on_wait(|until| {
            let secs = (until - crate::clock::Clock::system().now_utc())
                .num_seconds()
                .max(0);
            eprintln!(
                "rate limit: waiting {secs} s before asking Coachview again (Ctrl-C cancels)"
            );
        });
        let auto = if self.no_probe {
            AutoProbe::Never
        } else {
            AutoProbe::Once
        };
        Ok(CliSession(session, auto))
    }

    /// Finds the secret; the error says why none was found and never holds a secret.
    pub(crate) fn secret(&self) -> Result<String, WorkerError> {
        self.secret_from(&mut std::io::stdin().lock(), &OsKeyring)
    }

    /// As [`Self::secret`], with the input and keyring given (for tests).
    pub(crate) fn secret_from(
        &self,
        stdin: &mut dyn BufRead,
        keyring: &dyn CredentialStore,
    ) -> Result<String, WorkerError> {
        if self.secret_stdin {
            let mut line = String::new();
            stdin.read_line(&mut line).map_err(|e| {
                WorkerError::Input(format!(
                    "could not read the secret from standard input: {e}"
                ))
            })?;
            let secret = line.trim_end_matches(['\r', '\n']).to_string();
            if secret.is_empty() {
                return Err(WorkerError::Input(
                    "--secret-stdin was given but standard input was empty".into(),
                ));
            }
            return Ok(secret);
        }
        if let Ok(secret) = std::env::var(SECRET_ENV)
            && !secret.is_empty()
        {
            return Ok(secret);
        }
        match crate::credentials::connection_secret(keyring, &self.base_url, &self.client_id) {
            Ok(Some(secret)) => Ok(secret),
            Ok(None) => Err(WorkerError::NoSecret),
            Err(e) => Err(WorkerError::Keyring(e)),
        }
    }
}

/// A CLI command's session; keeps the tenant state (capabilities, rate limit) when dropped.
pub struct CliSession(Session, AutoProbe);

impl CliSession {
    /// Before a job that talks to Coachview: the probe, once per tenant (and again after a
    /// fallback or 30 days) unless `--no-probe`; said on stderr first, since it costs requests.
    /// A failed probe is told and the job goes on with the documented forms.
    pub async fn probe_if_due(&self) {
        if self.1 == AutoProbe::Never || !self.0.probe_due() {
            return;
        }
        eprintln!(
            "first use of this Coachview tenant: finding out which query forms it supports \
             (about {} read-only requests; --no-probe skips this)",
            crate::api::probe::USUAL_REQUESTS
        );
        match self.0.probe(crate::clock::Clock::system().today()).await {
            Ok(report) => eprintln!("probe done ({} requests)", report.requests),
            Err(e) => {
                eprintln!("the probe stopped ({e}); going on with the documented query forms")
            }
        }
    }
}

impl std::ops::Deref for CliSession {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.0
    }
}

impl Drop for CliSession {
    fn drop(&mut self) {
        if let Err(e) = self.0.save_tenant() {
            eprintln!("warning: could not keep what was learned about the tenant: {e}");
        }
    }
}
