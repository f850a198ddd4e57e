//! Names that come with the record: `InclusiefDirecteRelaties=true` is asked only where the probe
//! proved it accepted and honoured on this connection. The embedded objects are taken out of
//! each record before it is stored (the record stays as without the flag: same size, same
//! fields between versions) and their names, identity proven, go to the names cache. A 400 to
//! the flag, or pages that stop carrying embedded objects, drop it for the rest of the run and
//! are remembered in the connection's capabilities.

use super::cursor::Cursor;
use crate::api::Client;
use crate::api::probe::RELATIONS_FLAG;
use crate::api::raw::RawRecord;
use crate::record::names::EmbeddedNames;
use crate::record::unembed::unembed_text;
use crate::resource::Resource;

/// Resources whose records point at others by id (a name worth embedding).
pub fn wants_relations(resource: Resource) -> bool {
    matches!(
        resource,
        Resource::Aanvragen
            | Resource::Orderverkoopregels
            | Resource::Opleidingen
            | Resource::Opleidingsonderdelen
            | Resource::Webaanvragen
    )
}

/// Whether a sync expected to bring `rows` rows of `resource` asks for embedded relations: only
/// where this connection proved them honoured, and only when they cost less than looking the
/// names of the rows in view up afterwards ([`super::names_cost`]).
pub(super) fn embed_for(client: &Client, resource: Resource, rows: u64) -> bool {
    if !wants_relations(resource) || client.capabilities().direct_relations != Some(true) {
        return false;
    }
    let embed = embeds(client, rows);
    if !embed {
        tracing::info!(
            "{resource}: {rows} rows expected; names by batched lookups, not embedded in every row"
        );
    }
    embed
}

/// Whether embedded relations cost less than looking the names of `rows` rows up afterwards, on
/// this connection's line and what is left of its day (the caller checks the capability).
pub(super) fn embeds(client: &Client, rows: u64) -> bool {
    let rate = client.rate_limit();
    super::names_cost::embed(rows, &client.link(), rate.remaining, rate.daily_limit())
}

/// The guess for the first page, asked before the plan's count: embedded relations where a
/// page's worth of rows would get them (a small sync, the usual "since last sync").
pub(super) fn embed_first_page(client: &Client, resource: Resource, page: u64) -> bool {
    wants_relations(resource)
        && client.capabilities().direct_relations == Some(true)
        && embeds(client, page)
}

/// Adds the flag to `cursor` when this run embeds relations ([`embed_for`]).
pub(super) fn ask_relations(cursor: Cursor, embed: bool) -> Cursor {
    if embed {
        cursor.with_flag(RELATIONS_FLAG)
    } else {
        cursor
    }
}

/// The tenant refused or ignored the flag: ask it no more (this run and, remembered, later).
pub(super) fn drop_relations(client: &Client, cursor: &mut Cursor, why: &str) {
    tracing::warn!("InclusiefDirecteRelaties {why}: names are fetched in batches instead");
    cursor.without_flag(RELATIONS_FLAG);
    client.update_capabilities(|c| c.direct_relations = Some(false));
}

/// Takes the embedded objects out of a page's records (when the flag was asked) and returns
/// their proven names; a page with ids but nothing embedded drops the flag. Without the flag a
/// record's text is stored as it came; with it, the embedded objects are cut out of the text
/// (see [`unembed_text`]: no `Value` of the whole record).
pub(super) fn unembed(
    client: &Client,
    cursor: &mut Cursor,
    records: &mut [RawRecord],
) -> EmbeddedNames {
    if !cursor.has_flag(RELATIONS_FLAG) {
        return Vec::new();
    }
    let (mut ids_seen, mut proven) = (false, false);
    let mut names = Vec::new();
    for record in records.iter_mut() {
        let Some(found) = unembed_text(&record.json) else {
            continue;
        };
        ids_seen |= found.ids_seen;
        proven |= found.proven;
        names.extend(found.names);
        if let Some(json) = found.json {
            record.json = json.into_boxed_str();
        }
    }
    if ids_seen && !proven {
        drop_relations(client, cursor, "was ignored");
    }
    names
}
