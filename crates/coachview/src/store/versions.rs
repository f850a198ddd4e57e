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
    /// The version's etag, when the record carried one.
    pub etag: Option<i64>,
    /// Its `auditTrail.gewijzigdDatumTijd` as stored; `None` when missing.
    pub changed_at: Option<String>,
    /// The record as it was.
    pub record: Value,
}

/// Keeps the stored version `(old_etag, old_changed, old_json)` of `id` in `versions` (replaced
/// at `now`, RFC 3339), keeping at most [`MAX_VERSIONS`] per record, the newest.
pub(super) fn keep_version(
    tx: &Transaction<'_>,
    resource: Resource,
    id: &str,
    old_etag: Option<i64>,
    old_changed: Option<&str>,
    old_json: &str,
    now: &str,
) -> Result<(), StoreError> {
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

    /// The JSON of the newest stored version of record `id` older than a version that just
    /// arrived (change time `changed_at`, then `etag`), whether the newer one was written yet or
    /// not: what the browser compares a fetched row with. `None`: none older is stored (new).
    pub fn previous_of(
        &self,
        resource: Resource,
        id: &str,
        changed_at: Option<NaiveDateTime>,
        etag: Option<i64>,
    ) -> Result<Option<String>, StoreError> {
        let Some(changed_at) = changed_at else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT json FROM (
                 SELECT changed_at, etag, json FROM records WHERE resource = ?1 AND id = ?2
                 UNION ALL
                 SELECT changed_at, etag, json FROM versions WHERE resource = ?1 AND id = ?2)
             WHERE changed_at < ?3 OR (changed_at = ?3 AND IFNULL(etag, -1) < IFNULL(?4, -1))
             ORDER BY changed_at DESC, etag DESC LIMIT 1",
        )?;
        Ok(stmt
            .query_row(params![resource.name(), id, stamp(changed_at), etag], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Calls `each(json, previous_json)` for the records of `resource` changed in `[from, to)`
    /// (either bound optional), oldest first; `previous_json` is the latest earlier version, if
    /// any. Streams: one record in memory at a time. With both bounds only that part of the
    /// index on the change time is read (a week of a million rows reads a week).
    pub fn for_each_with_previous(
        &self,
        resource: Resource,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
        each: &mut dyn FnMut(String, Option<String>),
    ) -> Result<(), StoreError> {
        let mut stmt = if from.is_some() && to.is_some() {
            self.conn.prepare_cached(
                "SELECT r.json, (SELECT v.json FROM versions v WHERE v.resource = r.resource
                                 AND v.id = r.id ORDER BY v.changed_at DESC, v.etag DESC LIMIT 1)
                 FROM records r WHERE r.resource = ?1
                   AND r.changed_at >= ?2 AND r.changed_at < ?3
                 ORDER BY r.changed_at, r.id",
            )?
        } else {
            self.conn.prepare_cached(
                "SELECT r.json, (SELECT v.json FROM versions v WHERE v.resource = r.resource
                                 AND v.id = r.id ORDER BY v.changed_at DESC, v.etag DESC LIMIT 1)
                 FROM records r WHERE r.resource = ?1
                   AND (?2 IS NULL OR r.changed_at >= ?2) AND (?3 IS NULL OR r.changed_at < ?3)
                 ORDER BY r.changed_at, r.id",
            )?
        };
        let mut rows = stmt.query(params![resource.name(), from.map(stamp), to.map(stamp)])?;
        while let Some(row) = rows.next()? {
            each(row.get(0)?, row.get(1)?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(id: &str, at: &str, etag: i64, status: &str) -> Value {
        json!({"id": id, "aanvraagStatusId": status,
               "auditTrail": {"gewijzigdDatumTijd": at, "etag": etag}})
    }

    fn temp() -> (std::path::PathBuf, Store) {
        let dir = std::env::temp_dir().join(format!("coachdesk-versions-{}", uuid::Uuid::new_v4()));
        let store = Store::open(&dir.join("records.sqlite")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_newer_version_keeps_the_old_one_an_older_or_same_one_does_not() {
        let (dir, mut store) = temp();
        let r = Resource::Aanvragen;
        store
            .upsert_records(r, &[rec("a", "2026-11-01T10:00:00.000", 1, "Nieuw")])
            .unwrap();
        assert!(
            store.versions(r, "a").unwrap().is_empty(),
            "first seen: no version"
        );
        // The same version again (a re-fetch) and an older one keep nothing.
        store
            .upsert_records(r, &[rec("a", "2026-11-01T10:00:00.000", 1, "Nieuw")])
            .unwrap();
        store
            .upsert_records(r, &[rec("a", "2026-10-01T10:00:00.000", 0, "Oud")])
            .unwrap();
        assert!(store.versions(r, "a").unwrap().is_empty());
        store
            .upsert_records(r, &[rec("a", "2026-11-02T10:00:00.000", 2, "Verwerkt")])
            .unwrap();
        let versions = store.versions(r, "a").unwrap();
        assert_eq!(versions.len(), 1);
        assert_eq!(versions[0].record["aanvraagStatusId"], "Nieuw");
        assert_eq!(versions[0].etag, Some(1));
        assert_eq!(
            store.record(r, "a").unwrap().unwrap()["aanvraagStatusId"],
            "Verwerkt"
        );
        // Streaming read pairs the record with its previous version.
        let mut seen = Vec::new();
        store
            .for_each_with_previous(r, None, None, &mut |json, prev| seen.push((json, prev)))
            .unwrap();
        assert_eq!(seen.len(), 1);
        assert!(seen[0].1.as_deref().is_some_and(|p| p.contains("Nieuw")));
        // A fetched version is compared with the newest older one, written yet or not.
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.3f").ok();
        let newer = at("2026-11-02T10:00:00.000");
        let before = store.previous_of(r, "a", newer, Some(2)).unwrap();
        assert!(
            before.is_some_and(|p| p.contains("Nieuw")),
            "written: the kept version"
        );
        let later = at("2026-11-03T10:00:00.000");
        let before = store.previous_of(r, "a", later, Some(3)).unwrap();
        assert!(
            before.is_some_and(|p| p.contains("Verwerkt")),
            "not written yet: the record"
        );
        assert_eq!(
            store
                .previous_of(r, "a", at("2026-10-01T00:00:00.000"), None)
                .unwrap(),
            None
        );
        assert_eq!(store.previous_of(r, "b", later, Some(1)).unwrap(), None);
        // At most MAX_VERSIONS are kept, the newest.
        for i in 0..30 {
            let at = format!("2026-11-{:02}T10:00:00.000", 3 + i % 27);
            let at = if i >= 27 {
                format!("2026-12-0{}T10:00:00.000", i - 26)
            } else {
                at
            };
            store
                .upsert_records(r, &[rec("a", &at, 10 + i, &format!("S{i}"))])
                .unwrap();
        }
        let versions = store.versions(r, "a").unwrap();
        assert_eq!(versions.len(), MAX_VERSIONS);
        assert_eq!(versions[0].record["aanvraagStatusId"], "S28");
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_range_reads_only_its_rows_and_counts_them() {
        let (dir, mut store) = temp();
        let r = Resource::Aanvragen;
        let rows = [
            rec("old", "2026-10-01T10:00:00.000", 1, "Nieuw"),
            rec("in1", "2026-11-02T00:00:00.000", 1, "Nieuw"),
            rec("in2", "2026-11-08T23:59:59.999", 1, "Nieuw"),
            rec("next", "2026-11-09T00:00:00.000", 1, "Nieuw"),
        ];
        store.upsert_records(r, &rows).unwrap();
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap();
        let (from, to) = (at("2026-11-02T00:00:00"), at("2026-11-09T00:00:00"));
        let mut seen = Vec::new();
        store
            .for_each_with_previous(r, Some(from), Some(to), &mut |json, _| seen.push(json))
            .unwrap();
        assert_eq!(seen.len(), 2);
        assert!(seen[0].contains("in1") && seen[1].contains("in2"));
        assert_eq!(store.count_between(r, from, to).unwrap(), 2);
        assert_eq!(store.count(r).unwrap(), 4);
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_store_of_schema_1_is_upgraded_with_its_records() {
        let dir = std::env::temp_dir().join(format!("coachdesk-v1-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("records.sqlite");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE records (resource TEXT NOT NULL, id TEXT NOT NULL, etag INTEGER,
                   changed_at TEXT, json TEXT NOT NULL, PRIMARY KEY (resource, id)) WITHOUT ROWID;
                 CREATE INDEX records_by_change ON records (resource, changed_at);
                 CREATE TABLE cursors (resource TEXT PRIMARY KEY, changed_at TEXT, last_sync TEXT);
                 INSERT INTO records VALUES ('Aanvragen', 'a', 1, '2026-11-01T10:00:00.000',
                   '{\"id\":\"a\",\"aanvraagStatusId\":\"Nieuw\"}');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let r = Resource::Aanvragen;
        assert_eq!(store.count(r).unwrap(), 1, "records kept");
        store
            .upsert_records(r, &[rec("a", "2026-11-02T10:00:00.000", 2, "Verwerkt")])
            .unwrap();
        assert_eq!(store.versions(r, "a").unwrap().len(), 1);
        assert!(store.names(Resource::Bedrijven).unwrap().is_empty());
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
