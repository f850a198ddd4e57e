//! Where coachdesk keeps config, data and logs: `COACHDESK_HOME` or the OS's usual folders.

use std::path::PathBuf;

/// The environment variable that puts everything under one folder (tests, CI, portable installs).
pub const HOME_ENV: &str = "COACHDESK_HOME";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("nl", "coachdesk", "coachdesk")
}

fn home_override() -> Option<PathBuf> {
    std::env::var_os(HOME_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn pick(sub: &str, os: impl FnOnce(&directories::ProjectDirs) -> PathBuf) -> PathBuf {
    if let Some(home) = home_override() {
        return home.join(sub);
    }
    match project_dirs() {
        Some(dirs) => os(&dirs),
        // No home directory at all (rare service accounts): fall back to the working directory.
        None => PathBuf::from(".coachdesk").join(sub),
    }
}

/// Profiles and settings (never a secret).
pub fn config_dir() -> PathBuf {
    pick("config", |d| d.config_dir().to_path_buf())
}

/// SQLite stores (record cache, sync cursors, outbox) and UI state.
pub fn data_dir() -> PathBuf {
    pick("data", |d| d.data_dir().to_path_buf())
}

/// Rolling log files.
pub fn log_dir() -> PathBuf {
    pick("logs", |d| d.data_local_dir().join("logs"))
}

/// The three folders of one coachdesk installation; tests use [`Dirs::under`] so parallel tests
/// never share files (the environment variable is process-wide).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Holds `profiles.json` (never a secret).
    pub config: PathBuf,
    /// Holds the per-connection stores and outboxes.
    pub data: PathBuf,
    /// Holds the log files.
    pub logs: PathBuf,
}

impl Dirs {
    /// `COACHDESK_HOME` or the OS folders.
    pub fn from_env() -> Dirs {
        Dirs {
            config: config_dir(),
            data: data_dir(),
            logs: log_dir(),
        }
    }

    /// Everything under `root` (as `COACHDESK_HOME=root` would).
    pub fn under(root: &std::path::Path) -> Dirs {
        Dirs {
            config: root.join("config"),
            data: root.join("data"),
            logs: root.join("logs"),
        }
    }

    /// The data folder of one connection (the one path API for it; `session::Folder` wraps it).
    pub fn connection(&self, base_url: &str, client_id: &str) -> PathBuf {
        self.data
            .join("connections")
            .join(connection_key(base_url, client_id))
    }

    /// The folder this connection had before keys were made injective, when it can only have
    /// been this connection's ([`legacy_connection_key`]).
    pub fn legacy_connection(&self, base_url: &str, client_id: &str) -> Option<PathBuf> {
        legacy_connection_key(base_url, client_id)
            .map(|key| self.data.join("connections").join(key))
    }
}

/// Creates a folder (and its parents) that only the owner can enter (`0700` on Unix; on
/// Windows the user's profile folders are private already).
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Creates `path` empty with owner-only permissions when it does not exist, and tightens it
/// when it does (`0600` on Unix).
pub fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    drop(options.open(path)?);
    restrict_file(path);
    Ok(())
}

