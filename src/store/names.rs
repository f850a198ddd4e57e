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

impl Store {
    /// Every cached name of `resource`.
    pub fn names(&self, resource: Resource) -> Result<HashMap<String, NameState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, state FROM names WHERE resource = ?1")?;
        let rows = stmt.query_map([resource.name()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, name, state) = row?;
            let state = match (state.as_str(), name) {
                (FOUND, Some(name)) => NameState::Found(name),
                (FORBIDDEN, _) => NameState::Forbidden,
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
            let now = chrono::Utc::now().to_rfc3339();
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
