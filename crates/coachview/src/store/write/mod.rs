//! Writing records: per id the newest version (change time, then etag) is kept in `records`; a
//! version it replaces moves to `versions` (see `versions.rs`).
//!
//! A record seen for the first time costs one statement (an insert that does nothing on an
//! existing id); only an existing id is read back, and its stored JSON only when that version
//! is really replaced by a different one.

use super::versions::keep_version;
use super::{Store, StoreError, stamp};
use crate::resource::Resource;
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

/// One record to write, with the fields the store keeps next to its JSON text.
pub(super) struct Row<'a> {
    pub id: &'a str,
    pub etag: Option<i64>,
    pub changed_at: Option<NaiveDateTime>,
    pub json: &'a str,
}

/// Whether a version `(etag, changed)` replaces the stored `(old_etag, old_changed)`: a newer
/// change time, or the same one with an etag not lower; an undated side always replaces.
fn replaces(
    old_etag: Option<i64>,
    old_changed: Option<&str>,
    etag: Option<i64>,
    changed: Option<&str>,
) -> bool {
    match (old_changed, changed) {
        (None, _) | (_, None) => true,
        (Some(o), Some(n)) => n > o || (n == o && etag.unwrap_or(0) >= old_etag.unwrap_or(0)),
    }
}

impl Store {
    /// Writes `rows` in one transaction; returns how many rows were inserted or replaced.
    pub(super) fn upsert_rows<'a>(
        &mut self,
        resource: Resource,
        rows: impl Iterator<Item = Row<'a>>,
    ) -> Result<usize, StoreError> {
        let name = resource.name();
        let now = crate::clock::Clock::system().now_utc().to_rfc3339();
        let tx = self.conn.transaction()?;
        let mut written = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO records (resource, id, etag, changed_at, json) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (resource, id) DO NOTHING",
            )?;
            let mut stored = tx.prepare_cached(
                "SELECT etag, changed_at FROM records WHERE resource = ?1 AND id = ?2",
            )?;
            let mut update = tx.prepare_cached(
                "UPDATE records SET etag = ?3, changed_at = ?4, json = ?5
                 WHERE resource = ?1 AND id = ?2",
            )?;
            let mut old_json =
                tx.prepare_cached("SELECT json FROM records WHERE resource = ?1 AND id = ?2")?;
            for row in rows {
                let changed = row.changed_at.map(stamp);
                if insert.execute(params![name, row.id, row.etag, changed, row.json])? > 0 {
                    written += 1;
                    continue;
                }
                let old: Option<(Option<i64>, Option<String>)> = stored
                    .query_row(params![name, row.id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let Some((old_etag, old_changed)) = old else {
                    continue;
                };
                if !replaces(
                    old_etag,
                    old_changed.as_deref(),
                    row.etag,
                    changed.as_deref(),
                ) {
                    continue;
                }
                let same_version =
                    old_etag.is_some() && old_etag == row.etag && old_changed == changed;
                if !same_version {
                    let previous: String =
                        old_json.query_row(params![name, row.id], |r| r.get(0))?;
                    if previous != row.json {
                        keep_version(
                            &tx,
                            resource,
                            row.id,
                            old_etag,
                            old_changed.as_deref(),
                            &previous,
                            &now,
                        )?;
                    }
                }
                written += update.execute(params![name, row.id, row.etag, changed, row.json])?;
            }
        }
        tx.commit()?;
        Ok(written)
    }
}

#[cfg(test)]
mod tests;
