//! nginx logs: the access log ([`access`]) and the error log ([`error`]).

pub(crate) mod access;
pub(crate) mod error;
