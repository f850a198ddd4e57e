//! In-memory tables: records kept as compact JSON text (`compact.rs`), indexed by id and by
//! change time.

pub use super::fresh::{audit_trail, new_guid};
use super::time::{fmt_millis, looks_like_date, looks_like_datetime};
use chrono::NaiveDateTime;
use coachview::resource::Resource;
use rand::rngs::StdRng;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

pub use super::row_id::Id;

/// The type of a field as learned from the records, deciding how a `where` clause compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text (compared case-insensitively).
    Str,
    /// A date without time (`yyyy-mm-dd`).
    Date,
    /// A date-time.
    DateTime,
    /// `true`/`false`.
    Bool,
    /// A number.
    Num,
    /// An object: cannot be filtered.
    Object,
    /// A list: cannot be filtered.
    Array,
    /// Only `null` seen so far: compared as text.
    Unknown,
}

/// The path of the change time every table is indexed on (lower case, as filters match it).
pub const CHANGED_PATH: &str = "audittrail.gewijzigddatumtijd";

/// One stored record.
#[derive(Debug, Clone)]
pub struct Row {
    /// The record's JSON text in its compact form (see `compact.rs`), or a generated record's
    /// draws (see `packed.rs`).
    data: Box<[u8]>,
    /// `auditTrail.gewijzigdDatumTijd`.
    pub changed: NaiveDateTime,
    /// `auditTrail.etag`.
    pub etag: i64,
}

impl Row {
    /// The record, serialized (what a GET returns).
    pub fn json(&self) -> String {
        if super::packed::is_packed(&self.data) {
            super::packed_text::render(&self.data)
        } else {
            super::compact::decode(&self.data)
        }
    }

    /// The record as a JSON object.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.json()).unwrap_or(Value::Null)
    }
}

/// One resource's records.
#[derive(Debug, Default)]
pub struct Table {
    rows: HashMap<Id, Row>,
    index: BTreeSet<(NaiveDateTime, Id)>,
    /// Lower-case dotted path → kind.
    pub schema: BTreeMap<String, FieldKind>,
}

/// Sorts after every id in the index (ids are lower-case GUIDs).
const ID_MAX: &str = "~";

impl Table {
    /// The number of records in the table.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the table holds no record.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Looks a record up by id, case-insensitively.
    pub fn get(&self, id: &str) -> Option<&Row> {
        self.rows
            .get(&Id::new(id))
            .or_else(|| self.rows.get(&Id::new(&id.to_ascii_lowercase())))
    }

    /// Looks a record up by id, returning the stored key too.
    pub fn get_entry(&self, id: &str) -> Option<(&Id, &Row)> {
        self.rows.get_key_value(&Id::new(&id.to_ascii_lowercase()))
    }

    /// Stores a record (replacing one with the same id). It must carry `id` and `auditTrail`.
    pub fn put(&mut self, record: &Value, learn: bool) {
        if let Some(key) = self.put_unindexed(record, learn) {
            self.index.insert(key);
        }
    }

    /// Stores a record by id only, returning its key for the change-time index (the generator
    /// builds the index at once with [`Table::build_index`]: sorted, its nodes full). A record
    /// with the id of a stored one replaces it; then its old index entry is removed.
    pub(super) fn put_unindexed(
        &mut self,
        record: &Value,
        learn: bool,
    ) -> Option<(NaiveDateTime, Id)> {
        let id = record.get("id").and_then(Value::as_str)?;
        let id = Id::new(&id.to_ascii_lowercase());
        let audit = record.get("auditTrail");
        let changed = audit
            .and_then(|a| a.get("gewijzigdDatumTijd"))
            .and_then(Value::as_str)
            .and_then(super::time::parse_record_time)
            .unwrap_or_default();
        let etag = audit
            .and_then(|a| a.get("etag"))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        self.remove_id(&id);
        if learn {
            learn_schema(&mut self.schema, "", record);
        }
        let data = super::compact::encode(&record.to_string());
        self.rows.insert(
            id.clone(),
            Row {
                data,
                changed,
                etag,
            },
        );
        Some((changed, id))
    }

