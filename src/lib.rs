//! coachdesk: a desktop app and CLI for Coachview training administrators.
//!
//! The library holds everything; `main.rs` only parses arguments. Layers, from the bottom:
//! `resource`, `paths`, `config`, `credentials`, `i18n` (neutral), `api` (HTTP client),
//! `store` (SQLite), `sync`, `export`, `enrol`, `outbox`, `session` (one connection: folder,
//! client, store, outbox, fetch, enrol — shared by the worker and the CLI), `worker` (tokio task),
//! `app` + `ui` (egui). The worker never imports `ui`. `simulator` is a self-contained Coachview stand-in.

// Product code never unwraps (tests may); an item is `pub` only when the binary, the tests or the
// benches can reach it. Warnings, so CI's `clippy -D warnings` fails on them while a cross-build
// for another platform still builds.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
#![warn(unreachable_pub)]
#![warn(missing_docs)]

pub mod api;
pub mod app;
pub mod atomic_file;
pub mod cancel;
pub mod cli;
pub mod config;
pub mod credentials;
pub mod enrol;
pub mod error;
pub mod export;
pub mod i18n;
pub mod logging;
pub mod message;
pub mod outbox;
pub mod paths;
pub mod record;
pub mod renderer;
pub mod resource;
pub mod session;
pub mod simulator;
mod sqlite_busy;
pub mod store;
pub mod sync;
pub mod ui;
pub mod window;
pub mod worker;

#[cfg(test)]
mod props_tests;
