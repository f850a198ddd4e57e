//! ui: not built yet.
