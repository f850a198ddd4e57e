//! Benchmark placeholder: table.

fn main() {}
