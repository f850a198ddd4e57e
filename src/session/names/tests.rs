//! Names against the simulator: an ignored id filter is remembered and bounds the single GETs,
//! batches are paged under a resource's own cap, and a 404 for one resource fails no other.

use super::*;
use crate::api::ClientConfig;
use crate::simulator::dialect::Dialect;
use crate::simulator::{SimConfig, SimHandle, Simulator};

async fn sim(spec: &str) -> (SimHandle, Client) {
    let sim = Simulator::start(SimConfig {
        scale: 700,
        dialect: Dialect::parse(spec).unwrap(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    (sim, client)
}

fn ids(sim: &SimHandle, resource: Resource, n: usize) -> Vec<String> {
    let all: Vec<String> = sim
        .all(resource)
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        // From the end: an ignored filter answers the first records, which must not be the
        // asked ones by chance.
        .rev()
        .take(n)
        .collect();
    assert_eq!(all.len(), n, "the simulator holds {n} {resource}");
    all
}

fn found(r: &Resolved) -> usize {
    r.names
        .iter()
        .filter(|(_, s)| matches!(s, NameState::Found(_)))
        .count()
}

#[tokio::test]
async fn an_ignored_id_filter_is_remembered_and_single_gets_are_bounded() {
    let (sim, client) = sim("id-filter-ignored").await;
    let asked = ids(&sim, Resource::Opleidingen, 60);
    let before = sim.requests_received();
    let r = resolve(&client, Resource::Opleidingen, &asked, &Cancel::new()).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(found(&r), MAX_GETS, "the visible ones first, by GET");
    assert_eq!(r.untried.len(), 60 - MAX_GETS, "the rest asked again later");
    assert_eq!(
        client
            .capabilities()
            .id_filter
            .get(Resource::Opleidingen.name()),
        Some(&false)
    );
    // token + the list that proved the filter ignored + the GETs
    assert_eq!(sim.requests_received() - before, 1 + 1 + MAX_GETS as u64);
    // The next job does not test the filter again.
    let before = sim.requests_received();
    let r = resolve(&client, Resource::Opleidingen, &asked[40..], &Cancel::new()).await;
    assert_eq!(found(&r), 20);
    assert_eq!(sim.requests_received() - before, 20, "GETs only, no list");
}

#[tokio::test]
async fn a_batch_is_paged_under_the_resources_own_cap() {
    let (sim, client) = sim("page-cap=Opleidingen:7").await;
    let asked = ids(&sim, Resource::Opleidingen, 30);
    let r = resolve(&client, Resource::Opleidingen, &asked, &Cancel::new()).await;
    assert!(r.error.is_none() && r.untried.is_empty());
    assert_eq!(found(&r), 30, "no id past the cap turned into 'missing'");
    assert_eq!(
        client
            .capabilities()
            .page_size_for(Resource::Opleidingen, &[]),
        Some(7)
    );
    assert_eq!(
        client
            .capabilities()
            .id_filter
            .get(Resource::Opleidingen.name()),
        Some(&true),
        "proven honoured"
    );
}

#[tokio::test]
async fn a_404_for_one_resource_is_no_failure_for_it_or_the_others() {
    let (sim, client) = sim("bedrijven-404").await;
    let bedrijven = vec!["00000000-0000-0000-0000-00000000b001".to_string()];
    let r = resolve(&client, Resource::Bedrijven, &bedrijven, &Cancel::new()).await;
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.names, vec![(bedrijven[0].clone(), NameState::Missing)]);
    let asked = ids(&sim, Resource::Opleidingen, 5);
    let r = resolve(&client, Resource::Opleidingen, &asked, &Cancel::new()).await;
    assert_eq!(found(&r), 5);
}
