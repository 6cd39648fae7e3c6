//! Baselines and bursts over per-minute series.
//!
//! A signal's normal level comes from the window itself with statistics that a burst cannot
//! drag up: the median and the median absolute deviation. A burst is a run of minutes far above
//! that level (short dips inside the run are bridged), reported with its start, end, peak and
//! its rate as a multiple of the usual rate outside bursts.

/// A run of minutes far above a signal's normal level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Burst {
    /// First minute of the run (minutes since the epoch).
    pub start_min: i64,
    /// Last minute of the run, inclusive.
    pub end_min: i64,
    /// Sum over the run.
    pub total: u64,
    /// Highest minute.
    pub peak: u32,
    /// When the highest minute was.
    pub peak_min: i64,
    /// The usual rate per minute outside bursts.
    pub usual_per_min: f64,
    /// The run's rate as a multiple of the usual rate.
    pub factor: f64,
}

impl Burst {
    /// Length in minutes.
    pub fn minutes(&self) -> i64 {
        self.end_min - self.start_min + 1
    }
}

/// Median of a slice: the middle value (the mean of the two middle values of an even count)
/// in `f64::total_cmp`'s order, found by selection in a copy rather than by sorting it (a
/// diagnosis takes a few dozen medians of a day of minutes, after the scan, on one core).
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    let (below, &mut middle, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return middle;
    }
    // The value just below the middle is the largest of those before it.
    let lower = below
        .iter()
        .copied()
        .max_by(f64::total_cmp)
        .unwrap_or(middle);
    (lower + middle) / 2.0
}

/// The level above which a minute is abnormal: median + 8 robust standard deviations, and at
/// least `floor` and four times the median.
pub fn threshold(values: &[u32], floor: f64) -> f64 {
    let v: Vec<f64> = values.iter().map(|&x| f64::from(x)).collect();
    let med = median(&v);
    let deviations: Vec<f64> = v.iter().map(|x| (x - med).abs()).collect();
    let mad = median(&deviations) * 1.4826;
    (med + 8.0 * mad).max(med * 4.0).max(floor)
}

/// The highest value within `radius` places of each place of `values` (the band cut at the
/// ends): `band_max(v, r)[i]` is the maximum of `v[i - r ..= i + r]`. In blocks of the band's
/// width, the running maxima from each block's start and from each block's end give any band
/// as two lookups (van Herk, Gil and Werman), instead of reading its `2r + 1` values: the
/// diagnosis reads a day of minutes a band at a time for each series it looks for bursts in.
fn band_max(values: &[u32], radius: usize) -> Vec<u32> {
    let width = 2 * radius + 1;
    let n = values.len();
    let mut from_start = values.to_vec();
    let mut to_end = values.to_vec();
    for block in 0..n.div_ceil(width) {
        let (lo, hi) = (block * width, ((block + 1) * width).min(n));
        for i in lo + 1..hi {
            from_start[i] = from_start[i].max(from_start[i - 1]);
        }
        for i in (lo..hi - 1).rev() {
            to_end[i] = to_end[i].max(to_end[i + 1]);
        }
    }
    (0..n)
        .map(|i| {
            let (a, b) = (i.saturating_sub(radius), (i + radius).min(n - 1));
            if a / width == b / width {
                // A band within one block: only at the ends, where it is cut short.
                values[a..=b].iter().copied().max().unwrap_or(0)
            } else {
                // A band over two neighbouring blocks: the end of one, the start of the next.
                to_end[a].max(from_start[b])
            }
        })
        .collect()
}

/// Finds bursts in `values` (one per minute from `origin_min`): runs at or above the
/// threshold, bridging gaps of up to `max_gap` minutes, whose total reaches `min_total`.
pub fn find_bursts(
    values: &[u32],
    origin_min: i64,
    floor: f64,
    min_total: u64,
    max_gap: usize,
) -> Vec<Burst> {
    find_bursts_by_time_of_day(values, None, origin_min, floor, min_total, max_gap)
}

