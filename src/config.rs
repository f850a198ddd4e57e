//! Connection profiles (host, client id, scopes) in the config folder. Never a secret.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The live Coachview host.
pub(crate) const LIVE_URL: &str = "https://secure.coachview.net";
/// The training (test) Coachview host.
pub(crate) const TRAINING_URL: &str = "https://training.coachview.net";

/// Which Coachview environment a profile talks to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "url", rename_all = "lowercase")]
pub enum Environment {
    /// Coachview's live environment (`LIVE_URL`).
    Live,
    /// Coachview's training environment (`TRAINING_URL`).
    Training,
    /// A tenant host (`https://x.coachview.com`) or the simulator.
    Custom(String),
}

impl Environment {
    /// The base URL without a trailing slash, and without a user name or password (a profile
    /// saved by an older version may hold one; it is never used, keyed or shown).
    pub(crate) fn base_url(&self) -> String {
        match self {
            Environment::Live => LIVE_URL.to_string(),
            Environment::Training => TRAINING_URL.to_string(),
            Environment::Custom(url) => {
                crate::paths::without_credentials(url.trim().trim_end_matches('/'))
            }
        }
    }
}

/// One saved connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The name the planner gave the profile (unique in the file).
    pub name: String,
    /// Which Coachview environment it talks to.
    pub environment: Environment,
    /// The OAuth client id (the secret lives in the keyring).
    pub client_id: String,
    /// Space-separated scopes to request; empty = the client's own.
    #[serde(default)]
    pub scopes: String,
    /// True for the built-in demo (simulator started in-process, demo credentials).
    #[serde(default)]
    pub demo: bool,
}

impl Profile {
    /// The keyring account and store folder of this profile.
    pub fn key(&self) -> String {
        crate::paths::connection_key(&self.environment.base_url(), &self.client_id)
    }
}

/// Everything in `profiles.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The saved profiles, in the order shown.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// The profile used last.
    #[serde(default)]
    pub last_profile: Option<String>,
}

/// Why the config could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read or written.
    #[error("could not read or write {path}: {source}")]
    Io {
        /// The profiles file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not valid profiles JSON.
    #[error("{path} is not valid: {source}")]
    Parse {
        /// The profiles file.
        path: PathBuf,
        /// The JSON error.
        source: serde_json::Error,
    },
    /// The file could not be read as profiles; it was moved to `moved_to` (kept, never
    /// overwritten) and an empty config is used.
    #[error("{path} could not be read ({problem}); it was kept as {moved_to}")]
    Damaged {
        /// The profiles file.
        path: PathBuf,
        /// Where the damaged file was moved.
        moved_to: PathBuf,
        /// Why it could not be read.
        problem: String,
    },
}

impl Config {
    /// Loads the config; a missing file is an empty config. A file that is not valid profiles
    /// is moved aside (`profiles.json.damaged-<time>`) and reported as [`ConfigError::Damaged`],
    /// so the next save writes a new file and never overwrites the planner's old one.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match serde_json::from_str(text) {
            Ok(config) => Ok(config),
            Err(source) => match crate::paths::move_aside(path) {
                Ok(moved_to) => Err(ConfigError::Damaged {
                    path: path.to_path_buf(),
                    moved_to,
                    problem: source.to_string(),
                }),
                Err(_) => Err(ConfigError::Parse {
                    path: path.to_path_buf(),
                    source,
                }),
            },
        }
    }

    /// Loads the config for the app: a damaged file gives an empty config plus the message to
    /// show once; any other failure gives an empty config and a message too.
    pub(crate) fn load_for_app(path: &Path) -> (Config, Option<ConfigError>) {
        match Config::load(path) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(e)),
        }
    }

    /// Saves atomically (write a temporary file, then rename), so a crash never leaves half a file;
    /// on Windows a rename blocked by another program's open handle is retried briefly
    /// ([`crate::atomic_file`]).
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let io = |source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        // A user name or password in an address is never written (an older file may hold one).
        let mut clean = self.clone();
        for profile in &mut clean.profiles {
            if let Environment::Custom(url) = &mut profile.environment {
                *url = crate::paths::without_credentials(url);
            }
        }
        let text = serde_json::to_string_pretty(&clean).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source,
        })?;
        crate::atomic_file::write(path, text.as_bytes()).map_err(io)
    }

    /// The profile with this name.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// Adds or replaces the profile with the same name.
    pub(crate) fn upsert(&mut self, profile: Profile) {
        match self.profiles.iter_mut().find(|p| p.name == profile.name) {
            Some(existing) => *existing = profile,
            None => self.profiles.push(profile),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_an_address_is_never_used_keyed_or_saved() {
        let dir = std::env::temp_dir().join(format!("coachdesk-config-{}", uuid::Uuid::new_v4()));
        let path = dir.join("profiles.json");
        let profile = Profile {
            name: "Oud".into(),
            environment: Environment::Custom("https://planner:hunter2@x.coachview.com/".into()),
            client_id: "abc".into(),
            scopes: String::new(),
            demo: false,
        };
        assert_eq!(profile.environment.base_url(), "https://x.coachview.com");
        assert!(!profile.key().contains("hunter2"));
        let mut config = Config::default();
        config.upsert(profile);
        config.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("hunter2") && !text.contains("planner"),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn save_and_load_round_trip() {
        let dir = std::env::temp_dir().join(format!("coachdesk-config-{}", uuid::Uuid::new_v4()));
        let path = dir.join("profiles.json");
        assert_eq!(Config::load(&path).unwrap(), Config::default());
        let mut config = Config::default();
        config.upsert(Profile {
            name: "Live".into(),
            environment: Environment::Live,
            client_id: "abc".into(),
            scopes: "api Aanvragen.Lezen".into(),
            demo: false,
        });
        config.upsert(Profile {
            name: "Test".into(),
            environment: Environment::Custom("http://127.0.0.1:9/".into()),
            client_id: "x".into(),
            scopes: String::new(),
            demo: false,
        });
        config.save(&path).unwrap();
        let loaded = Config::load(&path).unwrap();
        assert_eq!(loaded, config);
        assert_eq!(
            loaded.profile("Test").unwrap().environment.base_url(),
            "http://127.0.0.1:9"
        );
        std::fs::write(&path, "{not json").unwrap();
        let Err(ConfigError::Damaged { moved_to, .. }) = Config::load(&path) else {
            panic!("a damaged file is reported");
        };
        // Kept byte for byte, out of the way; the next save cannot overwrite it.
        assert_eq!(std::fs::read_to_string(&moved_to).unwrap(), "{not json");
        assert!(!path.exists());
        config.save(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&moved_to).unwrap(), "{not json");
        assert_eq!(Config::load(&path).unwrap(), config);
        std::fs::write(&path, "\u{feff}{\"profiles\": []}").unwrap();
        assert_eq!(Config::load(&path).unwrap(), Config::default());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
