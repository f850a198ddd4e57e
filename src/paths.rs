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
    pub config: PathBuf,
    pub data: PathBuf,
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

    /// The data folder of one connection.
    pub fn connection(&self, base_url: &str, client_id: &str) -> PathBuf {
        self.data
            .join("connections")
            .join(connection_key(base_url, client_id))
    }
}

/// A file-system-safe folder name for one connection (base URL + client id), so each
/// connection has its own record store and outbox.
pub fn connection_key(base_url: &str, client_id: &str) -> String {
    let raw = format!("{}_{}", base_url.trim_end_matches('/'), client_id);
    let mut key: String = raw
        .trim_start_matches("https://")
        .trim_start_matches("http://")
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

/// The data folder of one connection.
pub fn connection_dir(base_url: &str, client_id: &str) -> PathBuf {
    data_dir()
        .join("connections")
        .join(connection_key(base_url, client_id))
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
}