    /// Stores a generated record kept as its draws (`packed.rs`) with its id, change time and
    /// etag, like [`Table::put_unindexed`].
    pub(super) fn put_packed(
        &mut self,
        data: Box<[u8]>,
        id: Id,
        (changed, etag): (NaiveDateTime, i64),
        learn: bool,
    ) -> (NaiveDateTime, Id) {
        if learn
            && let Ok(record) = serde_json::from_str::<Value>(&super::packed_text::render(&data))
        {
            learn_schema(&mut self.schema, "", &record);
        }
        let row = Row {
            data,
            changed,
            etag,
        };
        // One look-up (a million-record start makes millions): a replaced row leaves the index.
        if let Some(old) = self.rows.insert(id.clone(), row) {
            self.index.remove(&(old.changed, id.clone()));
        }
        (changed, id)
    }

    /// Makes room for `n` more records.
    pub(super) fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
    }

    /// Adds the keys [`Table::put_unindexed`] returned to the change-time index in one go.
    pub(super) fn build_index(&mut self, keys: Vec<(NaiveDateTime, Id)>) {
        if self.index.is_empty() {
            // Sorted and built bottom-up from a list: full nodes, no rebalancing.
            self.index = keys.into_iter().collect();
        } else {
            self.index.extend(keys);
        }
    }

    /// Removes a record; true when it existed.
    pub fn remove(&mut self, id: &str) -> bool {
        self.remove_id(&Id::new(&id.to_ascii_lowercase()))
    }

    fn remove_id(&mut self, id: &Id) -> bool {
        match self.rows.remove(id) {
            Some(row) => {
                self.index.remove(&(row.changed, id.clone()));
                true
            }
            None => false,
        }
    }

    /// Rows changed within the bounds, in (change time, id) order.
    pub fn range(
        &self,
        lo: Bound<NaiveDateTime>,
        hi: Bound<NaiveDateTime>,
    ) -> Box<dyn DoubleEndedIterator<Item = (&Id, &Row)> + '_> {
        if range_is_empty(lo, hi) {
            return Box::new(std::iter::empty());
        }
        let lo = match lo {
            Bound::Included(t) => Bound::Included((t, Id::Text("".into()))),
            Bound::Excluded(t) => Bound::Excluded((t, Id::Text(ID_MAX.into()))),
            Bound::Unbounded => Bound::Unbounded,
        };
        let hi = match hi {
            Bound::Included(t) => Bound::Included((t, Id::Text(ID_MAX.into()))),
            Bound::Excluded(t) => Bound::Excluded((t, Id::Text("".into()))),
            Bound::Unbounded => Bound::Unbounded,
        };
        Box::new(
            self.index
                .range((lo, hi))
                .filter_map(|(_, id)| self.rows.get(id).map(|row| (id, row))),
        )
    }

    /// Every row in (change time, id) order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Id, &Row)> + '_ {
        self.range(Bound::Unbounded, Bound::Unbounded)
    }
}

/// True when no time can satisfy both bounds (`BTreeSet::range` would panic on some of these).
pub fn range_is_empty(lo: Bound<NaiveDateTime>, hi: Bound<NaiveDateTime>) -> bool {
    match (lo, hi) {
        (Bound::Included(a), Bound::Included(b)) => a > b,
        (Bound::Included(a), Bound::Excluded(b))
        | (Bound::Excluded(a), Bound::Included(b))
        | (Bound::Excluded(a), Bound::Excluded(b)) => a >= b,
        _ => false,
    }
}

fn learn_schema(schema: &mut BTreeMap<String, FieldKind>, prefix: &str, value: &Value) {
    let Value::Object(map) = value else {
        return;
    };
    for (key, v) in map {
        let path = if prefix.is_empty() {
            key.to_ascii_lowercase()
        } else {
            format!("{prefix}.{}", key.to_ascii_lowercase())
        };
        let kind = match v {
            Value::Null => FieldKind::Unknown,
            Value::Bool(_) => FieldKind::Bool,
            Value::Number(_) => FieldKind::Num,
            Value::String(s) if looks_like_datetime(s) => FieldKind::DateTime,
            Value::String(s) if looks_like_date(s) => FieldKind::Date,
            Value::String(_) => FieldKind::Str,
            Value::Array(_) => FieldKind::Array,
            Value::Object(_) => FieldKind::Object,
        };
        let slot = schema.entry(path.clone()).or_insert(kind);
        if *slot == FieldKind::Unknown {
            *slot = kind;
        }
        if let Value::Object(_) = v {
            learn_schema(schema, &path, v);
        }
    }
}

