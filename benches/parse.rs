//! Parser throughput: bytes in memory to typed events, one thread.
use criterion::{criterion_group, criterion_main, Criterion};

fn parse(_c: &mut Criterion) {}

criterion_group!(benches, parse);
criterion_main!(benches);
