//! Incident injectors: the story of a scenario, written on top of the background.
//!
//! An injector is a [`Generator`](crate::gen::Generator) that emits its whole story in the
//! rotation period where it begins (later lines are carried over by the sink) and records the
//! ground truth in the expected answer. The background learns of the incident only through the
//! [`World`](crate::world::World) (e.g. when the database is down).

pub(crate) mod mass_mail;
pub(crate) mod oom;
