//! `coachdesk secret set|forget`: store or remove a connection's client secret in the OS keyring
//! (the same entry the app's Settings use), so an administrator can set up a scheduled CLI job on
//! a server without the GUI. The secret is read from standard input, never from a flag.

use crate::credentials::{CredentialStore, OsKeyring};
use crate::i18n::{Lang, format};
use clap::{Args, Subcommand};
use std::io::{BufRead, Read};
use std::process::ExitCode;

/// Arguments of `coachdesk secret`.
#[derive(Debug, Args)]
pub struct SecretArgs {
    #[command(subcommand)]
    pub(crate) action: SecretAction,
}

/// What to do with the stored secret.
#[derive(Debug, Subcommand)]
pub(crate) enum SecretAction {
    /// Store the client secret read from the first line of standard input (replaces an old one).
    Set(SecretTarget),
    /// Remove the stored client secret of this connection.
    Forget(SecretTarget),
}

/// Which connection's secret.
#[derive(Debug, Clone, Args)]
pub struct SecretTarget {
    /// Coachview base URL, exactly as used by `sync` or in the app's profile
    /// (https://secure.coachview.net, https://training.coachview.net, a tenant host).
    #[arg(long)]
    pub base_url: String,
    /// The API client id.
    #[arg(long)]
    pub client_id: String,
    /// Language of messages: nl or en.
    #[arg(long, env = "COACHDESK_LANG", default_value = "nl")]
    pub lang: String,
}

/// A failure: exit code (2 bad input, 1 keyring) and a message without the secret.
#[derive(Debug, PartialEq)]
pub struct SecretError {
    /// The process exit code: 2 for bad input, 1 for a keyring failure.
    pub code: u8,
    /// What went wrong, worded; never holds the secret.
    pub message: String,
}

/// Runs `coachdesk secret`.
pub fn run(args: SecretArgs) -> ExitCode {
    let result = match &args.action {
        SecretAction::Set(target) => set(target, &mut std::io::stdin().lock(), &OsKeyring),
        SecretAction::Forget(target) => forget(target, &OsKeyring),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.message);
            ExitCode::from(e.code)
        }
    }
}

fn checked_account(target: &SecretTarget, lang: Lang) -> Result<String, SecretError> {
    let base = target.base_url.trim();
    let ok_url = url::Url::parse(base)
        .ok()
        .is_some_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
    if !ok_url {
        return Err(SecretError {
            code: 2,
            message: format(lang, "secret.bad_url", &[("url", &base)]),
        });
    }
    if url::Url::parse(base).is_ok_and(|u| crate::paths::check_no_credentials(&u).is_err()) {
        return Err(SecretError {
            code: 2,
            message: format!(
                "{} {}",
                format(lang, "err.url_credentials.what", &[]),
                format(lang, "err.url_credentials.todo", &[])
            ),
        });
    }
    let client = target.client_id.trim();
    if client.is_empty() {
        return Err(SecretError {
            code: 2,
            message: format(lang, "secret.no_client", &[]),
        });
    }
    Ok(crate::paths::connection_key(base, client))
}

fn keyring_error(lang: Lang, e: crate::credentials::CredentialError) -> SecretError {
    SecretError {
        code: 1,
        message: format(lang, "secret.keyring_failed", &[("error", &e)]),
    }
}

/// `secret set`: reads one line from `stdin` and stores it under the connection's key.
pub fn set(
    target: &SecretTarget,
    stdin: &mut dyn BufRead,
    store: &dyn CredentialStore,
) -> Result<String, SecretError> {
    let lang = Lang::from_code(&target.lang);
    let account = checked_account(target, lang)?;
    let mut line = String::new();
    // A secret is short; a bounded read keeps a runaway pipe from filling memory.
    let read = Read::take(&mut *stdin, 64 * 1024)
        .read_line(&mut line)
        .map_err(|e| SecretError {
            code: 2,
            message: format(lang, "secret.read_failed", &[("error", &e.kind())]),
        })?;
    let secret = line.trim_end_matches(['\r', '\n']);
    if read == 0 || secret.trim().is_empty() {
        return Err(SecretError {
            code: 2,
            message: format(lang, "secret.empty", &[]),
        });
    }
    store
        .set(&account, secret)
        .map_err(|e| keyring_error(lang, e))?;
    Ok(format(
        lang,
        "secret.stored",
        &[
            ("client", &target.client_id.trim()),
            ("url", &target.base_url.trim()),
        ],
    ))
}

/// `secret forget`: removes the connection's secret (says so when there was none).
pub fn forget(target: &SecretTarget, store: &dyn CredentialStore) -> Result<String, SecretError> {
    let lang = Lang::from_code(&target.lang);
    let account = checked_account(target, lang)?;
    let had = store
        .get(&account)
        .map_err(|e| keyring_error(lang, e))?
        .is_some();
    store.delete(&account).map_err(|e| keyring_error(lang, e))?;
    let key = if had {
        "secret.forgotten"
    } else {
        "secret.none_stored"
    };
    Ok(format(
        lang,
        key,
        &[
            ("client", &target.client_id.trim()),
            ("url", &target.base_url.trim()),
        ],
    ))
}

#[cfg(test)]
mod tests;
