//! Engagement rates named by their formula, from raw counts, per post and per period, and the
//! change between two rates in percentage points and relative terms.

use super::error::MetricsError;

/// The raw counts of one post (or one day, or any unit of content): the interactions by kind,
/// and the denominators where known (`None` when the platform does not report them).
///
/// ```
/// use otklik::metrics::{EngagementCounts, EngagementRate, InteractionSet};
///
/// let post = EngagementCounts {
///     reactions: 400,
///     shares: 100,
///     followers: Some(100_000),
///     ..EngagementCounts::default()
/// };
/// let rate = post.rate(EngagementRate::InteractionsPerFollowers, InteractionSet::ALL);
/// assert_eq!(rate, Some(0.5)); // %
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EngagementCounts {
    /// Likes and other reactions.
    pub reactions: u64,
    /// Comments.
    pub comments: u64,
    /// Shares, reposts, forwards.
    pub shares: u64,
    /// Saves, bookmarks.
    pub saves: u64,
    /// Poll votes.
    pub poll_votes: u64,
    /// Views (repeats counted; can exceed reach).
    pub views: Option<u64>,
    /// Reach: unique accounts that saw it.
    pub reach: Option<u64>,
    /// Followers or subscribers, at publication time where known.
    pub followers: Option<u64>,
}

impl EngagementCounts {
    /// The interactions counted by `set`, exactly (the sum of five `u64` can exceed `u64`).
    fn interactions_wide(&self, set: InteractionSet) -> u128 {
        [
            (set.reactions, self.reactions),
            (set.comments, self.comments),
            (set.shares, self.shares),
            (set.saves, self.saves),
            (set.poll_votes, self.poll_votes),
        ]
        .iter()
        .filter(|(counted, _)| *counted)
        .map(|&(_, count)| u128::from(count))
        .sum()
    }

    /// The interactions counted by `set` (saturating at `u64::MAX`, which no post reaches).
    ///
    /// ```
    /// use otklik::metrics::{EngagementCounts, InteractionSet};
    ///
    /// let post = EngagementCounts { reactions: 500, comments: 100, saves: 7, ..Default::default() };
    /// assert_eq!(post.interactions(InteractionSet::ALL), 607);
    /// let no_saves = InteractionSet { saves: false, ..InteractionSet::ALL };
    /// assert_eq!(post.interactions(no_saves), 600);
    /// ```
    pub fn interactions(&self, set: InteractionSet) -> u64 {
        u64::try_from(self.interactions_wide(set)).unwrap_or(u64::MAX)
    }

    /// The rate by `formula`, in %; `None` when the denominator is 0 or unknown (or, for
    /// [`EngagementRate::ViewsPerFollowers`], the views are unknown).
    ///
    /// ```
    /// use otklik::metrics::{EngagementCounts, EngagementRate, InteractionSet};
    ///
    /// let post = EngagementCounts { reactions: 500, comments: 100, views: Some(10_000), ..Default::default() };
    /// assert_eq!(post.rate(EngagementRate::InteractionsPerViews, InteractionSet::ALL), Some(6.0));
    /// assert_eq!(post.rate(EngagementRate::InteractionsPerReach, InteractionSet::ALL), None);
    /// ```
    pub fn rate(&self, formula: EngagementRate, set: InteractionSet) -> Option<f64> {
        let (numerator, denominator) = self.parts(formula, set)?;
        (denominator > 0).then(|| percent(numerator, denominator))
    }

    /// The numerator and denominator of `formula`, if both are known.
    fn parts(&self, formula: EngagementRate, set: InteractionSet) -> Option<(u128, u128)> {
        let interactions = self.interactions_wide(set);
        let (numerator, denominator) = match formula {
            EngagementRate::InteractionsPerReach => (interactions, self.reach?),
            EngagementRate::InteractionsPerViews => (interactions, self.views?),
            EngagementRate::InteractionsPerFollowers => (interactions, self.followers?),
            EngagementRate::ViewsPerFollowers => (u128::from(self.views?), self.followers?),
        };
        Some((numerator, u128::from(denominator)))
    }
}

