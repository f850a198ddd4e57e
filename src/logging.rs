//! Logging: `tracing` to a daily rolling file in the log folder, INFO by default (`RUST_LOG`
//! overrides). Nothing secret is ever logged: tokens and secrets never reach a log call.

use std::path::Path;

/// Keeps the background log writer alive; drop it at exit to flush.
pub(crate) struct LogGuard(#[allow(dead_code)] Option<tracing_appender::non_blocking::WorkerGuard>);

/// Starts file logging; a failure to create the folder only disables logging.
pub(crate) fn init(dir: &Path) -> LogGuard {
    if std::fs::create_dir_all(dir).is_err() {
        return LogGuard(None);
    }
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("coachdesk")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir);
    let Ok(appender) = appender else {
        return LogGuard(None);
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    LogGuard(Some(guard))
}
