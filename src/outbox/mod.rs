//! outbox: not built yet.
