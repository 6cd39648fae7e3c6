//! nginx logs: the access log ([`access`]) in its built-in shapes or in a user's own
//! `log_format` ([`custom`]), and the error log ([`error`]).

pub(crate) mod access;
pub(crate) mod custom;
pub(crate) mod error;
