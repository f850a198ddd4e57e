//! simulator: not built yet.