/// Which interactions count (all by default); tools differ, so say which.
///
/// ```
/// use otklik::metrics::InteractionSet;
///
/// // Popsters' ER: likes + shares + comments.
/// let popsters = InteractionSet { saves: false, poll_votes: false, ..InteractionSet::ALL };
/// assert!(popsters.reactions && !popsters.saves);
/// assert_eq!(InteractionSet::default(), InteractionSet::ALL);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InteractionSet {
    /// Count reactions.
    pub reactions: bool,
    /// Count comments.
    pub comments: bool,
    /// Count shares.
    pub shares: bool,
    /// Count saves.
    pub saves: bool,
    /// Count poll votes.
    pub poll_votes: bool,
}

impl InteractionSet {
    /// Every kind of interaction.
    ///
    /// ```
    /// use otklik::metrics::{EngagementCounts, InteractionSet};
    ///
    /// let post = EngagementCounts { reactions: 40, comments: 5, shares: 5, saves: 20, poll_votes: 30, ..Default::default() };
    /// assert_eq!(post.interactions(InteractionSet::ALL), 100);
    /// ```
    pub const ALL: InteractionSet = InteractionSet {
        reactions: true,
        comments: true,
        shares: true,
        saves: true,
        poll_votes: true,
    };
}

impl Default for InteractionSet {
    /// [`InteractionSet::ALL`].
    fn default() -> InteractionSet {
        InteractionSet::ALL
    }
}

/// An engagement rate, named by its formula because the acronyms mean different things in
/// different tools ("ERR" is interactions / reach in SMM tools, views / subscribers in
/// TGStat, interactions / views in Telagon).
///
/// ```
/// use otklik::metrics::EngagementRate;
///
/// assert_eq!(EngagementRate::ViewsPerFollowers.as_str(), "views_per_followers");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EngagementRate {
    /// Interactions / reach × 100 (SMM "ERR", "ER by reach").
    InteractionsPerReach,
    /// Interactions / views × 100 (Popsters "ERview", TGStat "ER").
    InteractionsPerViews,
    /// Interactions / followers × 100 (Popsters "ERpost", LiveDune "ER", Telagon "ER").
    InteractionsPerFollowers,
    /// Views / followers × 100 (TGStat "ERR": the share of subscribers who see a post).
    ViewsPerFollowers,
}

impl EngagementRate {
    /// A stable snake_case name: `interactions_per_reach`, `interactions_per_views`,
    /// `interactions_per_followers`, `views_per_followers`.
    ///
    /// ```
    /// use otklik::metrics::EngagementRate;
    ///
    /// assert_eq!(EngagementRate::InteractionsPerReach.as_str(), "interactions_per_reach");
    /// assert_eq!(EngagementRate::InteractionsPerViews.as_str(), "interactions_per_views");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EngagementRate::InteractionsPerReach => "interactions_per_reach",
            EngagementRate::InteractionsPerViews => "interactions_per_views",
            EngagementRate::InteractionsPerFollowers => "interactions_per_followers",
            EngagementRate::ViewsPerFollowers => "views_per_followers",
        }
    }
}

