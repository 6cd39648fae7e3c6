//! Arrival times shaped by the hour of the day.
//!
//! A [`Profile`] gives a relative weight to each local hour (interpolated between hour
//! midpoints). [`arrivals`] turns "so many per day" into instants: per minute it takes the
//! expected count, rounds it at random (floor plus a Bernoulli draw on the fraction) and spreads
//! the events uniformly in the minute. Only integer and basic floating-point operations are
//! used, so the draws are the same on every platform.

use rand::Rng;

use crate::time::{Time, MINUTE};
use crate::world::World;

/// Relative activity per local hour, 0–23.
#[derive(Clone, Copy, Debug)]
pub struct Profile(pub [f64; 24]);

impl Profile {
    /// A small business web site: quiet at night, a peak mid-afternoon, a second one at
    /// evening.
    pub const WEB: Profile = Profile([
        0.36, 0.24, 0.16, 0.12, 0.10, 0.12, 0.22, 0.42, 0.70, 0.92, 1.04, 1.12, 1.22, 1.34, 1.46,
        1.52, 1.42, 1.26, 1.16, 1.20, 1.22, 1.06, 0.80, 0.56,
    ]);
    /// Office mail: working hours.
    pub const OFFICE: Profile = Profile([
        0.10, 0.06, 0.05, 0.05, 0.05, 0.08, 0.20, 0.55, 1.30, 1.80, 1.90, 1.80, 1.20, 1.70, 1.80,
        1.70, 1.60, 1.40, 0.90, 0.50, 0.40, 0.30, 0.20, 0.15,
    ]);
    /// Bots and scanners: around the clock.
    pub const FLAT: Profile = Profile([1.0; 24]);

    /// Weight at a local time of day.
    pub fn weight(&self, hour: u8, minute: u8) -> f64 {
        // Position in hours with hour h's value at h:30.
        let x = f64::from(hour) + f64::from(minute) / 60.0 - 0.5;
        let x = if x < 0.0 { x + 24.0 } else { x };
        let i = x as usize % 24;
        let frac = x - x.floor();
        let (a, b) = (self.0[i], self.0[(i + 1) % 24]);
        a + (b - a) * frac
    }

    /// Sum of the weights of the 1,440 minutes of a day.
    pub fn day_sum(&self) -> f64 {
        (0..24u8)
            .flat_map(|h| (0..60u8).map(move |m| (h, m)))
            .map(|(h, m)| self.weight(h, m))
            .sum()
    }
}

/// Appends to `out`, in order, the instants of about `per_day` daily events following
/// `profile` between `from` and `to`.
pub fn arrivals(
    world: &World,
    rng: &mut impl Rng,
    profile: &Profile,
    per_day: f64,
    from: Time,
    to: Time,
    out: &mut Vec<Time>,
) {
    if per_day <= 0.0 || to <= from {
        return;
    }
    let scale = per_day / profile.day_sum();
    let first = out.len();
    let mut minute = Time::from_micros(from.micros().div_euclid(MINUTE) * MINUTE);
    while minute < to {
        let next = minute.add(MINUTE);
        let lo = minute.max(from);
        let hi = next.min(to);
        let local = world.clock.local(minute);
        let share = hi.since(lo) as f64 / MINUTE as f64;
        let expected = profile.weight(local.hour, local.minute) * scale * share;
        let whole = expected.floor();
        let n = whole as u64 + u64::from(rng.gen_bool((expected - whole).clamp(0.0, 1.0)));
        for _ in 0..n {
            out.push(lo.add(rng.gen_range(0..hi.since(lo))));
        }
        minute = next;
    }
    out[first..].sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_continuous_and_peak_in_the_afternoon() {
        let p = Profile::WEB;
        assert!((p.weight(15, 30) - 1.52).abs() < 1e-9);
        assert!((p.weight(23, 59) - p.weight(0, 0)).abs() < 0.02);
        assert!(p.weight(15, 0) > 3.0 * p.weight(4, 0));
        assert!((Profile::FLAT.day_sum() - 1440.0).abs() < 1e-6);
    }
}
