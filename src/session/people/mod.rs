//! Looking people up in Coachview for a connection, the same way for the wizard and for
//! `coachdesk enrol --participants`: [`Session::find_person`] (one key) and
//! [`Session::look_up_people`] (a list: e-mail addresses in batches of up to 50 where the tenant
//! is proven, or not yet disproven, to honour `where=email1=a,b,c`, single lookups otherwise;
//! never more requests than keys, one request per address is what the wizard asks for).

use crate::api::{ApiErrorKind, Client, Query};
use crate::cancel::Cancel;
use crate::enrol::people::{self, Lookup, PersonKey};
use crate::enrol::people_batch::{BATCH_SIZE, BATCH_TAKE, BatchJudgement, judge_batch};
use crate::message;
use crate::resource::Resource;

/// One lookup: `GET Personen?where=<field>=<value>&take=5`, judged so that only records that
/// really carry the key are trusted. Every call counts against the daily quota.
async fn find(client: &Client, key: &PersonKey) -> Lookup {
    let (field, value) = key.filter();
    let query = Query::new()
        .where_eq(field, value)
        .take(people::LOOKUP_TAKE);
    match client.list(Resource::Personen, &query).await {
        Ok(page) => people::judge(key, &page.records),
        Err(e) => match e.kind {
            ApiErrorKind::Forbidden { .. } => Lookup::NoScope,
            // The filter was refused: this kind of lookup does not work on this connection.
            ApiErrorKind::BadRequest { .. } => Lookup::NotHonoured,
            _ => Lookup::Failed(message::from_api_error(&e).title),
        },
    }
}

/// True when a lookup's answer means the following keys would fail the same way.
fn stops_the_rest(lookup: &Lookup) -> bool {
    matches!(
        lookup,
        Lookup::NoScope | Lookup::NotHonoured | Lookup::Failed(_)
    )
}

/// What the lookups of one request spend and answer.
struct Run<'a, F: FnMut(PersonKey, Lookup, u64)> {
    client: &'a Client,
    /// Requests still allowed.
    budget: u64,
    /// Requests sent and not yet reported with an answer.
    unreported: u64,
    on_answer: F,
    stopped: bool,
}

impl<F: FnMut(PersonKey, Lookup, u64)> Run<'_, F> {
    fn answer(&mut self, key: PersonKey, lookup: Lookup) {
        self.stopped |= stops_the_rest(&lookup);
        let cost = std::mem::take(&mut self.unreported);
        (self.on_answer)(key, lookup, cost);
    }

    async fn single(&mut self, key: PersonKey) {
        if self.budget == 0 || self.stopped {
            return;
        }
        self.budget -= 1;
        self.unreported += 1;
        let lookup = find(self.client, &key).await;
        self.answer(key, lookup);
    }

    /// Proves (or disproves) that `where=email1=a,b` is honoured before a list of new people is
    /// asked in one request, with two addresses Coachview itself holds: a page of Personen to find
    /// two, then the list filter on both (two requests). Honoured: both come back and nothing
    /// else. Not honoured: nothing comes back, another address comes back, or a 400. Anything
    /// else (fewer than two people with an address, a failure) proves nothing.
    async fn prove(&mut self) -> Option<bool> {
        self.budget = self.budget.saturating_sub(2);
        self.unreported += 1;
        let page = self
            .client
            .list(Resource::Personen, &Query::new().take(20))
            .await
            .ok()?;
        let mut known: Vec<String> = Vec::new();
        for record in &page.records {
            if let Some(address) = record.get("email1").and_then(serde_json::Value::as_str) {
                let address = address.trim().to_lowercase();
                if !address.is_empty() && !address.contains(',') && !known.contains(&address) {
                    known.push(address);
                }
            }
            if known.len() == 2 {
                break;
            }
        }
        if known.len() < 2 {
            return None;
        }
        self.unreported += 1;
        let query = Query::new()
            .where_eq("email1", known.join(","))
            .take(BATCH_TAKE);
        let answer = match self.client.list(Resource::Personen, &query).await {
            Ok(page) => page.records,
            Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => return Some(false),
            Err(_) => return None,
        };
        let got: Vec<String> = answer
            .iter()
            .filter_map(|r| r.get("email1").and_then(serde_json::Value::as_str))
            .map(|a| a.trim().to_lowercase())
            .collect();
        if got.is_empty() || got.iter().any(|a| !known.contains(a)) {
            return Some(false);
        }
        known.iter().all(|k| got.contains(k)).then_some(true)
    }

    /// One multi-value request; `Err` is an answer that stops the rest (given for `first`).
    async fn batch(&mut self, keys: &[PersonKey]) -> Result<Option<BatchJudgement>, Lookup> {
        self.budget = self.budget.saturating_sub(1);
        self.unreported += 1;
        let values: Vec<&str> = keys.iter().map(|k| k.filter().1).collect();
        let query = Query::new()
            .where_eq("email1", values.join(","))
            .take(BATCH_TAKE);
        match self.client.list(Resource::Personen, &query).await {
            Ok(page) => {
                let caps = self.client.capabilities();
                let full = caps
                    .page_size_for(Resource::Personen, &[])
                    .unwrap_or(BATCH_TAKE)
                    .min(BATCH_TAKE);
                Ok(Some(judge_batch(keys, &page.records, full)))
            }
            Err(e) => match e.kind {
                ApiErrorKind::Forbidden { .. } => Err(Lookup::NoScope),
                // The list form was refused: single lookups say whether the filter works.
                ApiErrorKind::BadRequest { .. } => Ok(None),
                _ => Err(Lookup::Failed(message::from_api_error(&e).title)),
            },
        }
    }
}

