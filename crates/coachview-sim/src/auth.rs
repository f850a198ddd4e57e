//! `POST /auth/connect/token` (client credentials) and bearer-token checks with scopes.

use super::config::{SimClient, all_scopes};
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What an issued token grants.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The client the token was issued to.
    pub client_id: String,
    /// The scopes the token carries.
    pub scopes: Vec<String>,
    /// When the token stops being accepted.
    pub expires: Instant,
}

/// Issued tokens, by token text.
#[derive(Debug, Default)]
pub struct Tokens {
    by_token: HashMap<String, Grant>,
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerError {
    /// No `Authorization: Bearer` header.
    Missing,
    /// A token the simulator never issued (or has forgotten).
    Unknown,
    /// A token past its expiry.
    Expired,
}

impl BearerError {
    /// The `WWW-Authenticate` value for the 401.
    pub fn challenge(self) -> &'static str {
        match self {
            BearerError::Missing => "Bearer",
            BearerError::Unknown => "Bearer error=\"invalid_token\"",
            BearerError::Expired => {
                "Bearer error=\"invalid_token\", error_description=\"The token expired\""
            }
        }
    }
}

fn oauth_error(error: &str, description: &str) -> (StatusCode, Value) {
    (
        StatusCode::BAD_REQUEST,
        json!({"error": error, "error_description": description}),
    )
}

impl Tokens {
    /// Handles a token request body (form-encoded). `Ok` is the 200 body.
    pub fn issue(
        &mut self,
        clients: &[SimClient],
        form: &[u8],
        lifetime_secs: u64,
    ) -> Result<Value, (StatusCode, Value)> {
        let fields: HashMap<String, String> =
            url::form_urlencoded::parse(form).into_owned().collect();
        let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
        if get("grant_type") != "client_credentials" {
            return Err(oauth_error(
                "invalid_client",
                "grant_type must be client_credentials",
            ));
        }
        let client = clients
            .iter()
            .find(|c| c.id == get("client_id") && c.secret == get("client_secret"))
            .ok_or_else(|| oauth_error("invalid_client", "unknown client or wrong secret"))?;
        let scopes: Vec<String> = match fields.get("scope").map(|s| s.trim()) {
            None | Some("") => client.scopes.clone(),
            Some(requested) => {
                let known = all_scopes();
                let mut granted = Vec::new();
                for scope in requested.split_whitespace() {
                    let is_known = known.iter().any(|k| k == scope)
                        || clients.iter().any(|c| c.scopes.iter().any(|s| s == scope));
                    if !is_known {
                        return Err(oauth_error(
                            "invalid_scope",
                            &format!("unknown scope: {scope}"),
                        ));
                    }
                    if client.scopes.iter().any(|s| s == scope) && !granted.contains(&scope) {
                        granted.push(scope);
                    }
                }
                granted.into_iter().map(String::from).collect()
            }
        };
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        self.by_token.insert(
            token.clone(),
            Grant {
                client_id: client.id.clone(),
                scopes: scopes.clone(),
                expires: coachview::clock::Clock::system().instant()
                    + Duration::from_secs(lifetime_secs),
            },
        );
        Ok(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime_secs,
            "scope": scopes.join(" "),
        }))
    }

    /// Checks the `Authorization: Bearer …` header.
    /// Every token handed out so far (tests check none leaks into files or logs).
    pub fn issued(&self) -> Vec<String> {
        self.by_token.keys().cloned().collect()
    }

    /// The grant of the request's bearer token, or why it is refused.
    pub fn check(&self, headers: &HeaderMap) -> Result<Grant, BearerError> {
        let value = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(BearerError::Missing)?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim)
            .ok_or(BearerError::Unknown)?;
        let grant = self.by_token.get(token).ok_or(BearerError::Unknown)?;
        if coachview::clock::Clock::system().instant() >= grant.expires {
            return Err(BearerError::Expired);
        }
        Ok(grant.clone())
    }
}

impl Grant {
    /// The first of the needed scopes this grant lacks (`api` is always needed).
    pub fn missing_scope(&self, needed: &str) -> Option<String> {
        ["api", needed]
            .into_iter()
            .find(|s| !self.scopes.iter().any(|g| g == s))
            .map(String::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clients() -> Vec<SimClient> {
        vec![
            SimClient {
                id: "demo".into(),
                secret: "demo".into(),
                scopes: all_scopes(),
            },
            SimClient {
                id: "r".into(),
                secret: "s".into(),
                scopes: vec!["api".into(), "Aanvragen.Lezen".into()],
            },
        ]
    }

    #[test]
    fn token_scopes_narrow_and_unknown_scope_fails() {
        let mut t = Tokens::default();
        let ok = t
            .issue(&clients(), b"grant_type=client_credentials&client_id=r&client_secret=s&scope=api+Personen.Lezen", 60)
            .unwrap();
        assert_eq!(ok["scope"], "api");
        assert_eq!(ok["expires_in"], 60);
        let err = t
            .issue(
                &clients(),
                b"grant_type=client_credentials&client_id=r&client_secret=s&scope=api+Bogus.Lezen",
                60,
            )
            .unwrap_err();
        assert_eq!(err.1["error"], "invalid_scope");
        let bad = t
            .issue(
                &clients(),
                b"grant_type=client_credentials&client_id=r&client_secret=x",
                60,
            )
            .unwrap_err();
        assert_eq!(bad.1["error"], "invalid_client");
        let grant = t
            .issue(
                &clients(),
                b"grant_type=password&client_id=r&client_secret=s",
                60,
            )
            .unwrap_err();
        assert_eq!(grant.1["error"], "invalid_client");
    }

    #[test]
    fn bearer_checks_and_missing_scope() {
        let mut t = Tokens::default();
        let ok = t
            .issue(
                &clients(),
                b"grant_type=client_credentials&client_id=r&client_secret=s",
                0,
            )
            .unwrap();
        let mut h = HeaderMap::new();
        assert_eq!(t.check(&h).unwrap_err(), BearerError::Missing);
        h.insert(header::AUTHORIZATION, "Bearer nonsense".parse().unwrap());
        assert_eq!(t.check(&h).unwrap_err(), BearerError::Unknown);
        let bearer = format!("Bearer {}", ok["access_token"].as_str().unwrap());
        h.insert(header::AUTHORIZATION, bearer.parse().unwrap());
        assert_eq!(t.check(&h).unwrap_err(), BearerError::Expired);
        let live = t
            .issue(
                &clients(),
                b"grant_type=client_credentials&client_id=r&client_secret=s",
                60,
            )
            .unwrap();
        let bearer = format!("Bearer {}", live["access_token"].as_str().unwrap());
        h.insert(header::AUTHORIZATION, bearer.parse().unwrap());
        let g = t.check(&h).unwrap();
        assert_eq!(g.missing_scope("Aanvragen.Lezen"), None);
        assert_eq!(
            g.missing_scope("Personen.Lezen").as_deref(),
            Some("Personen.Lezen")
        );
    }
}
