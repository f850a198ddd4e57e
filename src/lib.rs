//! coachdesk: a desktop app and CLI for Coachview training administrators.
//!
//! The library holds the app; `main.rs` only parses arguments. It builds on two crates of the
//! workspace: `coachview` (API client, store, sync, export, enrolment rules, outbox, strings; no
//! egui) and `coachview-sim` (the Coachview stand-in). Layers here, from the bottom: `config`,
//! `credentials`, `error`, `message`, `session` (one connection: folder, client, store, outbox,
//! fetch, enrol — shared by the worker and the CLI), `worker` (tokio task), `cli`, `app` + `ui`
//! (egui). The worker never imports `ui`.

// Product code never unwraps (tests may); an item is `pub` only when the binary, the tests or the
// benches can reach it. Warnings, so CI's `clippy -D warnings` fails on them while a cross-build
// for another platform still builds.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
#![warn(unreachable_pub)]
#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod config;
pub mod credentials;
pub mod error;
pub mod logging;
pub mod message;
pub mod renderer;
pub mod session;
pub mod ui;
pub mod window;
pub mod worker;

// The core and the simulator are their own crates (the compiler keeps the layers); the app uses
// them under the names it always had, and so do the tests and benches (`coachdesk::api::…`).
pub use coachview::{
    api, atomic_file, cancel, clock, enrol, export, i18n, outbox, paths, record, resource, store,
    sync,
};
pub use coachview_sim as simulator;
