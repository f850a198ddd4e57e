//! Pasted lists against the simulator: batches on a tenant that honours a multi-value e-mail
//! filter, single lookups (remembered) on one that ignores it, never more requests than keys.

use super::*;
use crate::api::ClientConfig;
use crate::simulator::dialect::Dialect;
use crate::simulator::{SimConfig, SimHandle, Simulator};
use std::collections::BTreeMap;

async fn sim(spec: &str) -> (SimHandle, Client) {
    let sim = Simulator::start(SimConfig {
        dialect: Dialect::parse(spec).unwrap(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    client.ensure_token().await.unwrap();
    (sim, client)
}

/// 25 addresses: `known` of the simulator's people (from the end, so an ignored filter's
/// first page does not hold them by chance) and the rest nobody's. With the ids each should
/// find.
fn pasted(sim: &SimHandle, known: usize) -> Vec<(PersonKey, Vec<String>)> {
    let people = sim.all(Resource::Personen);
    let ids_of = |email: &str| -> Vec<String> {
        people
            .iter()
            .filter(|p| {
                p["email1"]
                    .as_str()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .filter_map(|p| p["id"].as_str().map(str::to_string))
            .collect()
    };
    let mut out: Vec<(PersonKey, Vec<String>)> = Vec::new();
    for p in people.iter().rev() {
        if out.len() == known {
            break;
        }
        let Some(key) = p["email1"].as_str().and_then(PersonKey::email) else {
            continue;
        };
        if out.iter().all(|(k, _)| *k != key) {
            let PersonKey::Email(e) = &key else { continue };
            let ids = ids_of(e);
            out.push((key, ids));
        }
    }
    assert_eq!(
        out.len(),
        known,
        "the simulator holds {known} people with an address"
    );
    for i in out.len()..25 {
        let key = PersonKey::email(&format!("nieuw.{i}@nergens-bekend.nl")).unwrap();
        out.push((key, Vec::new()));
    }
    out
}

async fn run(client: &Client, keys: Vec<PersonKey>) -> (BTreeMap<PersonKey, Lookup>, u64) {
    let mut answers = BTreeMap::new();
    let mut cost = 0;
    look_up(client, keys, &Cancel::new(), |k, l, n| {
        cost += n;
        answers.insert(k, l);
    })
    .await;
    (answers, cost)
}

fn assert_right(answers: &BTreeMap<PersonKey, Lookup>, expected: &[(PersonKey, Vec<String>)]) {
    for (key, ids) in expected {
        let Some(answer) = answers.get(key) else {
            continue;
        };
        let Lookup::Found(found) = answer else {
            panic!("{key:?}: {answer:?}")
        };
        let mut got: Vec<String> = found.iter().map(|k| k.person.persoon_id.clone()).collect();
        let mut want = ids.clone();
        got.sort();
        want.sort();
        want.truncate(crate::enrol::people::LOOKUP_TAKE as usize);
        assert_eq!(got, want, "{key:?}");
    }
}

#[tokio::test]
async fn a_pasted_list_of_25_costs_one_request_and_each_person_is_judged_right() {
    let (sim, client) = sim("").await;
    let expected = pasted(&sim, 6);
    let keys: Vec<PersonKey> = expected.iter().map(|(k, _)| k.clone()).collect();
    let before = sim.requests_received();
    let (answers, cost) = run(&client, keys).await;
    let sent = sim.requests_received() - before;
    assert!(sent <= 3, "{sent} requests for 25 addresses (proof, batch)");
    assert_eq!(cost, sent, "the wizard is told what was spent");
    assert_eq!(answers.len(), 25, "every address answered");
    assert_right(&answers, &expected);
    assert_eq!(client.capabilities().multi_email_filter, Some(true));
    // Proven: the next list of nobody's addresses is one request, each "not known".
    let before = sim.requests_received();
    let nobody: Vec<PersonKey> = (0..10)
        .filter_map(|i| PersonKey::email(&format!("leeg.{i}@nergens-bekend.nl")))
        .collect();
    let (answers, _) = run(&client, nobody).await;
    assert_eq!(sim.requests_received() - before, 1);
    assert!(answers.values().all(|l| *l == Lookup::Found(Vec::new())));
}

/// The common case: a list of new people, none known in Coachview, on a connection that never
/// proved the filter: two requests prove it with addresses Coachview holds, one asks the list.
#[tokio::test]
async fn a_list_of_new_people_is_proven_then_asked_at_once() {
    let (sim, client) = sim("").await;
    let expected = pasted(&sim, 0);
    let keys: Vec<PersonKey> = expected.iter().map(|(k, _)| k.clone()).collect();
    let before = sim.requests_received();
    let (answers, cost) = run(&client, keys).await;
    let sent = sim.requests_received() - before;
    assert_eq!(sent, 3, "two to prove the filter, one for the 25");
    assert_eq!(cost, 3);
    assert_eq!(answers.len(), 25, "every address answered");
    assert!(answers.values().all(|l| *l == Lookup::Found(Vec::new())));
    assert_eq!(client.capabilities().multi_email_filter, Some(true));
}

#[tokio::test]
async fn an_unproven_empty_batch_is_not_taken_as_nobody_known() {
    let (sim, client) = sim("").await;
    let nobody: Vec<PersonKey> = (0..3)
        .filter_map(|i| PersonKey::email(&format!("leeg.{i}@nergens-bekend.nl")))
        .collect();
    let before = sim.requests_received();
    let (answers, cost) = run(&client, nobody).await;
    let sent = sim.requests_received() - before;
    assert_eq!(
        sent, 3,
        "the batch, then single lookups within one request per address"
    );
    assert_eq!(cost, 3);
    assert_eq!(answers.len(), 2, "the third waits for the planner's retry");
    assert!(answers.values().all(|l| *l == Lookup::Found(Vec::new())));
    assert_eq!(
        client.capabilities().multi_email_filter,
        None,
        "still unproven"
    );
}

#[tokio::test]
async fn a_server_ignoring_the_list_gets_single_lookups_and_that_is_remembered() {
    let (sim, client) = sim("person-list-ignored").await;
    let expected = pasted(&sim, 6);
    let keys: Vec<PersonKey> = expected.iter().map(|(k, _)| k.clone()).collect();
    let before = sim.requests_received();
    let (answers, cost) = run(&client, keys.clone()).await;
    let sent = sim.requests_received() - before;
    assert_eq!(sent, 25, "never more requests than addresses");
    assert_eq!(cost, 25);
    assert_eq!(
        answers.len(),
        23,
        "two requests proved the filter ignored; two addresses left for the planner's retry"
    );
    assert_right(&answers, &expected);
    assert_eq!(client.capabilities().multi_email_filter, Some(false));
    // Remembered: the rest (and any later list) goes singly, no batch tried again.
    let rest: Vec<PersonKey> = keys
        .into_iter()
        .filter(|k| !answers.contains_key(k))
        .collect();
    let before = sim.requests_received();
    let (more, _) = run(&client, rest).await;
    assert_eq!(sim.requests_received() - before, 2);
    assert_eq!(more.len(), 2);
    assert_right(&more, &expected);
}
