//! Decision traces as JSON Lines: one line per decision, with its inputs.

use crate::eval::score::ScoreOutcome;
use crate::eval::{CriterionStatus, Outcome};
use crate::i18n::Lang;
use crate::pack::Pack;
use serde_json::json;

fn line(v: serde_json::Value, out: &mut String) {
    out.push_str(&serde_json::to_string(&v).unwrap_or_default());
    out.push('\n');
}

fn inputs(list: &[(String, crate::data::Value)]) -> serde_json::Map<String, serde_json::Value> {
    list.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()
}

/// Every criterion decided for every subject, then the award decision.
pub fn check(pack: &Pack, outcome: &Outcome, lang: Lang) -> String {
    let mut out = String::new();
    for r in &outcome.results {
        let award = &pack.awards[r.award];
        for c in &r.criteria {
            let spec = &award.criteria[c.index];
            line(
                json!({
                    "decision": "criterion",
                    "subject": r.key.to_json(),
                    "award": award.id,
                    "criterion": spec.id,
                    "source": spec.source,
                    "condition": spec.condition,
                    "status": match c.status {
                        CriterionStatus::Passed => "passed",
                        CriterionStatus::Failed => "failed",
                        CriterionStatus::NotApplicable => "not_applicable",
                        CriterionStatus::NotInForce => "not_in_force",
                    },
                    "inputs": inputs(&c.inputs),
                    "computed": c.computed.iter().map(|f| crate::report::reason::computed_json(f, &crate::report::words::Words::new(pack, r.dataset, lang))).collect::<Vec<_>>(),
                    "reason": (c.status == CriterionStatus::Failed).then(|| crate::report::vocab::why_failed(&crate::report::words::Words::new(pack, r.dataset, lang), c)),
                }),
                &mut out,
            );
        }
        line(
            json!({
                "decision": "award",
                "subject": r.key.to_json(),
                "award": award.id,
                "requires": r.requires.iter().map(|(a, m)| json!({"award": a, "met": m})).collect::<Vec<_>>(),
                "eligible": r.eligible,
                "values": inputs(&r.values),
                "quota": r.quota.as_ref().map(|q| json!({
                    "group": q.group, "allowed": q.allowed, "base": q.base,
                    "rank": q.rank, "candidates": q.candidates, "cut": r.over_quota.is_some(),
                })),
                "failed": r.failed_ids(pack),
            }),
            &mut out,
        );
    }
    out
}

/// Every node's points for every unit and stage, then the unit's standing.
pub fn score(pack: &Pack, outcome: &ScoreOutcome) -> String {
    let sc = &pack.scorecards[outcome.scorecard];
    let nodes = sc.nodes();
    let num = crate::report::score::num;
    let mut out = String::new();
    for st in &outcome.stages {
        for u in &st.units {
            for (i, n) in nodes.iter().enumerate() {
                line(
                    json!({
                        "decision": "points",
                        "stage": st.stage,
                        "cluster": u.cluster,
                        "unit": u.key.to_json(),
                        "node": n.id,
                        "points": num(u.points[i]),
                        "inputs": inputs(&u.inputs[i]),
                    }),
                    &mut out,
                );
            }
            line(
                json!({
                    "decision": "unit",
                    "stage": st.stage,
                    "cluster": u.cluster,
                    "unit": u.key.to_json(),
                    "total": num(u.total),
                    "disqualified_by": u.disqualified.iter().map(|&g| sc.disqualify[g].id.clone()).collect::<Vec<_>>(),
                    "band": u.band.map(|b| sc.bands[b].id.clone()),
                    "rank": u.rank,
                    "award": u.proposal.map(|p| sc.proposals[p].award.clone()),
                }),
                &mut out,
            );
        }
        for l in &st.leaders {
            line(
                json!({
                    "decision": "leader",
                    "stage": st.stage,
                    "cluster": l.cluster,
                    "node": nodes[l.node].id,
                    "best": num(l.best),
                    "units": l.units.iter().map(|k| k.to_json()).collect::<Vec<_>>(),
                }),
                &mut out,
            );
        }
    }
    out
}
