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
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
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

/// A file-system-safe folder name for one connection (base URL + client id), so each
/// connection has its own record store, outbox and keyring entry. The scheme is part of it:
/// `http://host` never shares a secret or a folder with `https://host` (https keeps the plain
/// host name, as before; anything else is prefixed with its scheme).
pub fn connection_key(base_url: &str, client_id: &str) -> String {
    let base = base_url.trim().trim_end_matches('/');
    let (prefix, rest) = match base.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (String::new(), rest),
        Some((scheme, rest)) => (format!("{}-", scheme.to_ascii_lowercase()), rest),
        None => ("noscheme-".to_string(), base),
    };
    let raw = format!("{prefix}{rest}_{client_id}");
    let mut key: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    key.truncate(120);
    key
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
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        );
    }

    #[test]
    fn the_scheme_is_part_of_the_identity() {
        let https = connection_key("https://secure.coachview.net", "abc");
        let http = connection_key("http://secure.coachview.net", "abc");
        assert_ne!(https, http);
        assert_eq!(http, "http-secure.coachview.net_abc");
        let dirs = Dirs::under(std::path::Path::new("/x"));
        assert_ne!(
            dirs.connection("https://h.nl", "a"),
            dirs.connection("http://h.nl", "a")
        );
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
