//! What the benches share: measuring a child process from outside, and generated records.
#![allow(dead_code)]

pub mod process;
pub mod records;
pub mod sim;
