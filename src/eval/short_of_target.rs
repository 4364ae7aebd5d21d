//! A target leaf's points short of its target, already rounded as the
//! scorecard rounds them, in 128-bit integers: `max·a/t` when a unit is
//! below a higher-is-better target, `max·t/a` past a lower-is-better one.
//!
//! Half the leaves of a typical sheet take this path, and a 96-bit decimal
//! division followed by a rounding was most of their cost. The number is
//! the exact rational rounded, which is what the decimal path gives too
//! whenever its division's last digit cannot cross a rounding boundary;
//! where that is not certain (the guard below), `None` sends the caller to
//! the decimal path. Only quotients with more digits than the places kept
//! take this path: their rounded value has exactly that many places, the
//! decimal path's scale too, so the text is the same wherever a page
//! prints points unnormalised.

use crate::pack::scorecard::RoundMode;
use crate::pack::scoring::Scoring;
use rust_decimal::Decimal;

use super::points::Raw;

/// The most a decimal's mantissa holds (2^96 − 1).
const MANTISSA_MAX: u128 = (1 << 96) - 1;

/// Powers of ten up to 10^38, the most a `u128` holds.
const POW10: [u128; 39] = {
    let mut p = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// `max·n/d` past or short of target, rounded to `places` by `mode`;
/// `None` for every other case (at or past a higher-is-better target, a
/// zero or negative input) and when the guard cannot vouch for it.
pub fn rounded(s: &Scoring, raw: &Raw, places: u32, mode: RoundMode) -> Option<Decimal> {
    // Below a higher-is-better target: `max·a/t` for 0 ≤ a < t; past a
    // lower-is-better one: `max·t/a` for 0 ≤ t < a. `ratio_rounded` takes
    // exactly those (n < d, both not negative) and refuses the rest.
    match s {
        Scoring::Target { max, .. } => ratio_rounded(*max, raw.a, raw.t, places, mode),
        Scoring::TargetLower { max } => ratio_rounded(*max, raw.t, raw.a, places, mode),
        _ => None,
    }
}

/// A decimal's digits and scale, when it is not negative.
fn parts(d: Decimal) -> Option<(u128, u32)> {
    (!d.is_sign_negative()).then(|| (d.mantissa().unsigned_abs(), d.scale()))
}

/// `max·n/d` for `0 ≤ n < d` and `max ≥ 0`, rounded to `places`: what
/// `mode.apply(max·n / d, places)` gives in decimals, value and scale.
fn ratio_rounded(max: Decimal, n: Decimal, d: Decimal, places: u32, mode: RoundMode) -> Option<Decimal> {
    let ((m, ms), (nm, ns), (dm, ds)) = (parts(max)?, parts(n)?, parts(d)?);
    // n/d = ni/di, both at one scale (integers compare as the decimals do).
    let common = ns.max(ds);
    let ni = nm.checked_mul(POW10[(common - ns) as usize])?;
    let di = dm.checked_mul(POW10[(common - ds) as usize])?;
    // The decimal path multiplies `max·n` first: its product must be exact
    // (a mantissa within 96 bits, a scale within 28) for both to start alike.
    if di == 0 || ni >= di || places > 28 || ms + ns > 28 || m.checked_mul(nm)? > MANTISSA_MAX {
        return None;
    }
    // points·10^places = num/den exactly.
    let den = di.checked_mul(POW10[ms as usize])?;
    // Guard: the quotient is below `max` < 10^k, so the decimal division
    // keeps at least 28 − k places and errs by less than 10^(k−28); the
    // exact quotient, when not on a rounding boundary (a multiple of half
    // a unit of the last place), is at least 1/(2·den·10^places) from one.
    // Below that distance the two paths round alike.
    let k = m.checked_ilog10().map_or(0, |l| l + 1).saturating_sub(ms);
    let e = k + 1 + places;
    if e > 28 || den.checked_mul(2)? > POW10[(28 - e) as usize] {
        return None;
    }
    // num = points·10^places·den < 10^(k+places)·den < 10^27: no overflow.
    let num = m.checked_mul(ni)?.checked_mul(POW10[places as usize])?;
    let (q, r) = match (u64::try_from(num), u64::try_from(den)) {
        (Ok(x), Ok(y)) => (u128::from(x / y), u128::from(x % y)),
        _ => (num / den, num % den),
    };
    if r == 0 {
        // Exact at `places` (a zero actual among them): the decimal path's
        // scale then depends on how its division strips zeros, so it
        // decides, and its text stays what it was.
        return None;
    }
    let q = match mode {
        RoundMode::Down => q,
        RoundMode::Up => q + 1,
        RoundMode::HalfUp => q + u128::from(2 * r >= den),
        RoundMode::HalfEven => q + u128::from(2 * r > den || (2 * r == den && q % 2 == 1)),
    };
    // More digits than `places`: rounding cut the quotient to exactly
    // `places`, the scale the decimal path ends at too.
    let q = i128::try_from(q).ok().filter(|q| *q <= MANTISSA_MAX as i128)?;
    Some(Decimal::from_i128_with_scale(q, places))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The decimal path: what `leaf_points` and the rounding after it do.
    fn by_decimals(max: Decimal, n: Decimal, d: Decimal, places: u32, mode: RoundMode) -> Option<Decimal> {
        Some(mode.apply(max.checked_mul(n)?.checked_div(d)?, places))
    }

    fn modes() -> impl Strategy<Value = RoundMode> {
        prop_oneof![Just(RoundMode::HalfUp), Just(RoundMode::HalfEven), Just(RoundMode::Down), Just(RoundMode::Up)]
    }

    fn same(max: Decimal, n: Decimal, d: Decimal, places: u32, mode: RoundMode) {
        if let Some(fast) = ratio_rounded(max, n, d, places, mode) {
            let slow = by_decimals(max, n, d, places, mode).expect("the decimal path scores it");
            assert_eq!(fast.to_string(), slow.to_string(), "{max}·{n}/{d} at {places} ({mode:?})");
        }
    }

    #[test]
    fn midpoints_and_exact_quotients_read_as_decimals_do() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 12.25/100 of 10 is 1.225: half up 1.23, half even 1.22, down 1.22, up 1.23.
        for (mode, want) in [
            (RoundMode::HalfUp, "1.23"),
            (RoundMode::HalfEven, "1.22"),
            (RoundMode::Down, "1.22"),
            (RoundMode::Up, "1.23"),
        ] {
            assert_eq!(ratio_rounded(d("10"), d("12.25"), d("100"), 2, mode).unwrap().to_string(), want);
        }
        for (max, n, den) in
            [("10", "50", "100"), ("10", "0", "7"), ("20", "1", "3"), ("10.5", "3", "4"), ("7", "0.00", "1")]
        {
            for places in [0, 1, 2, 3, 5] {
                same(d(max), d(n), d(den), places, RoundMode::HalfUp);
            }
        }
        assert_eq!(ratio_rounded(d("20"), d("1"), d("3"), 2, RoundMode::HalfUp), Some(d("6.67")));
        // Exact at the places kept, or zero: the decimal path decides.
        assert!(ratio_rounded(d("10"), d("50"), d("100"), 2, RoundMode::HalfUp).is_none());
        assert!(ratio_rounded(d("7"), d("0.00"), d("1"), 2, RoundMode::HalfUp).is_none());
        assert!(ratio_rounded(d("10"), d("5"), d("5"), 2, RoundMode::HalfUp).is_none(), "at target: not this path");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Value and scale equal the decimal path's, whatever the scales.
        #[test]
        fn agrees_with_decimal_division_then_rounding(
            max in 0i64..100_000, ms in 0u32..3,
            t in 1i64..10_000_000_000_000, ts in 0u32..6,
            frac in 0u32..1_000_000, ns in 0u32..6,
            places in 0u32..6, mode in modes(),
        ) {
            let (max, d) = (Decimal::new(max, ms), Decimal::new(t, ts));
            // n below d: a share of it at its own scale, truncated there.
            let n = (d * Decimal::new(frac as i64, 6)).trunc_with_scale(ns);
            if n < d {
                same(max, n, d, places, mode);
            }
        }

        /// Cells of a real sheet (two places, up to 10^10) with a maximum
        /// under 100 always take this path unless exact at the places kept.
        #[test]
        fn sheet_sized_cells_take_this_path(
            max in 1i64..100, t in 1i64..1_000_000_000_000, frac in 0u32..1_000_000, places in 0u32..4,
            mode in modes(),
        ) {
            let (max, d) = (Decimal::from(max), Decimal::new(t, 2));
            let n = (d * Decimal::new(frac as i64, 6)).trunc_with_scale(2);
            let exact = max * n / d;
            if n < d && exact.round_dp(places) != exact {
                prop_assert!(ratio_rounded(max, n, d, places, mode).is_some(), "{max}·{n}/{d} at {places}");
                same(max, n, d, places, mode);
            }
        }

        /// Small numbers hit exact quotients and midpoints often.
        #[test]
        fn agrees_on_small_exact_cases(
            max in 0i64..40, ms in 0u32..2, n in 0i64..200, ns in 0u32..3, t in 1i64..200, ts in 0u32..3,
            places in 0u32..4, mode in modes(),
        ) {
            let (max, n, d) = (Decimal::new(max, ms), Decimal::new(n, ns), Decimal::new(t, ts));
            if n < d {
                same(max, n, d, places, mode);
            }
        }
    }
}
