//! Incident injectors: the story of a scenario, written on top of the background.
//!
//! An injector is a [`Generator`](crate::gen::Generator) that emits its whole story in the
//! rotation period where it begins (later lines are carried over by the sink) and records the
//! ground truth in the expected answer. The background learns of the incident only through the
//! [`World`](crate::world::World) (is the database up, is PHP saturated, is a client's address
//! blocked), which [`plan`] derives from the scenario before anything is generated.
//!
//! Decoys ([`decoys`]) are injectors too: harmless bursts and restarts that a good diagnosis
//! must not take for the cause.

pub(crate) mod client_banned;
pub(crate) mod db;
pub(crate) mod db_crash;
pub(crate) mod db_stopped;
pub(crate) mod decoys;
pub(crate) mod disk_full;
pub(crate) mod mass_mail;
pub(crate) mod oom;
pub(crate) mod oom_leak;
pub(crate) mod web_attack;

use crate::gen::Generator;
use crate::scenario::{Incident, Scenario};
use crate::time::{Clock, SECOND};
use crate::world::{DbDown, Gone, Plan, World};

/// What the scenario's incident and decoys change in the state of the services.
pub(crate) fn plan(scenario: &Scenario, clock: &Clock) -> Plan {
    let mut plan = Plan::default();
    match &scenario.incident {
        Incident::None => {}
        Incident::MassMail(m) => {
            let kill = clock.at(m.oom_at).add(311_408);
            let ready = clock.at(m.restart_at).add(3 * SECOND + 88_112);
            plan.db_down.push(DbDown {
                from: kill,
                to: ready,
                gone: Gone::Killed,
            });
            plan.db_starts.push(ready);
        }
        Incident::DbCrash(p) => db_crash::plan(p, clock, &mut plan),
        Incident::DbStopped(p) => db_stopped::plan(p, clock, &mut plan),
        Incident::DiskFull(p) => disk_full::plan(p, clock, &mut plan),
        Incident::ClientBanned(p) => client_banned::plan(p, clock, scenario.seed, &mut plan),
        Incident::WebAttack(p) => web_attack::plan(p, clock, &mut plan),
        Incident::OomLeak(p) => oom_leak::plan(p, clock, &mut plan),
    }
    for decoy in &scenario.decoys {
        decoys::plan(decoy, clock, &mut plan);
    }
    plan
}

/// The injectors of the scenario's incident and decoys.
pub(crate) fn injectors(scenario: &Scenario, world: &World) -> Vec<Box<dyn Generator>> {
    let mut gens: Vec<Box<dyn Generator>> = Vec::new();
    match &scenario.incident {
        Incident::None => {}
        Incident::MassMail(p) => {
            gens.push(Box::new(mass_mail::MassMailIncident::new(world, p.clone())))
        }
        Incident::DbCrash(p) => gens.push(Box::new(db_crash::DbCrashIncident::new(world, p))),
        Incident::DbStopped(p) => gens.push(Box::new(db_stopped::DbStoppedIncident::new(world, p))),
        Incident::DiskFull(p) => gens.push(Box::new(disk_full::DiskFullIncident::new(world, p))),
        Incident::ClientBanned(p) => gens.push(Box::new(client_banned::ClientBannedIncident::new(
            world,
            p,
            scenario.seed,
        ))),
        Incident::WebAttack(p) => gens.push(Box::new(web_attack::WebAttackIncident::new(world, p))),
        Incident::OomLeak(p) => gens.push(Box::new(oom_leak::OomLeakIncident::new(world, p))),
    }
    for (i, decoy) in scenario.decoys.iter().enumerate() {
        gens.push(decoys::injector(world, decoy, i));
    }
    gens
}
