//! Person lookups for a pasted list in batches: one `where=email1=a,b,c` per up to
//! [`BATCH_SIZE`] addresses. A batch answer is trusted only when every record carries one of the
//! asked addresses, and "not in the answer" means "not known in Coachview" only on a tenant that
//! has proven it honours a multi-value filter on that field.

use super::people::{Lookup, PersonKey, judge};
use serde_json::Value;
use std::collections::BTreeMap;

/// At most this many addresses per multi-value request.
pub const BATCH_SIZE: usize = 50;

/// The most rows a batch asks for (one page).
pub const BATCH_TAKE: u64 = 100;

/// What a batch answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchJudgement {
    /// A record carries none of the asked addresses: the filter was ignored, nothing is trusted.
    Ignored,
    /// Every record carries an asked address.
    Hits {
        /// The lookup of each asked key that has records in the answer.
        found: BTreeMap<PersonKey, Lookup>,
        /// True when the answer holds every matching record (fewer rows than a full page), so a
        /// key without records is not in Coachview, once the tenant has proven the filter.
        complete: bool,
    },
}

impl BatchJudgement {
    /// True when the answer proves the tenant honours the multi-value filter: records for two
    /// or more different asked addresses, and none for an address not asked.
    pub fn proves_filter(&self) -> bool {
        matches!(self, BatchJudgement::Hits { found, .. } if found.len() >= 2)
    }
}

fn email_of(record: &Value) -> Option<String> {
    record
        .get("email1")
        .and_then(Value::as_str)
        .map(|s| s.trim().to_lowercase())
}

/// Judges the records a batch for `keys` (e-mail keys) returned; `full` is the row count at
/// which the page may have been cut.
pub fn judge_batch(keys: &[PersonKey], records: &[Value], full: u64) -> BatchJudgement {
    let mut by_email: BTreeMap<&str, (&PersonKey, Vec<Value>)> = BTreeMap::new();
    for key in keys {
        if let PersonKey::Email(e) = key {
            by_email.insert(e.as_str(), (key, Vec::new()));
        }
    }
    for record in records {
        let Some(email) = email_of(record) else {
            return BatchJudgement::Ignored;
        };
        match by_email.get_mut(email.as_str()) {
            Some((_, hits)) => hits.push(record.clone()),
            None => return BatchJudgement::Ignored,
        }
    }
    let found = by_email
        .into_values()
        .filter(|(_, hits)| !hits.is_empty())
        .map(|(key, hits)| (key.clone(), judge(key, &hits)))
        .collect();
    BatchJudgement::Hits {
        found,
        complete: (records.len() as u64) < full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(e: &str) -> PersonKey {
        PersonKey::email(e).unwrap()
    }

    #[test]
    fn a_record_for_an_address_not_asked_means_the_filter_was_ignored() {
        let keys = [key("a@x.nl"), key("b@x.nl")];
        let records = [
            json!({"id": "1", "email1": "A@x.nl"}),
            json!({"id": "2", "email1": "c@x.nl"}),
        ];
        assert_eq!(judge_batch(&keys, &records, 100), BatchJudgement::Ignored);
        let no_mail = [json!({"id": "1"})];
        assert_eq!(judge_batch(&keys, &no_mail, 100), BatchJudgement::Ignored);
    }

    #[test]
    fn hits_for_two_addresses_prove_the_filter_one_does_not() {
        let keys = [key("a@x.nl"), key("b@x.nl"), key("c@x.nl")];
        let two = [
            json!({"id": "1", "email1": "A@x.nl"}),
            json!({"id": "2", "email1": "b@x.nl"}),
            json!({"id": "3", "email1": "b@x.nl"}),
        ];
        let j = judge_batch(&keys, &two, 100);
        assert!(j.proves_filter());
        let BatchJudgement::Hits { found, complete } = j else {
            panic!("hits")
        };
        assert!(complete);
        assert!(matches!(&found[&key("b@x.nl")], Lookup::Found(f) if f.len() == 2));
        assert!(!found.contains_key(&key("c@x.nl")));
        let one = judge_batch(&keys, &two[..1], 100);
        assert!(!one.proves_filter());
        assert!(!judge_batch(&keys, &[], 100).proves_filter());
        // a full page may have been cut
        assert!(matches!(
            judge_batch(&keys, &two, 3),
            BatchJudgement::Hits {
                complete: false,
                ..
            }
        ));
    }
}
