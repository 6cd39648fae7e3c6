//! Shared helpers of the benchmarks (see `benches/README.md`).