/// Like [`find_bursts`], and where the same minutes one day earlier are known
/// (`day_before[i]` is `values[i]`'s minute minus 24 hours), a minute must also stand twice
/// above the highest minute of that time of day (ten minutes either side) the day before: a
/// daily newsletter or the afternoon peak is normal at its hour.
pub fn find_bursts_by_time_of_day(
    values: &[u32],
    day_before: Option<&[u32]>,
    origin_min: i64,
    floor: f64,
    min_total: u64,
    max_gap: usize,
) -> Vec<Burst> {
    let global = threshold(values, floor);
    let limits: Vec<f64> = match day_before {
        Some(before) if before.len() == values.len() => band_max(before, 10)
            .into_iter()
            .map(|level| global.max(2.0 * f64::from(level)))
            .collect(),
        _ => vec![global; values.len()],
    };
    let above = |k: usize| f64::from(values[k]) >= limits[k];
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < values.len() {
        if !above(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < values.len() {
            if above(j) {
                end = j;
            } else if j - end > max_gap {
                break;
            }
            j += 1;
        }
        runs.push((start, end));
        i = end + 1;
    }
    // The mean of the minutes outside every run, summed in order. The runs are in order and
    // apart, so one walk over them tells each minute's place (a noisy day has hundreds of
    // short runs, which a search of all of them for each minute went through).
    let (mut outside_sum, mut outside_len) = (0.0, 0usize);
    let mut next_runs = runs.iter().peekable();
    for (k, &x) in values.iter().enumerate() {
        while next_runs.next_if(|&&(_, end)| end < k).is_some() {}
        if next_runs.peek().is_none_or(|&&(start, _)| start > k) {
            outside_sum += f64::from(x);
            outside_len += 1;
        }
    }
    let usual = if outside_len == 0 {
        0.0
    } else {
        outside_sum / outside_len as f64
    };
    // At least one event an hour, so a burst out of silence gets a finite factor.
    let usual = usual.max(1.0 / 60.0);
    runs.into_iter()
        .filter_map(|(s, e)| {
            let slice = &values[s..=e];
            let total: u64 = slice.iter().map(|&x| u64::from(x)).sum();
            if total < min_total {
                return None;
            }
            let (peak_off, &peak) = slice
                .iter()
                .enumerate()
                .max_by_key(|&(k, v)| (*v, usize::MAX - k))?;
            let minutes = (e - s + 1) as f64;
            Some(Burst {
                start_min: origin_min + s as i64,
                end_min: origin_min + e as i64,
                total,
                peak,
                peak_min: origin_min + (s + peak_off) as i64,
                usual_per_min: usual,
                factor: total as f64 / minutes / usual,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small fixed-seed generator (xorshift64) for the tests' made-up series.
    fn xorshift() -> impl FnMut() -> u64 {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// The band maxima by blocks are those read band by band, for lengths around the block
    /// width and values with runs and peaks (a simple generator, fixed seed).
    #[test]
    fn band_max_is_the_max_of_each_band() {
        let mut next = xorshift();
        for radius in [0usize, 1, 2, 10] {
            for n in (0usize..70).chain([1440, 1441]) {
                let values: Vec<u32> = (0..n)
                    .map(|_| match next() % 4 {
                        0 => 0,
                        1 => 7,
                        _ => (next() % 1000) as u32,
                    })
                    .collect();
                let by_bands: Vec<u32> = (0..n)
                    .map(|i| {
                        let band = &values[i.saturating_sub(radius)..(i + radius + 1).min(n)];
                        band.iter().copied().max().unwrap_or(0)
                    })
                    .collect();
                assert_eq!(
                    band_max(&values, radius),
                    by_bands,
                    "radius {radius}, n {n}"
                );
            }
        }
    }

    /// The median by selection is the median of the sorted values, for counts odd and even,
    /// with runs of equal values and zeros as a day of minutes has them.
    #[test]
    fn median_by_selection_is_the_sorted_median() {
        fn sorted_median(values: &[f64]) -> f64 {
            let mut v = values.to_vec();
            v.sort_by(f64::total_cmp);
            let n = v.len();
            match n {
                0 => 0.0,
                _ if n % 2 == 1 => v[n / 2],
                _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
            }
        }
        let mut next = xorshift();
        for len in (0..70).chain([1440, 1441, 2880]) {
            for spread in [1, 3, 50, 10_000] {
                let values: Vec<f64> = (0..len)
                    .map(|_| {
                        let r = next() % spread;
                        // Mostly quiet minutes, some busy ones.
                        if r.is_multiple_of(4) {
                            0.0
                        } else {
                            r as f64
                        }
                    })
                    .collect();
                assert_eq!(
                    median(&values).to_bits(),
                    sorted_median(&values).to_bits(),
                    "{len} {spread}"
                );
            }
        }
    }

    #[test]
    fn a_burst_out_of_a_quiet_day() {
        let mut v = vec![0u32; 600];
        for (i, x) in v.iter_mut().enumerate() {
            *x = u32::from(i % 7 == 0);
        }
        for x in &mut v[500..513] {
            *x = 200;
        }
        v[506] = 3; // a dip inside the run is bridged
        let b = find_bursts(&v, 1000, 10.0, 100, 2);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].start_min, b[0].end_min), (1500, 1512));
        assert_eq!(b[0].peak, 200);
        assert!(b[0].factor > 100.0, "{}", b[0].factor);
    }

    #[test]
    fn an_ordinary_busy_day_has_no_burst() {
        let v: Vec<u32> = (0..1440).map(|i| 20 + (i % 13) as u32).collect();
        assert!(find_bursts(&v, 0, 10.0, 100, 2).is_empty());
    }

    #[test]
    fn a_burst_at_its_usual_hour_is_no_burst() {
        // A daily newsletter: 300 a minute for 10 minutes, yesterday and today.
        let mut today = vec![1u32; 600];
        for x in &mut today[300..310] {
            *x = 300;
        }
        let yesterday = today.clone();
        assert_eq!(find_bursts(&today, 0, 10.0, 100, 2).len(), 1);
        assert!(find_bursts_by_time_of_day(&today, Some(&yesterday), 0, 10.0, 100, 2).is_empty());
        // Yesterday was quiet at that hour: today's run is a burst.
        let quiet = vec![1u32; 600];
        assert_eq!(
            find_bursts_by_time_of_day(&today, Some(&quiet), 0, 10.0, 100, 2).len(),
            1
        );
    }

    #[test]
    fn small_runs_below_the_total_are_ignored() {
        let mut v = vec![0u32; 100];
        v[50] = 30;
        assert!(find_bursts(&v, 0, 10.0, 100, 2).is_empty());
        assert_eq!(find_bursts(&v, 0, 10.0, 20, 2).len(), 1);
    }
}