/// Answers `keys` through `on_answer(key, lookup, requests spent since the last answer)`; stops
/// at the first answer that would repeat for the rest, on cancel, or when the budget (one
/// request per key) is spent. Keys left unanswered may be asked again by the user.
async fn look_up(
    client: &Client,
    keys: Vec<PersonKey>,
    cancel: &Cancel,
    on_answer: impl FnMut(PersonKey, Lookup, u64),
) {
    let mut run = Run {
        client,
        budget: keys.len() as u64,
        unreported: 0,
        on_answer,
        stopped: false,
    };
    let (emails, others): (Vec<_>, Vec<_>) = keys
        .into_iter()
        .partition(|k| matches!(k, PersonKey::Email(_)));
    for chunk in emails.chunks(BATCH_SIZE) {
        if cancel.is_cancelled() || run.stopped {
            return;
        }
        let mut proven = client.capabilities().multi_email_filter;
        // A list of new people would prove nothing by itself (an empty answer is inconclusive):
        // prove the filter first with two addresses Coachview holds, when that is cheaper.
        if proven.is_none() && chunk.len() > 3 && run.budget >= 4 {
            proven = run.prove().await;
            if let Some(verdict) = proven {
                tracing::info!("Personen: a multi-value e-mail filter is honoured: {verdict}");
                client.update_capabilities(|c| c.multi_email_filter = Some(verdict));
            }
        }
        if chunk.len() < 2 || proven == Some(false) || run.budget < 2 {
            for key in chunk {
                if cancel.is_cancelled() {
                    return;
                }
                run.single(key.clone()).await;
            }
            continue;
        }
        let judgement = match run.batch(chunk).await {
            Ok(j) => j,
            Err(lookup) => {
                run.answer(chunk[0].clone(), lookup);
                return;
            }
        };
        let mut rest: Vec<PersonKey> = Vec::new();
        match judgement {
            None | Some(BatchJudgement::Ignored) => {
                tracing::info!("Personen: a multi-value e-mail filter is not honoured here");
                client.update_capabilities(|c| c.multi_email_filter = Some(false));
                rest.extend(chunk.iter().cloned());
            }
            Some(BatchJudgement::Hits {
                mut found,
                complete,
            }) => {
                // Records for two or more different asked addresses, and none other: proven.
                if found.len() >= 2 && proven.is_none() {
                    client.update_capabilities(|c| c.multi_email_filter = Some(true));
                }
                let proven = client.capabilities().multi_email_filter == Some(true);
                for key in chunk {
                    match found.remove(key) {
                        Some(lookup) => run.answer(key.clone(), lookup),
                        None if proven && complete => {
                            run.answer(key.clone(), Lookup::Found(Vec::new()))
                        }
                        // Not proven (or a full page): inconclusive, asked on its own.
                        None => rest.push(key.clone()),
                    }
                }
            }
        }
        for key in rest {
            if cancel.is_cancelled() {
                return;
            }
            run.single(key).await;
        }
    }
    for key in others {
        if cancel.is_cancelled() {
            return;
        }
        run.single(key).await;
    }
}

impl super::Session {
    /// One lookup of `key` (`GET Personen?where=…&take=5`, judged so that only records that
    /// really carry the key are trusted). Counts against the daily quota.
    pub async fn find_person(&self, key: &PersonKey) -> Lookup {
        find(self.client(), key).await
    }

    /// Answers `keys` through `on_answer(key, lookup, requests spent since the last answer)`
    /// (batched where the tenant allows it); stops at the first answer that would repeat for the
    /// rest, on cancel, or when one request per key is spent. What it learnt about the e-mail
    /// list filter is kept with the tenant.
    pub(crate) async fn look_up_people(
        &self,
        keys: Vec<PersonKey>,
        cancel: &Cancel,
        on_answer: impl FnMut(PersonKey, Lookup, u64),
    ) {
        let known = self.client().capabilities().multi_email_filter;
        look_up(self.client(), keys, cancel, on_answer).await;
        if self.client().capabilities().multi_email_filter != known {
            self.save_tenant_async().await;
        }
    }
}

#[cfg(test)]
mod tests;
