//! Benchmark placeholder: simulator.

fn main() {}
