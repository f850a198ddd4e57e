//! Benchmark placeholder: sync.

fn main() {}
