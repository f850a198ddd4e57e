//! store: not built yet.