/// Makes an existing file owner-only (best effort: a missing file is fine).
pub fn restrict_file(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if path.exists() {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Moves a damaged file out of the way as `<name>.damaged-<yyyymmdd-hhmmss>` (never
/// overwritten, never deleted) and returns where it went.
pub fn move_aside(path: &std::path::Path) -> std::io::Result<PathBuf> {
    let stamp = crate::clock::Clock::system()
        .now_local()
        .format("%Y%m%d-%H%M%S");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let mut target = path.with_file_name(format!("{name}.damaged-{stamp}"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = path.with_file_name(format!("{name}.damaged-{stamp}-{n}"));
    }
    std::fs::rename(path, &target)?;
    Ok(target)
}

/// True for a host that never leaves this machine (`127.0.0.0/8`, `::1`, `localhost`).
pub fn is_loopback_host(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Only `https`, or plain `http` to this machine (the simulator): a secret and personal data
/// never travel unencrypted.
pub fn check_scheme(url: &url::Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback_host(url) => Ok(()),
        "http" => Err(format!(
            "{url}: plain http is only allowed for this computer (127.0.0.1, localhost); use https://"
        )),
        other => Err(format!("{url}: unsupported scheme {other:?}; use https://")),
    }
}

/// The refusal of a base URL that carries a user name or password (`https://user:pw@host`);
/// the words are matched by [`crate::message`] for the planner's message.
pub const URL_CREDENTIALS: &str = "credentials (name:…@) in the address are not allowed";

/// A base URL never carries a user name or password: the client secret lives in the keyring,
/// and an address ends up in folder names, keyring accounts, profiles and logs. The error shows
/// the address without them.
pub fn check_no_credentials(url: &url::Url) -> Result<(), String> {
    if url.username().is_empty() && url.password().is_none() {
        return Ok(());
    }
    Err(format!(
        "{}: {URL_CREDENTIALS}; put the client secret in the keyring (coachdesk secret set)",
        without_credentials(url.as_str())
    ))
}

/// `s` (a base URL as typed) with anything between `://` and an `@` of the host part removed,
/// for messages and keys: `https://u:p@host/x` → `https://host/x`.
pub fn without_credentials(s: &str) -> String {
    let Some((scheme, rest)) = s.split_once("://") else {
        return s.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => s.to_string(),
    }
}

/// The characters a key keeps as they are.
fn key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// The base URL as a connection key sees it: trimmed, no trailing `/`, no user name or
/// password, the scheme lower-case. Returns (scheme, the rest).
fn key_parts(base_url: &str) -> (Option<String>, String) {
    let base = without_credentials(base_url.trim());
    let base = base.trim_end_matches('/');
    match base.split_once("://") {
        Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest.to_string()),
        None => (None, base.to_string()),
    }
}

/// A file-system-safe folder name for one connection (base URL + client id), so each
/// connection has its own record store, outbox and keyring entry. Injective: two different
/// connections never share a key. `https://host` with a client id of letters, digits, `-` and
/// `.` keeps the plain readable form `host_id` (as before); anything else (another scheme, a
/// port or path, a space or `_` in the id, a very long name) is a readable but lossy form
/// followed by `~` and a hash of the exact connection, which no plain form contains.
pub fn connection_key(base_url: &str, client_id: &str) -> String {
    let (scheme, rest) = key_parts(base_url);
    let plain = scheme.as_deref() == Some("https")
        && !rest.is_empty()
        && !client_id.is_empty()
        && rest.chars().all(key_char)
        && client_id.chars().all(key_char)
        && rest.len() + client_id.len() < 120;
    if plain {
        return format!("{rest}_{client_id}");
    }
    let exact = format!("{}://{rest}\n{client_id}", scheme.as_deref().unwrap_or(""));
    let mut readable = legacy_key(base_url, client_id);
    readable.truncate(100);
    format!("{readable}~{:016x}", fnv1a64(exact.as_bytes()))
}

/// The key coachdesk used before keys were made injective (lossy: `team a` and `team_a`
/// shared one), still the name of older folders and keyring accounts.
fn legacy_key(base_url: &str, client_id: &str) -> String {
    let base = without_credentials(base_url.trim());
    let base = base.trim_end_matches('/');
    let (prefix, rest) = match base.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (String::new(), rest),
        Some((scheme, rest)) => (format!("{}-", scheme.to_ascii_lowercase()), rest),
        None => ("noscheme-".to_string(), base),
    };
    let raw = format!("{prefix}{rest}_{client_id}");
    let mut key: String = raw
        .chars()
        .map(|c| if key_char(c) { c } else { '_' })
        .collect();
    key.truncate(120);
    key
}

/// The older key of this connection when it differs from today's and can only have been this
/// connection's: the client id is letters, digits, `-` and `.` only (an id with a space or `_`
/// shared its old key with others, so its old folder is not taken over) and the key was not
/// cut. `None` otherwise.
pub fn legacy_connection_key(base_url: &str, client_id: &str) -> Option<String> {
    let old = legacy_key(base_url, client_id);
    let unambiguous = !client_id.is_empty() && client_id.chars().all(key_char) && old.len() < 120;
    (unambiguous && old != connection_key(base_url, client_id)).then_some(old)
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions and platforms (folder
/// names must).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_key_is_safe_and_distinct() {
        let a = connection_key("https://secure.coachview.net/", "abc");
        let b = connection_key("https://training.coachview.net", "abc");
        assert_eq!(a, "secure.coachview.net_abc");
        assert_ne!(a, b);
        let sim = connection_key("http://127.0.0.1:8787", "demo");
        assert!(
            sim.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        );
    }

    #[test]
    fn the_scheme_is_part_of_the_identity() {
        let https = connection_key("https://secure.coachview.net", "abc");
        let http = connection_key("http://secure.coachview.net", "abc");
        assert_ne!(https, http);
        assert!(http.starts_with("http-secure.coachview.net_abc~"), "{http}");
        // An https host named like the other form does not share it either.
        assert_ne!(
            connection_key("https://http-secure.coachview.net", "abc"),
            http
        );
        let dirs = Dirs::under(std::path::Path::new("/x"));
        assert_ne!(
            dirs.connection("https://h.nl", "a"),
            dirs.connection("http://h.nl", "a")
        );
    }

    #[test]
    fn connection_keys_are_injective() {
        let host = "https://secure.coachview.net";
        let keys: Vec<String> = ["team a", "team_a", "team:a", "team/a", "Team_a", "team a "]
            .iter()
            .map(|id| connection_key(host, id))
            .collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(
                a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
            );
            assert!(a.len() <= 120, "{a}");
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let long = "x".repeat(300);
        assert_ne!(
            connection_key(host, &format!("{long}1")),
            connection_key(host, &format!("{long}2"))
        );
        // The common form is unchanged, so existing folders and keyring accounts stay valid.
        assert_eq!(connection_key(host, "abc"), "secure.coachview.net_abc");
        assert_eq!(legacy_connection_key(host, "abc"), None);
        // A changed key names its old folder only when that can only have been this id's.
        assert_eq!(
            legacy_connection_key("http://127.0.0.1:8787", "demo").as_deref(),
            Some("http-127.0.0.1_8787_demo")
        );
        assert_eq!(legacy_connection_key(host, "team a"), None);
        assert_eq!(legacy_connection_key(host, "team_a"), None);
    }

    #[test]
    fn credentials_in_a_base_url_are_refused_and_never_in_a_key() {
        let url = url::Url::parse("https://planner:hunter2@secure.coachview.net").unwrap();
        let e = check_no_credentials(&url).unwrap_err();
        assert!(!e.contains("hunter2") && !e.contains("planner"), "{e}");
        assert!(e.contains("secure.coachview.net"));
        let key = connection_key("https://planner:hunter2@secure.coachview.net", "abc");
        assert!(!key.contains("hunter2"), "{key}");
        assert_eq!(
            without_credentials("https://u:p@w@h.nl:1/x@y"),
            "https://h.nl:1/x@y"
        );
        assert!(check_no_credentials(&url::Url::parse("https://h.nl/x@y").unwrap()).is_ok());
    }

    #[test]
    fn only_loopback_may_be_plain_http() {
        let ok = |s: &str| check_scheme(&url::Url::parse(s).unwrap()).is_ok();
        assert!(ok("https://secure.coachview.net"));
        assert!(ok("http://127.0.0.1:8787"));
        assert!(ok("http://127.5.0.1:8787"));
        assert!(ok("http://localhost:1"));
        assert!(ok("http://[::1]:1"));
        assert!(!ok("http://secure.coachview.net"));
        assert!(!ok("http://192.168.1.10"));
        assert!(!ok("http://127.0.0.1.evil.nl"));
        assert!(!ok("ftp://127.0.0.1"));
    }
}
