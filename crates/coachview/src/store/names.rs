//! Cached names behind ids (`Bedrijven` b1 → "Bouwbedrijf De Vries BV", or missing / no scope),
//! so each name is fetched once per connection.

use super::{Store, StoreError};
use crate::record::names::NameState;
use crate::resource::Resource;
use rusqlite::params;
use std::collections::HashMap;

const FOUND: &str = "found";
const MISSING: &str = "missing";
const FORBIDDEN: &str = "forbidden";

/// How long a "no read access" answer is trusted: the scope may be granted meanwhile, so after
/// this the id is asked again (once per batch, not per frame).
const FORBIDDEN_FOR: chrono::Duration = chrono::Duration::hours(1);

impl Store {
    /// Every cached name of `resource` (a "no access" answer older than an hour left out).
    pub fn names(&self, resource: Resource) -> Result<HashMap<String, NameState>, StoreError> {
        self.names_at(resource, crate::clock::Clock::system().now_utc())
    }

    /// [`Store::names`] as of `now`.
    pub fn names_at(
        &self,
        resource: Resource,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<HashMap<String, NameState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, state, fetched_at FROM names WHERE resource = ?1")?;
        let rows = stmt.query_map([resource.name()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, name, state, fetched_at) = row?;
            let state = match (state.as_str(), name) {
                (FOUND, Some(name)) => NameState::Found(name),
                (FORBIDDEN, _) => {
                    let fresh = chrono::DateTime::parse_from_rfc3339(&fetched_at)
                        .is_ok_and(|at| now.signed_duration_since(at) < FORBIDDEN_FOR);
                    if !fresh {
                        continue;
                    }
                    NameState::Forbidden
                }
                _ => NameState::Missing,
            };
            out.insert(id, state);
        }
        Ok(out)
    }

    /// Stores names that came embedded with records (several resources at once).
    pub fn put_embedded_names(
        &mut self,
        names: &crate::record::names::EmbeddedNames,
    ) -> Result<(), StoreError> {
        let mut by_resource: HashMap<Resource, Vec<(String, NameState)>> = HashMap::new();
        for (resource, id, state) in names {
            by_resource
                .entry(*resource)
                .or_default()
                .push((id.clone(), state.clone()));
        }
        for (resource, names) in by_resource {
            self.put_names(resource, &names)?;
        }
        Ok(())
    }

    /// Stores what was learnt about names (replacing earlier answers).
    pub fn put_names(
        &mut self,
        resource: Resource,
        names: &[(String, NameState)],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO names (resource, id, name, state, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (resource, id) DO UPDATE SET
                    name = excluded.name, state = excluded.state, fetched_at = excluded.fetched_at",
            )?;
            let now = crate::clock::Clock::system().now_utc().to_rfc3339();
            for (id, state) in names {
                let (name, kind) = match state {
                    NameState::Found(n) => (Some(n.as_str()), FOUND),
                    NameState::Missing => (None, MISSING),
                    NameState::Forbidden => (None, FORBIDDEN),
                };
                stmt.execute(params![resource.name(), id, name, kind, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_no_access_answer_is_asked_again_after_an_hour_a_name_is_kept() {
        let dir = std::env::temp_dir().join(format!("coachdesk-names-{}", uuid::Uuid::new_v4()));
        let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
        let names = vec![
            ("b1".to_string(), NameState::Forbidden),
            ("b2".to_string(), NameState::Found("Jansen BV".into())),
            ("b3".to_string(), NameState::Missing),
        ];
        store.put_names(Resource::Bedrijven, &names).expect("put");
        let now = crate::clock::Clock::system().now_utc();
        let soon = store
            .names_at(Resource::Bedrijven, now + chrono::Duration::minutes(10))
            .expect("names");
        assert_eq!(soon.get("b1"), Some(&NameState::Forbidden));
        let later = store
            .names_at(Resource::Bedrijven, now + chrono::Duration::minutes(61))
            .expect("names");
        assert_eq!(
            later.get("b1"),
            None,
            "asked again once the scope may be granted"
        );
        assert_eq!(later.get("b2"), Some(&NameState::Found("Jansen BV".into())));
        assert_eq!(later.get("b3"), Some(&NameState::Missing));
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
