//! enrol: not built yet.
