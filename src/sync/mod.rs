//! sync: not built yet.
