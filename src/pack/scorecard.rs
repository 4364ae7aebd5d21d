//! The scorecard model: a scoring sheet for the units of a cluster (see
//! docs/scorecards.md). Read by serde like the rest of a pack.

use super::model::decimal_from_yaml_float;
pub use super::num::{Num, ParameterNumbers};
use crate::location::Location;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

/// A Rhai expression, a column or parameter name, or a number written bare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprText(pub String);

impl<'de> Deserialize<'de> for ExprText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ExprText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a column, a number or a Rhai expression")
            }
            fn visit_i64<E>(self, n: i64) -> Result<ExprText, E> {
                Ok(ExprText(n.to_string()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<ExprText, E> {
                Ok(ExprText(n.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<ExprText, E> {
                decimal_from_yaml_float(n).map(|d| ExprText(d.to_string()))
            }
            fn visit_str<E>(self, s: &str) -> Result<ExprText, E> {
                Ok(ExprText(s.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundMode {
    #[default]
    HalfUp,
    HalfEven,
    Down,
    Up,
}

impl RoundMode {
    pub fn apply(self, d: Decimal, places: u32) -> Decimal {
        use rust_decimal::RoundingStrategy as S;
        let s = match self {
            RoundMode::HalfUp => S::MidpointAwayFromZero,
            RoundMode::HalfEven => S::MidpointNearestEven,
            RoundMode::Down => S::ToZero,
            RoundMode::Up => S::AwayFromZero,
        };
        d.round_dp_with_strategy(places, s)
    }
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    #[serde(default = "two")]
    pub places: u32,
    #[serde(default)]
    pub mode: RoundMode,
    /// Where points are rounded: each scored item (default), or the total
    /// only, items and groups kept exact as the plan computes them.
    #[serde(default)]
    pub at: RoundAt,
    /// Which points a band's per-criterion floor (`min_percent_each`) is
    /// checked on: as rounded (shown) or exact. Unsaid: the points the
    /// items add up as (`rounded` with `at: items`, `raw` with `at: total`).
    pub floors: Option<FloorPoints>,
}

/// The points a band's floor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FloorPoints {
    /// Each criterion's points rounded to the sheet's places, as shown.
    Rounded,
    /// The exact points, before rounding.
    Raw,
}

impl Rounding {
    /// The points floors are checked on, said or implied by `at`.
    pub fn floors_on(&self) -> FloorPoints {
        self.floors.unwrap_or(match self.at {
            RoundAt::Items => FloorPoints::Rounded,
            RoundAt::Total => FloorPoints::Raw,
        })
    }
}

/// The level a plan rounds points at. Rounding every item lifts a unit
/// whose exact total is 79,994 to 80,00; some plans round only the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundAt {
    /// Each item's points, before they are added up.
    #[default]
    Items,
    /// The total only: items and groups add up exactly; band floors are
    /// checked on the exact points.
    Total,
}

fn two() -> u32 {
    2
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding { places: 2, mode: RoundMode::HalfUp, at: RoundAt::Items, floors: None }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stages {
    pub column: String,
    pub order: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Target,
    TargetRelative,
    TargetLower,
    PassFail,
    Count,
    Deduction,
    Bands,
    Manual,
    Relative,
    Script,
}

impl Method {
    /// The method as a pack writes it.
    pub fn code(self) -> &'static str {
        match self {
            Method::Target => "target",
            Method::TargetRelative => "target_relative",
            Method::TargetLower => "target_lower",
            Method::PassFail => "pass_fail",
            Method::Count => "count",
            Method::Deduction => "deduction",
            Method::Bands => "bands",
            Method::Manual => "manual",
            Method::Relative => "relative",
            Method::Script => "script",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BonusKind {
    Bonus,
    Penalty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

/// `target_relative` when nobody in the cluster exceeds its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoLeader {
    /// Units at their target lead together: all of `max`.
    #[default]
    Full,
    /// Nobody leads: units at their target get `share × max`.
    Share,
}

/// What a leaf makes of an empty cell among its inputs, as the plan says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmptyCell {
    /// Refused with the cell's place: the sheet must be filled in.
    #[default]
    Error,
    /// Read as 0 ("không phát sinh").
    Zero,
}

/// `target` and `target_relative` for a unit whose target is 0. Such a unit
/// is never the leader, whatever the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ZeroTarget {
    /// As a unit exactly at its target: `share × max`, or all of `max`
    /// when nobody leads.
    #[default]
    AsMet,
    /// No points.
    Zero,
    /// All of `max` when the actual is above 0 ("did anything"), else 0.
    PassFail,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverTarget {
    pub per_percent: Num,
    pub cap: Num,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PointBand {
    pub from: Option<Num>,
    pub below: Option<Num>,
    pub points: Num,
}

/// A node of the criteria tree: a group (with `items`) or a scored leaf
/// (with `method`). Bonus and penalty items are leaves too.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// The criterion's code in a long-form results file (`long:`), when it
    /// differs from `id` (`"1.2.3"`, `KT-01`).
    pub code: Option<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub source: Option<String>,
    pub items: Option<Vec<Node>>,
    pub cap: Option<Num>,
    pub max: Option<Num>,
    pub method: Option<Method>,
    pub kind: Option<BonusKind>,
    pub actual: Option<ExprText>,
    pub target: Option<ExprText>,
    pub value: Option<ExprText>,
    pub when: Option<String>,
    pub script: Option<String>,
    pub file: Option<String>,
    pub bonus: Option<OverTarget>,
    pub share: Option<Num>,
    pub points_each: Option<Num>,
    pub bands: Option<Vec<PointBand>>,
    pub direction: Option<Direction>,
    /// `target_relative`: what a unit at or over its target gets when nobody
    /// in the cluster exceeds the target (default: all of `max`).
    pub no_leader: Option<NoLeader>,
    /// `target_relative`: what a unit whose target is 0 gets (default: as
    /// if it had met its target).
    pub zero_target: Option<ZeroTarget>,
    /// What an empty cell read by `actual`, `target` or `value` means
    /// (default: an error that names the cell).
    pub empty: Option<EmptyCell>,
    /// Where the node is, and its YAML path (to place errors in its fields).
    #[serde(skip)]
    pub loc: Location,
    #[serde(skip)]
    pub path: String,
    /// Where each expression field's text starts, for Rhai errors.
    #[serde(skip)]
    pub expr_locs: Vec<(&'static str, Location)>,
}

impl Node {
    pub fn expr_loc(&self, field: &str) -> Location {
        self.expr_locs.iter().find(|(f, _)| *f == field).map(|(_, l)| l.clone()).unwrap_or_else(|| self.loc.clone())
    }
}

impl Node {
    /// The code rows of a long-form results file give for this criterion.
    pub fn code(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.id)
    }
    pub fn is_group(&self) -> bool {
        self.items.is_some()
    }
    pub fn children(&self) -> &[Node] {
        self.items.as_deref().unwrap_or(&[])
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub id: String,
    pub text: String,
    pub text_en: Option<String>,
    pub source: Option<String>,
    pub when: String,
    #[serde(skip)]
    pub loc: Location,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub min_total: Option<Num>,
    /// `at_least` (default: "từ 90 điểm trở lên") or `above` ("trên 90 điểm").
    #[serde(default)]
    pub min_total_rule: Threshold,
    /// Every criterion at `floor_on` must reach this percentage of its maximum.
    pub min_percent_each: Option<Num>,
    /// Where `min_percent_each` applies: every scored item (default) or the
    /// top-level groups (I., II., …).
    #[serde(default)]
    pub floor_on: FloorOn,
}

/// The level of the criteria tree a band's per-criterion floor applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FloorOn {
    #[default]
    Items,
    Groups,
}

impl Band {
    /// Whether node `n` (a node of `sc`'s tree) is held to this band's floor.
    pub fn floors(&self, sc: &Scorecard, n: &Node) -> bool {
        match self.floor_on {
            FloorOn::Items => !n.is_group(),
            FloorOn::Groups => sc.groups.iter().any(|g| std::ptr::eq(g, n)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankStyle {
    /// 1, 2, 2, 4
    #[default]
    Competition,
    /// 1, 2, 2, 3
    Dense,
    /// 1, 2, 3, 4 (ties broken by the key)
    Ordinal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    Asc,
    #[default]
    Desc,
}

/// A tie-break: a node id (its points, higher first), `key`, or a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieBreak {
    Key,
    Node(String),
    Column { column: String, order: Order },
}

impl<'de> Deserialize<'de> for TieBreak {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        struct Col {
            column: String,
            #[serde(default)]
            order: Order,
        }
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = TieBreak;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`key`, a group or criterion id, or {column, order}")
            }
            fn visit_str<E>(self, s: &str) -> Result<TieBreak, E> {
                Ok(if s == "key" { TieBreak::Key } else { TieBreak::Node(s.to_string()) })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<TieBreak, A::Error> {
                let c = Col::deserialize(serde::de::value::MapAccessDeserializer::new(m))?;
                Ok(TieBreak::Column { column: c.column, order: c.order })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ranking {
    #[serde(default)]
    pub style: RankStyle,
    #[serde(default)]
    pub tie_break: Vec<TieBreak>,
    #[serde(default)]
    pub rank_disqualified: bool,
    /// Who gets a proposal's last places when units the tie-breaks cannot
    /// separate straddle its quota.
    #[serde(default)]
    pub ties: TiePolicy,
}

/// How a tie at a proposal's quota is settled. None is silent: the paper
/// says which was used, and the default leaves the choice to the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TiePolicy {
    /// Nobody of the tied units is proposed; the meeting decides (default).
    #[default]
    Meeting,
    /// Every tied unit is proposed, past the quota.
    All,
    /// The tied units' vote share decides (`votes:`); a tie of votes, or
    /// votes not given, goes to the meeting.
    Votes,
    /// The unit code decides, in its order: a convention the pack declares.
    Key,
}

/// Whether a vote share must be at least the threshold ("từ … trở lên") or
/// above it ("trên …").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    #[default]
    AtLeast,
    Above,
}

impl Threshold {
    /// Whether `have` meets `need` by this rule.
    pub fn met(self, have: Decimal, need: Decimal) -> bool {
        match self {
            Threshold::AtLeast => have >= need,
            Threshold::Above => have > need,
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RankRange {
    #[serde(default = "one")]
    pub from: u32,
    pub to: Option<u32>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub count: Option<u32>,
    pub percent: Option<Num>,
    #[serde(default = "down")]
    pub rounding: RoundMode,
    pub at_least: Option<u32>,
}

fn down() -> RoundMode {
    RoundMode::Down
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub award: String,
    pub name: String,
    pub name_en: Option<String>,
    pub source: Option<String>,
    pub decider: Option<String>,
    pub ranks: Option<RankRange>,
    pub min_total: Option<Num>,
    /// `at_least` (default) or `above`, as for `min_vote_rule`.
    #[serde(default)]
    pub min_total_rule: Threshold,
    #[serde(default)]
    pub bands: Vec<String>,
    pub min_vote_percent: Option<Num>,
    /// `at_least` (default: "từ 50% trở lên") or `above` ("trên 50%").
    #[serde(default)]
    pub min_vote_rule: Threshold,
    pub quota: Option<Quota>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    #[serde(rename = "for")]
    pub for_: String,
    pub of: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub dataset: String,
    pub group_by: Option<String>,
    /// What the plan calls a group of `group_by` ("Khối", "Cụm" by
    /// default), so that a paper reads "Khối 1", not "Cụm: khoi_1".
    pub group_word: Option<String>,
    pub group_word_en: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub rounding: Rounding,
    #[serde(default)]
    pub allow_over_max: bool,
    pub stages: Option<Stages>,
    pub groups: Vec<Node>,
    #[serde(default)]
    pub bonuses: Vec<Node>,
    #[serde(default)]
    pub disqualify: Vec<Gate>,
    #[serde(default)]
    pub bands: Vec<Band>,
    #[serde(default)]
    pub ranking: Ranking,
    #[serde(default)]
    pub proposals: Vec<Proposal>,
    pub votes: Option<Votes>,
    /// Further datasets with one row per unit (results kept apart from the
    /// unit details), matched by key; their columns read as the unit's own.
    #[serde(default)]
    pub join: Vec<String>,
    /// A dataset with one row per unit and criterion (the long form sheets
    /// are exported in); a criterion reads the row with its code.
    pub long: Option<LongForm>,
    #[serde(skip)]
    pub loc: Location,
}

impl Scorecard {
    /// A cluster as a paper names it: the value's words when the group
    /// column gives it words (an enum's label), else the pack's word for a
    /// group and the code ("Khối 1", "Cụm VI"); empty without `group_by`.
    pub fn cluster_name(&self, pack: &super::Pack, cluster: &str, lang: crate::i18n::Lang) -> String {
        let column = self.group_by.as_ref().and_then(|g| pack.datasets.get(&self.dataset)?.columns.get(g));
        if let Some(words) = column.map(|c| c.value_label(cluster, lang)).filter(|w| *w != cluster) {
            return words.to_string();
        }
        let word = match lang {
            crate::i18n::Lang::Vi => self.group_word.as_deref().unwrap_or("Cụm"),
            crate::i18n::Lang::En => self.group_word_en.as_deref().unwrap_or("Cluster"),
        };
        // A sheet that writes the word already ("Khối các xã") is not
        // given it twice.
        let fold = crate::ground::text::fold;
        if word.trim().is_empty() || fold(cluster).starts_with(&format!("{} ", fold(word.trim()))) {
            return cluster.to_string();
        }
        format!("{word} {cluster}")
    }
}

/// `long: { dataset: ket_qua, criterion: ma_tieu_chi }`
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LongForm {
    pub dataset: String,
    /// The column holding each row's criterion code.
    pub criterion: String,
}

impl Scorecard {
    /// Every node in document order (groups before their children), then bonuses.
    pub fn nodes(&self) -> Vec<&Node> {
        fn walk<'a>(n: &'a Node, out: &mut Vec<&'a Node>) {
            out.push(n);
            for c in n.children() {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        for g in self.groups.iter().chain(&self.bonuses) {
            walk(g, &mut out);
        }
        out
    }

    /// How many of [`Scorecard::nodes`] belong to the criteria tree; the
    /// bonus trees follow them.
    pub fn tree_len(&self) -> usize {
        fn count(n: &Node) -> usize {
            1 + n.children().iter().map(count).sum::<usize>()
        }
        self.groups.iter().map(count).sum()
    }

    /// A node's maximum: its own `max`, else its `cap`, else its children's sum.
    pub fn max_of(n: &Node) -> Decimal {
        if n.is_group() {
            let sum: Decimal = n.children().iter().map(Scorecard::max_of).sum();
            n.cap.map(|c| c.0.min(sum)).unwrap_or(sum)
        } else {
            n.max.map(|m| m.0).unwrap_or_default()
        }
    }

    /// The sheet's maximum: the sum of the top-level groups' maximums.
    pub fn max_total(&self) -> Decimal {
        self.groups.iter().map(Scorecard::max_of).sum()
    }
}
