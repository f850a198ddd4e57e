//! Benchmark placeholder: export.

fn main() {}