/// A rate over a period (many posts or days), both ways: they differ, and tools pick one
/// without saying.
///
/// ```
/// use otklik::metrics::{period_rate, EngagementCounts, EngagementRate, InteractionSet};
///
/// let posts = [
///     EngagementCounts { reactions: 10, views: Some(100), ..Default::default() },
///     EngagementCounts { reactions: 10, views: Some(1000), ..Default::default() },
/// ];
/// let r = period_rate(&posts, EngagementRate::InteractionsPerViews, InteractionSet::ALL);
/// assert_eq!(r.mean_of_ratios, Some(5.5)); // (10 % + 1 %) / 2
/// assert!((r.ratio_of_sums.unwrap() - 1.818_181_818_181_818).abs() < 1e-12); // 20 / 1100
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PeriodRate {
    /// Σ numerators / Σ denominators × 100 over the posts where both are known: each view
    /// (or follower, reach) weighs the same, so big posts dominate. `None` if the
    /// denominators sum to 0.
    pub ratio_of_sums: Option<f64>,
    /// The mean of the per-post rates over the posts where the rate is defined: each post
    /// weighs the same. `None` if there is none.
    pub mean_of_ratios: Option<f64>,
    /// The posts that went into `ratio_of_sums`.
    pub posts_in_sum: u64,
    /// The posts that went into `mean_of_ratios` (those with a denominator above 0).
    pub posts_in_mean: u64,
}

/// The rate of a period by `formula`, as a ratio of sums and as a mean of ratios. Posts with an
/// unknown denominator are left out of both; posts with a denominator of 0 are left out of the
/// mean (their rate is undefined).
///
/// ```
/// use otklik::metrics::{period_rate, EngagementCounts, EngagementRate, InteractionSet};
///
/// // LiveDune: 10 posts, 100 likes and 20 comments in all, 300 followers: ER 4 %.
/// let mut posts = vec![EngagementCounts { reactions: 10, comments: 2, followers: Some(300), ..Default::default() }; 10];
/// posts.push(EngagementCounts { reactions: 5, ..Default::default() }); // followers unknown: left out
/// let r = period_rate(&posts, EngagementRate::InteractionsPerFollowers, InteractionSet::ALL);
/// assert_eq!((r.ratio_of_sums, r.mean_of_ratios, r.posts_in_sum), (Some(4.0), Some(4.0), 10));
/// ```
pub fn period_rate(
    posts: &[EngagementCounts],
    formula: EngagementRate,
    set: InteractionSet,
) -> PeriodRate {
    let mut numerators = 0u128;
    let mut denominators = 0u128;
    let mut posts_in_sum = 0u64;
    let mut rates = 0.0f64;
    let mut posts_in_mean = 0u64;
    for post in posts {
        let Some((numerator, denominator)) = post.parts(formula, set) else {
            continue;
        };
        // Each is below 2^67 and there are fewer than 2^61 posts: no overflow.
        numerators += numerator;
        denominators += denominator;
        posts_in_sum += 1;
        if denominator > 0 {
            rates += percent(numerator, denominator);
            posts_in_mean += 1;
        }
    }
    PeriodRate {
        ratio_of_sums: (denominators > 0).then(|| percent(numerators, denominators)),
        mean_of_ratios: (posts_in_mean > 0).then(|| rates / posts_in_mean as f64),
        posts_in_sum,
        posts_in_mean,
    }
}

fn percent(numerator: u128, denominator: u128) -> f64 {
    100.0 * (numerator as f64 / denominator as f64)
}

/// A change between two rates, both ways.
///
/// ```
/// use otklik::metrics::{change, round_half_away_from_zero};
///
/// let c = change(2.71, 3.42)?;
/// assert_eq!(round_half_away_from_zero(c.points, 2), 0.71);
/// assert_eq!(round_half_away_from_zero(c.relative.unwrap(), 1), 26.2);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    /// `after − before`, in percentage points.
    pub points: f64,
    /// `(after − before) / before × 100`, in %; `None` when `before` is 0, or when the ratio
    /// overflows an `f64` (from 1e-310 to 1, say), rather than an infinity.
    pub relative: Option<f64>,
}