/// Everything the simulator holds, behind one lock.
pub struct State {
    /// The records per resource.
    pub tables: HashMap<Resource, Table>,
    /// Locations (`startLocatie`, `locatie`), not a resource of their own.
    pub locations: HashMap<String, Value>,
    /// The posted body of every created webaanvraag, by webaanvraag id.
    pub posted_bodies: HashMap<String, Value>,
    /// Ids of created webaanvragen, in creation order.
    pub created_webaanvragen: Vec<String>,
    /// The next record version's etag (increases with every write).
    pub next_etag: i64,
    /// The next webaanvraag number handed out.
    pub next_nummer: i64,
    /// For ids and tokens made after generation.
    pub rng: StdRng,
}

impl State {
    /// The table of a resource, if it holds any record yet.
    pub fn table(&self, resource: Resource) -> Option<&Table> {
        self.tables.get(&resource)
    }

    /// The table of a resource, made empty on first use.
    pub fn table_mut(&mut self, resource: Resource) -> &mut Table {
        self.tables.entry(resource).or_default()
    }

    /// A fresh etag.
    pub fn bump_etag(&mut self) -> i64 {
        self.next_etag += 1;
        self.next_etag
    }

    /// A new GUID from the state's seeded generator.
    pub fn new_id(&mut self) -> String {
        new_guid(&mut self.rng)
    }

    /// Creates or modifies a record (top-level fields merged) with the given change time.
    pub fn upsert(&mut self, resource: Resource, record: Value, changed: NaiveDateTime) -> String {
        let fields = match record {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let given_id = fields.get("id").and_then(Value::as_str).map(str::to_string);
        let existing = given_id
            .as_deref()
            .and_then(|id| self.table(resource)?.get(id))
            .map(Row::value);
        let etag = self.bump_etag();
        let stamp = Value::String(fmt_millis(changed));
        let merged = match existing {
            Some(Value::Object(mut old)) => {
                for (k, v) in fields {
                    if k != "auditTrail" && k != "id" {
                        old.insert(k, v);
                    }
                }
                if let Some(Value::Object(audit)) = old.get_mut("auditTrail") {
                    audit.insert("gewijzigdDatumTijd".into(), stamp);
                    audit.insert("gewijzigdDoor".into(), "coachdesk.test".into());
                    audit.insert("etag".into(), etag.into());
                }
                old
            }
            _ => {
                let id = given_id.unwrap_or_else(|| self.new_id());
                let mut map = Map::new();
                map.insert("id".into(), Value::String(id));
                for (k, v) in fields {
                    if k != "auditTrail" && k != "id" {
                        map.insert(k, v);
                    }
                }
                map.insert("auditTrail".into(), audit_trail(changed, changed, etag));
                map
            }
        };
        let record = Value::Object(merged);
        let id = record
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        self.table_mut(resource).put(&record, true);
        id
    }

    /// Sets a record's change time (and a new etag) without changing its fields.
    pub fn touch(&mut self, resource: Resource, id: &str, changed: NaiveDateTime) -> bool {
        let Some(existing) = self.table(resource).and_then(|t| t.get(id)).map(Row::value) else {
            return false;
        };
        let mut record = existing;
        let etag = self.bump_etag();
        if let Some(Value::Object(audit)) = record.get_mut("auditTrail") {
            audit.insert("gewijzigdDatumTijd".into(), fmt_millis(changed).into());
            audit.insert("etag".into(), etag.into());
        }
        self.table_mut(resource).put(&record, false);
        true
    }
}

#[cfg(test)]
mod tests;
