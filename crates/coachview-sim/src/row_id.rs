//! The id a table stores a record under: a GUID in 16 bytes instead of a 36-character string
//! (a million-record simulator keeps millions of them, in the id map and in the index).

/// A stored id (lower case): a GUID kept in 16 bytes, any other id as text. Ids compare as
/// their text does, so the change-time index keeps its (change time, id) order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Id {
    /// A lower-case hyphenated GUID.
    Guid([u8; 16]),
    /// Anything else.
    Text(Box<str>),
}

impl Id {
    /// The id of a lower-case text.
    pub(super) fn new(id: &str) -> Id {
        match super::compact::guid(id.as_bytes()) {
            Some(g) => Id::Guid(g),
            None => Id::Text(id.into()),
        }
    }

    /// The id as text.
    pub(crate) fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Id::Guid(g) => {
                let mut out = Vec::with_capacity(36);
                super::compact::write_guid(&mut out, g);
                String::from_utf8(out).unwrap_or_default().into()
            }
            Id::Text(t) => t.as_ref().into(),
        }
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            // Lower-case hex digits sort as their values do.
            (Id::Guid(a), Id::Guid(b)) => a.cmp(b),
            _ => self.text().cmp(&other.text()),
        }
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}
