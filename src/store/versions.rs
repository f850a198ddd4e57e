//! Earlier versions of records: when a newer version (by change time, then etag) replaces a stored
//! record, the old one moves to the `versions` table, so the browser can show what changed.

use super::{Store, StoreError, stamp};
use crate::resource::Resource;
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value;

/// Earlier versions kept per record (the oldest are dropped beyond this).
pub const MAX_VERSIONS: usize = 20;

/// One version of a record, newest first when listed.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVersion {
    pub etag: Option<i64>,
    pub changed_at: Option<String>,
    pub record: Value,
}

/// Before an upsert of `(id, etag, changed_at, json)`: when it will replace the stored version
/// with a different one, keep the stored version in `versions` (replaced at `now`, RFC 3339).
#[allow(clippy::too_many_arguments)]
pub(super) fn keep_replaced(
    tx: &Transaction<'_>,
    resource: Resource,
    id: &str,
    etag: Option<i64>,
    changed_at: Option<NaiveDateTime>,
    json: &str,
    now: &str,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT etag, changed_at, json FROM records WHERE resource = ?1 AND id = ?2",
    )?;
    let old: Option<(Option<i64>, Option<String>, String)> = stmt
        .query_row(params![resource.name(), id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((old_etag, old_changed, old_json)) = old else {
        return Ok(());
    };
    let new_changed = changed_at.map(stamp);
    // The same rule as the upsert: only a newer (or undated) version replaces the stored one.
    let replaces = match (&old_changed, &new_changed) {
        (None, _) | (_, None) => true,
        (Some(o), Some(n)) => n > o || (n == o && etag.unwrap_or(0) >= old_etag.unwrap_or(0)),
    };
    if !replaces
        || old_json == json
        || (old_etag.is_some() && old_etag == etag && old_changed == new_changed)
    {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT OR IGNORE INTO versions (resource, id, etag, changed_at, json, replaced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        resource.name(),
        id,
        old_etag,
        old_changed,
        old_json,
        now
    ])?;
    tx.prepare_cached(
        "DELETE FROM versions WHERE resource = ?1 AND id = ?2 AND rowid NOT IN
           (SELECT rowid FROM versions WHERE resource = ?1 AND id = ?2
            ORDER BY changed_at DESC, etag DESC LIMIT ?3)",
    )?
    .execute(params![resource.name(), id, MAX_VERSIONS as i64])?;
    Ok(())
}

impl Store {
    /// The earlier versions of one record, newest first (not the current one).
    pub fn versions(&self, resource: Resource, id: &str) -> Result<Vec<StoredVersion>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT etag, changed_at, json FROM versions WHERE resource = ?1 AND id = ?2
             ORDER BY changed_at DESC, etag DESC",
        )?;
        let rows = stmt.query_map(params![resource.name(), id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (etag, changed_at, json) = row?;
            out.push(StoredVersion {
                etag,
                changed_at,
                record: serde_json::from_str(&json)?,
            });
        }
        Ok(out)
    }

    /// The current record (if stored).
    pub fn record(&self, resource: Resource, id: &str) -> Result<Option<Value>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM records WHERE resource = ?1 AND id = ?2",
                params![resource.name(), id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match json {
            Some(j) => Some(serde_json::from_str(&j)?),
            None => None,
        })
    }

    /// The JSON texts of the records of `resource` changed in `[from, to)` (either bound
    /// optional), oldest first, as stored: no `Value` is built (an export parses one at a time).
    pub fn record_texts(
        &self,
        resource: Resource,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
    ) -> Result<Vec<std::sync::Arc<str>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT json FROM records WHERE resource = ?1
               AND (?2 IS NULL OR changed_at >= ?2) AND (?3 IS NULL OR changed_at < ?3)
             ORDER BY changed_at, id",
        )?;
        let mut rows = stmt.query(params![resource.name(), from.map(stamp), to.map(stamp)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let text: String = row.get(0)?;
            out.push(std::sync::Arc::from(text));
        }
        Ok(out)
    }

    /// Calls `each(json, previous_json)` for the records of `resource` changed in `[from, to)`
    /// (either bound optional), oldest first; `previous_json` is the latest earlier version, if
    /// any. Streams: one record in memory at a time.
    pub fn for_each_with_previous(
        &self,
        resource: Resource,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
        each: &mut dyn FnMut(String, Option<String>),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.json, (SELECT v.json FROM versions v WHERE v.resource = r.resource
                             AND v.id = r.id ORDER BY v.changed_at DESC, v.etag DESC LIMIT 1)
             FROM records r WHERE r.resource = ?1
               AND (?2 IS NULL OR r.changed_at >= ?2) AND (?3 IS NULL OR r.changed_at < ?3)
             ORDER BY r.changed_at, r.id",
        )?;
        let mut rows = stmt.query(params![resource.name(), from.map(stamp), to.map(stamp)])?;
        while let Some(row) = rows.next()? {
            each(row.get(0)?, row.get(1)?);
        }
        Ok(())
    }
}
