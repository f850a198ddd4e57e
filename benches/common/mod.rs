//! What the benches share: measuring a child process from outside, generated records, a
//! `coachdesk sim` child, and reading a setting from the environment.
#![allow(dead_code)]

pub mod process;
pub mod records;
pub mod sim;

/// A whole number from the environment variable `name`, else `default`.
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Runs a bench's async body on the two-thread runtime every bench uses.
pub fn run(bench: impl std::future::Future<Output = ()>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(bench);
}
