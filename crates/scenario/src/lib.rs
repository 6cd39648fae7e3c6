//! scenario (to be written)
