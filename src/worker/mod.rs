//! worker: not built yet.
