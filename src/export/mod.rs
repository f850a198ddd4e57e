//! export: not built yet.
