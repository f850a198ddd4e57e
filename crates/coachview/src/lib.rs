//! coachview: the part of coachdesk that talks to Coachview and keeps its data, with no UI.
//!
//! Layers, from the bottom: `clock` (the one clock everything reads time through), `resource`,
//! `paths`, `atomic_file`, `cancel`, `i18n` (neutral: the string tables both the app and the CLI
//! speak), `api` (HTTP client), `store` (SQLite), `record` (typed rows), `sync`, `export`, `enrol`
//! (enrolment rules), `outbox`. The app (`coachdesk`) and the simulator (`coachview-sim`) build on
//! this crate; it knows neither.

// Product code never unwraps (tests may); an item is `pub` only when another crate, the tests or
// the benches can reach it.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
#![warn(unreachable_pub)]
#![warn(missing_docs)]

pub mod api;
pub mod atomic_file;
pub mod cancel;
pub mod clock;
pub mod enrol;
pub mod export;
pub mod i18n;
pub mod outbox;
pub mod paths;
pub mod record;
pub mod resource;
mod sqlite_busy;
pub mod store;
pub mod sync;

#[cfg(test)]
mod props_tests;