/// The change from rate `before` to rate `after` (both in %, or any non-negative quantity): in
/// percentage points and relative. Report both: 2.71 % → 3.42 % is +0.71 pp and +26.2 %.
///
/// The rates must be finite and non-negative. For an NPS use only the difference in points
/// ([`Comparison::difference`](super::Comparison::difference)): a relative change of a signed
/// index is meaningless (undefined at 0, its sign flipping below it).
///
/// ```
/// use otklik::metrics::change;
///
/// assert_eq!(change(3.0, 5.0)?.points, 2.0);
/// assert!((change(3.0, 5.0)?.relative.unwrap() - 66.666_666_666_666_67).abs() < 1e-12);
/// assert_eq!(change(0.0, 1.0)?.relative, None);
/// assert_eq!(change(0.0, 0.0)?.relative, None);
/// assert!(change(-1.0, 1.0).is_err());
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn change(before: f64, after: f64) -> Result<Change, MetricsError> {
    for (name, rate) in [("before", before), ("after", after)] {
        if !rate.is_finite() || rate < 0.0 {
            return Err(MetricsError::invalid(format!(
                "rate {name} {rate} is not a finite non-negative number"
            ))
            .with_value(rate));
        }
    }
    let points = after - before;
    // A `before` so small that the ratio overflows (5e-324 → 1) has no usable relative change.
    let relative = (points / before * 100.0)
        .is_finite()
        .then(|| points / before * 100.0);
    Ok(Change { points, relative })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_examples() {
        // TGStat ERR: 20 000 subscribers, 8 000 views → 40 %.
        let channel = EngagementCounts {
            views: Some(8_000),
            followers: Some(20_000),
            ..Default::default()
        };
        assert_eq!(
            channel.rate(EngagementRate::ViewsPerFollowers, InteractionSet::ALL),
            Some(40.0)
        );
        // calculatorlib: 500 interactions / 10 000 reach → 5 %.
        let post = EngagementCounts {
            reactions: 500,
            reach: Some(10_000),
            ..Default::default()
        };
        assert_eq!(
            post.rate(EngagementRate::InteractionsPerReach, InteractionSet::ALL),
            Some(5.0)
        );
    }

    #[test]
    fn zero_and_unknown_denominators() {
        let post = EngagementCounts {
            reactions: 3,
            views: Some(0),
            ..Default::default()
        };
        assert_eq!(
            post.rate(EngagementRate::InteractionsPerViews, InteractionSet::ALL),
            None
        );
        let r = period_rate(
            &[post],
            EngagementRate::InteractionsPerViews,
            InteractionSet::ALL,
        );
        assert_eq!(
            (
                r.ratio_of_sums,
                r.mean_of_ratios,
                r.posts_in_sum,
                r.posts_in_mean
            ),
            (None, None, 1, 0)
        );
        let r = period_rate(
            &[],
            EngagementRate::InteractionsPerViews,
            InteractionSet::ALL,
        );
        assert_eq!((r.ratio_of_sums, r.mean_of_ratios), (None, None));
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        let post = EngagementCounts {
            reactions: u64::MAX,
            comments: u64::MAX,
            shares: u64::MAX,
            saves: u64::MAX,
            poll_votes: u64::MAX,
            views: Some(u64::MAX),
            reach: Some(u64::MAX),
            followers: Some(u64::MAX),
        };
        assert_eq!(post.interactions(InteractionSet::ALL), u64::MAX);
        assert_eq!(
            post.rate(EngagementRate::InteractionsPerViews, InteractionSet::ALL),
            Some(500.0)
        );
        let r = period_rate(
            &[post; 3],
            EngagementRate::InteractionsPerReach,
            InteractionSet::ALL,
        );
        assert_eq!(r.ratio_of_sums, Some(500.0));
    }

    #[test]
    fn change_rejects_bad_rates() {
        for (before, after) in [(f64::NAN, 1.0), (1.0, f64::INFINITY), (1.0, -0.5)] {
            assert!(change(before, after).is_err());
        }
        let c = change(4.0, 3.0).unwrap();
        assert_eq!((c.points, c.relative), (-1.0, Some(-25.0)));
    }
}
