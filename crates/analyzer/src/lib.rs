//! analyzer (to be written)
